// program_protos.cpp: see program_protos.h.
#include "aot/program_protos.h"

#include <string_view>
#include <unordered_set>

#include "actor/actor_natives.h"
#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/name.h"
#include "core/object.h"
#include "lib/stdlib.h"

namespace batuta::aot {

namespace {

// The functions whose calls at the top level set up namespaces; what
// `(ns ...)` expands to is a do of these.
constexpr std::string_view kNamespaceFunctions[] = {"in-ns", "require", "alias"};

// A symbol's name without a batuta.core/ qualifier (`fn` and
// `batuta.core/fn` name the same thing).
bool names(const Value& v, std::string_view name) {
  if (!v.is_symbol()) return false;
  std::string_view text = name_text(v);
  constexpr std::string_view kCore = "batuta.core/";
  if (text.substr(0, kCore.size()) == kCore) text.remove_prefix(kCore.size());
  return text == name;
}

// The elements of a code form: a list, or a lazy seq (a macro built it
// with syntax-quote, `(seq (concat ...))`), which the analyzer reads as
// the list of its elements too. Empty for anything else.
std::vector<Value> code_items(const Value& form) {
  std::vector<Value> items;
  if (!is_cons(form) && !is_lazy_seq(form)) return items;
  LazyWalker walk(form, hook_runner());
  Value x;
  while (walk.next(x)) items.push_back(std::move(x));
  return items;
}

bool is_fn_literal(const Value& form) {
  std::vector<Value> items = code_items(form);
  return !items.empty() && (names(items[0], "fn") || names(items[0], "fn*"));
}

// A form that evaluates to itself and runs nothing: nil, a boolean, a
// keyword, a character, a number held in the word (collections may hold
// calls, so they are code).
bool is_literal(const Value& form) {
  return form.is_nil() || form.is_bool() || form.is_keyword() || form.is_char() || form.is_fixnum() ||
         form.is_double();
}

class ProtoCollector final : public ToplevelObserver {
 public:
  bool before_run(const Value& expansion, const Value& closure) override {
    collect(object_as<const Closure>(closure)->proto_value);
    return runs_at_compile_time(expansion);
  }

  ProgramProtos take() { return std::move(found_); }

 private:
  void collect(const Value& proto_value) {
    const Proto* proto = object_as<const Proto>(proto_value);
    if (!seen_.insert(proto).second) return;
    found_.protos.push_back(proto_value);
    for (const Value& c : proto->constants) {
      if (is_kind(c, Kind::Proto)) collect(c);
      else if (is_kind(c, Kind::Closure)) collect(object_as<const Closure>(c)->proto_value);
    }
    for (const Value& overload : proto->overloads) collect(overload);
  }

  std::unordered_set<const Proto*> seen_;
  ProgramProtos found_;
};

// The embedded files that load on first use, of every table the runtime
// registers (cli_common.cpp boot_or_report).
template <typename Visit>
void for_each_lazy_embedded_file(Visit visit) {
  for (std::span<const EmbeddedSource> table : {embedded_stdlib(), embedded_actor_library()}) {
    for (const EmbeddedSource& file : table) {
      if (file.trigger != LoadTrigger::Boot) visit(file);
    }
  }
}

}  // namespace

std::vector<const Proto*> ProgramProtos::pointers() const {
  std::vector<const Proto*> out;
  out.reserve(protos.size());
  for (const Value& p : protos) out.push_back(object_as<const Proto>(p));
  return out;
}

bool runs_at_compile_time(const Value& expansion) {
  std::vector<Value> items = code_items(expansion);
  if (items.empty()) return false;
  const Value& head = items[0];
  // (def name init), (def name "doc" init), (def* name meta init).
  if (names(head, "def") || names(head, "def*")) {
    return (items.size() == 3 || items.size() == 4) && is_fn_literal(items.back());
  }
  for (std::string_view f : kNamespaceFunctions) {
    if (names(head, f)) return true;
  }
  // A do the compiler runs as one form (a macro's syntax-quoted expansion,
  // `ns`'s among them: only a list is split form by form) runs when all it
  // does is what runs at compile time.
  if (names(head, "do")) {
    for (size_t i = 1; i < items.size(); ++i) {
      if (!is_literal(items[i]) && !runs_at_compile_time(items[i])) return false;
    }
    return true;
  }
  return false;
}

Result<ProgramProtos> compile_program_protos(std::string_view text, const std::string& path, EvalError* error) {
  std::unordered_set<std::string_view> loaded_before;
  for_each_lazy_embedded_file([&](const EmbeddedSource& file) {
    if (embedded_file_loaded(file.path)) loaded_before.insert(file.path);
  });
  Session session;
  ProtoCollector collector;
  auto compiled = session.eval_program(text, path, error, &collector);
  if (!compiled) return compiled.take_error();
  ProgramProtos out = collector.take();
  for_each_lazy_embedded_file([&](const EmbeddedSource& file) {
    if (loaded_before.count(file.path) != 0 || !embedded_file_loaded(file.path)) return;
    std::string ns(file.ns);
    for (const std::string& seen : out.loaded_namespaces) {
      if (seen == ns) return;
    }
    out.loaded_namespaces.push_back(std::move(ns));
  });
  return out;
}

}  // namespace batuta::aot
