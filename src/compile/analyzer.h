// analyzer.h: macro-expanded forms to IR (ir.h). Internal to the compile
// layer; compiler.h is the surface.
//
// The analyzer resolves every symbol (a local of an enclosing scope, a var,
// or an error naming the symbol and its position), expands macros as it
// meets them, checks the special forms' shapes, and records captures: when
// a function refers to a local of an enclosing function, that local is
// added to the capture list of every function in between.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compile/compiler.h"
#include "compile/ir.h"
#include "core/source_pos.h"

namespace batuta {

class Analyzer {
 public:
  Analyzer(ir::Arena& arena, const CompileEnv& env) : arena_(arena), env_(env) {}

  // The top-level form as the body of a function of no arguments.
  Result<ir::Fn*> analyze_toplevel(const Value& form);

  // Macro expansion (also used by compiler.cpp's macroexpand_1).
  // `expanded` is false when the head is not a macro.
  Result<Value> expand_once(const Value& form, SourcePos pos, bool& expanded);
  // A local of the scope being expanded in, or a resolvable var
  // (ExpandContext::is_bound).
  bool is_bound_here(const Value& sym);
  bool is_local_here(const Value& sym);

  // A positioned error: "file:line:column: message".
  Error error_at(SourcePos pos, const std::string& message) const;
  SourcePos position_of(const Value& form, SourcePos fallback) const;

 private:
  struct Scope {
    Scope* parent = nullptr;
    std::vector<std::pair<const void*, ir::Local*>> names;  // Name* -> local
    ir::Fn* fn = nullptr;                                   // owner of the locals bound here
    // The recur target in effect here (innermost loop or fn arity).
    ir::Let* loop = nullptr;
    ir::FnArity* arity = nullptr;
    size_t recur_arity = 0;  // number of values recur must give
  };

  Result<ir::Node*> analyze(const Value& form, Scope& scope, bool tail, SourcePos pos);
  Result<ir::Node*> analyze_symbol(const Value& sym, Scope& scope, SourcePos pos);
  Result<ir::Node*> analyze_list(const Value& form, Scope& scope, bool tail, SourcePos pos);
  Result<ir::Node*> analyze_collection(const Value& form, Scope& scope, SourcePos pos);
  Result<ir::Node*> analyze_body(const Value& forms_list, Scope& scope, bool tail, SourcePos pos);
  Result<ir::Node*> analyze_call(const Value& form, Scope& scope, SourcePos pos);

  Result<ir::Node*> analyze_if(const Value& form, Scope& scope, bool tail, SourcePos pos);
  Result<ir::Node*> analyze_let(const Value& form, Scope& scope, bool tail, SourcePos pos, bool is_loop);
  Result<ir::Node*> analyze_recur(const Value& form, Scope& scope, bool tail, SourcePos pos);
  // `target`: a Fn made in advance (letfn members), else a new one.
  Result<ir::Node*> analyze_fn(const Value& form, Scope& scope, SourcePos pos, const std::string& def_name,
                               ir::LetFn* group, ir::Fn* target = nullptr);
  Result<ir::FnArity*> analyze_arity(const Value& params, const Value& body, ir::Fn* fn, Scope& fn_scope,
                                     SourcePos pos);
  Result<ir::Node*> analyze_letfn(const Value& form, Scope& scope, bool tail, SourcePos pos);
  Result<ir::Node*> analyze_def(const Value& form, Scope& scope, SourcePos pos, bool with_meta);
  Result<ir::Node*> analyze_intrinsic(const Value& head, const Value& form, Scope& scope, SourcePos pos,
                                      bool& handled);

  ir::Local* lookup_local(const Value& sym, Scope& scope);
  void capture(ir::Local* local, ir::Fn* from);
  static void bind(Scope& scope, const Value& sym, ir::Local* local);

  Result<Value> call_macro(Var* macro, const Value& form, SourcePos pos);

  // The name of the batuta.core var or core macro `sym` resolves to in
  // `scope`, or "" (a local, a user's var, nothing).
  std::string_view core_name(const Value& sym, Scope& scope);
  // (reduce ...) over a literal pipeline as one loop (fuse_sequences.h).
  class FusionSite;
  Result<ir::Node*> analyze_reduce(const Value& form, Scope& scope, bool tail, SourcePos pos);

  ir::Arena& arena_;
  const CompileEnv& env_;
  std::vector<std::unique_ptr<Scope>> scopes_;
  // The position of the innermost form that had one: expansions of macros
  // are not in the source map and inherit it.
  SourcePos last_pos_;
  // The scope of the list analyze_list is expanding (nullptr outside it,
  // e.g. for macroexpand): what is_bound_here looks locals up in.
  Scope* expansion_scope_ = nullptr;
};

}  // namespace batuta
