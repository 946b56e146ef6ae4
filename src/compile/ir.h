// ir.h: the compiler's intermediate representation (docs/internals/ir.md).
//
// The analyzer turns one macro-expanded top-level form into a tree of
// Nodes; the optimizer folds constants and drops dead branches in place;
// the emitter walks the tree into register bytecode. The type checker and
// the C++ generator will read the same tree, so it records meaning, not
// registers: every name is already resolved (a Local, a Var or a
// constant), every node has its source position, and each Fn knows which
// outer Locals it captures.
//
// Ownership: nodes live in an Arena for one compilation and point at one
// another with plain pointers. Values inside nodes (constants, vars) are
// owned by the node.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/source_pos.h"
#include "core/value.h"
#include "vm/opcodes.h"

namespace batuta {

struct Var;

namespace ir {

// The node kinds, declared once; docs/internals/ir.md describes each.
#define BATUTA_IR_NODES(X) \
  X(Const)                 \
  X(LocalRef)              \
  X(VarRef)                \
  X(If)                    \
  X(Do)                    \
  X(Let)                   \
  X(Recur)                 \
  X(Fn)                    \
  X(LetFn)                 \
  X(Call)                  \
  X(Intrinsic)             \
  X(Def)                   \
  X(Return)

enum class NodeKind : uint8_t {
#define BATUTA_IR_KIND(name) name,
  BATUTA_IR_NODES(BATUTA_IR_KIND)
#undef BATUTA_IR_KIND
};

const char* node_kind_name(NodeKind k);

struct Fn;
struct Let;
struct LetFn;
struct FnArity;

// A name bound by fn parameters, let, loop or letfn. The owner is the
// function whose frame holds it; other functions reach it by capture.
struct Local {
  Value name;       // the symbol, for messages and the disassembler
  uint32_t id;      // unique within the compilation
  Fn* owner;        // nullptr: the top-level form's own frame
  // How the local gets its value when it is not bound by a binding form:
  // Self: the running closure (a named fn referring to itself);
  // Sibling: a letfn sibling made from the running closure's captures.
  enum class Origin : uint8_t { Bound, Self, Sibling } origin = Origin::Bound;
  Fn* sibling = nullptr;  // for Origin::Sibling
  bool used = false;      // referred to somewhere (prologue locals are made only then)
};

struct Node {
  NodeKind kind;
  SourcePos pos;
  explicit Node(NodeKind k, SourcePos p) : kind(k), pos(p) {}
  virtual ~Node() = default;
};

struct Const : Node {
  Value value;
  Const(SourcePos p, Value v) : Node(NodeKind::Const, p), value(std::move(v)) {}
};

struct LocalRef : Node {
  Local* local;
  LocalRef(SourcePos p, Local* l) : Node(NodeKind::LocalRef, p), local(l) {}
};

// The current value of a global (read at each evaluation: redefinition is
// seen at once).
struct VarRef : Node {
  Var* var;
  VarRef(SourcePos p, Var* v) : Node(NodeKind::VarRef, p), var(v) {}
};

struct If : Node {
  Node* test;
  Node* then;
  Node* otherwise;  // a Const nil when the form had no else
  If(SourcePos p, Node* t, Node* a, Node* b) : Node(NodeKind::If, p), test(t), then(a), otherwise(b) {}
};

// Evaluates every node in order; the value is the last one's (nil when empty).
struct Do : Node {
  std::vector<Node*> body;
  explicit Do(SourcePos p) : Node(NodeKind::Do, p) {}
};

// let* (is_loop false) or loop* (true: the target of the recurs inside).
struct Let : Node {
  struct Binding {
    Local* local;
    Node* init;
  };
  std::vector<Binding> bindings;
  Node* body = nullptr;
  bool is_loop;
  Let(SourcePos p, bool loop) : Node(NodeKind::Let, p), is_loop(loop) {}
};

// Jumps back to the innermost loop (loop set) or function arity (arity
// set) with new values for its bindings. Always in tail position.
struct Recur : Node {
  std::vector<Node*> args;
  Let* loop = nullptr;
  FnArity* arity = nullptr;
  explicit Recur(SourcePos p) : Node(NodeKind::Recur, p) {}
};

struct FnArity {
  std::vector<Local*> params;
  Local* rest = nullptr;  // `& rest`
  Node* body = nullptr;
  SourcePos pos;
};

struct Fn : Node {
  std::string name;  // "fib", or "fn" when anonymous
  Fn* parent;        // the enclosing function; nullptr at top level
  std::vector<FnArity*> arities;
  // The outer locals this function's closures copy, in capture order. The
  // members of one letfn share their group's list (see LetFn).
  std::vector<Local*>* captures;
  std::vector<Local*> own_captures;
  // Locals filled at entry: the function itself, letfn siblings.
  std::vector<Local*> prologue;
  LetFn* group = nullptr;
  Fn(SourcePos p, Fn* parent_fn) : Node(NodeKind::Fn, p), parent(parent_fn), captures(&own_captures) {}
};

// letfn*: functions that may call one another. They share one capture
// list, so each can make its siblings from its own captured values
// (ClosureShared) and no closure ever references another: no cycle.
struct LetFn : Node {
  std::vector<Local*> names;
  std::vector<Fn*> fns;
  std::vector<Local*> shared_captures;
  Node* body = nullptr;
  explicit LetFn(SourcePos p) : Node(NodeKind::LetFn, p) {}
};

struct Call : Node {
  Node* fn;
  std::vector<Node*> args;
  Call(SourcePos p, Node* f) : Node(NodeKind::Call, p), fn(f) {}
};

// A two-operand core function compiled to one instruction (`+` -> Add).
// `(> a b)` is Lt with the operands swapped, so a and b are evaluated in
// source order and then given to the instruction as (b, a).
struct Intrinsic : Node {
  Op op;
  Node* a;
  Node* b;
  bool swapped = false;
  Intrinsic(SourcePos p, Op o, Node* x, Node* y) : Node(NodeKind::Intrinsic, p), op(o), a(x), b(y) {}
};

// def: sets the var's root (when init is present); the value is the var.
struct Def : Node {
  Var* var;
  Node* init;  // nullptr: `(def x)` only interns the var
  Def(SourcePos p, Var* v, Node* i) : Node(NodeKind::Def, p), var(v), init(i) {}
};

// return*: leaves the enclosing function at once with the value (what the
// one-argument `?` expands to). Valid anywhere, not only in tail position;
// the code after it in the same function is not reached.
struct Return : Node {
  Node* value;
  Return(SourcePos p, Node* v) : Node(NodeKind::Return, p), value(v) {}
};

// Owns every node and local of one compilation.
class Arena {
 public:
  template <class T, class... Args>
  T* make(Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = node.get();
    nodes_.push_back(std::move(node));
    return raw;
  }
  Local* local(Value name, Fn* owner) {
    locals_.push_back(std::make_unique<Local>(Local{std::move(name), next_id_++, owner}));
    return locals_.back().get();
  }
  FnArity* arity() {
    arities_.push_back(std::make_unique<FnArity>());
    return arities_.back().get();
  }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Local>> locals_;
  std::vector<std::unique_ptr<FnArity>> arities_;
  uint32_t next_id_ = 0;
};

// The IR as an S-expression-like text, for tests and `batuta` debugging:
// (let [x#0 (const 1)] (intrinsic add (local x#0) (const 2))).
std::string dump(const Node* node);

}  // namespace ir
}  // namespace batuta
