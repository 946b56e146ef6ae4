// optimize.cpp: the IR passes that run before emission (optimize.h).
//
// Constant folding: an intrinsic whose operands are both constants is
// computed now, unless computing it fails (`(+ 1 "a")`): then it stays,
// so the program still fails at run time with the usual message and
// position. Dead branches: an `if` whose test is a constant keeps only the
// branch taken. A `do` drops statements that have no effect (constants and
// local references). Folding runs bottom-up, so `(if (< 1 2) a b)` is `a`.
#include "compile/optimize.h"

#include "core/equality.h"
#include "core/number.h"

namespace batuta {

namespace {

using ir::Node;
using ir::NodeKind;

bool fold_intrinsic(ir::Intrinsic* n, Value& out) {
  if (n->a->kind != NodeKind::Const || n->b->kind != NodeKind::Const) return false;
  Value a = static_cast<ir::Const*>(n->a)->value;
  Value b = static_cast<ir::Const*>(n->b)->value;
  if (n->swapped) std::swap(a, b);
  switch (n->op) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul: {
      if (!is_number(a) || !is_number(b)) return false;
      Result<Value> r = n->op == Op::Add ? add(a, b) : n->op == Op::Sub ? subtract(a, b) : multiply(a, b);
      if (!r) return false;
      out = std::move(r.value());
      return true;
    }
    case Op::Lt:
    case Op::Le: {
      if (!is_number(a) || !is_number(b)) return false;
      if ((a.is_double() && a.as_double() != a.as_double()) || (b.is_double() && b.as_double() != b.as_double())) {
        out = Value::boolean(false);
        return true;
      }
      int c = compare_numbers(a, b);
      out = Value::boolean(n->op == Op::Lt ? c < 0 : c <= 0);
      return true;
    }
    case Op::Eq:
      out = Value::boolean(equals(a, b));
      return true;
    default:
      return false;
  }
}

}  // namespace

void optimize(Node*& node, ir::Arena& arena) {
  switch (node->kind) {
    case NodeKind::Const:
    case NodeKind::LocalRef:
    case NodeKind::VarRef:
      return;
    case NodeKind::If: {
      auto* n = static_cast<ir::If*>(node);
      optimize(n->test, arena);
      optimize(n->then, arena);
      optimize(n->otherwise, arena);
      if (n->test->kind == NodeKind::Const) {
        node = static_cast<ir::Const*>(n->test)->value.truthy() ? n->then : n->otherwise;
      }
      return;
    }
    case NodeKind::Do: {
      auto* n = static_cast<ir::Do*>(node);
      std::vector<Node*> kept;
      for (size_t i = 0; i < n->body.size(); ++i) {
        optimize(n->body[i], arena);
        bool last = i + 1 == n->body.size();
        NodeKind k = n->body[i]->kind;
        if (!last && (k == NodeKind::Const || k == NodeKind::LocalRef)) continue;
        kept.push_back(n->body[i]);
      }
      n->body = std::move(kept);
      if (n->body.size() == 1) node = n->body[0];
      return;
    }
    case NodeKind::Let: {
      auto* n = static_cast<ir::Let*>(node);
      for (auto& b : n->bindings) optimize(b.init, arena);
      optimize(n->body, arena);
      return;
    }
    case NodeKind::Recur:
      for (Node*& a : static_cast<ir::Recur*>(node)->args) optimize(a, arena);
      return;
    case NodeKind::Fn:
      for (ir::FnArity* a : static_cast<ir::Fn*>(node)->arities) optimize(a->body, arena);
      return;
    case NodeKind::LetFn: {
      auto* n = static_cast<ir::LetFn*>(node);
      for (ir::Fn* f : n->fns)
        for (ir::FnArity* a : f->arities) optimize(a->body, arena);
      optimize(n->body, arena);
      return;
    }
    case NodeKind::Call: {
      auto* n = static_cast<ir::Call*>(node);
      optimize(n->fn, arena);
      for (Node*& a : n->args) optimize(a, arena);
      return;
    }
    case NodeKind::Intrinsic: {
      auto* n = static_cast<ir::Intrinsic*>(node);
      optimize(n->a, arena);
      optimize(n->b, arena);
      Value folded;
      if (fold_intrinsic(n, folded)) node = arena.make<ir::Const>(n->pos, std::move(folded));
      return;
    }
    case NodeKind::Return:
      optimize(static_cast<ir::Return*>(node)->value, arena);
      return;
    case NodeKind::Def: {
      auto* n = static_cast<ir::Def*>(node);
      if (n->init != nullptr) optimize(n->init, arena);
      return;
    }
  }
}

}  // namespace batuta
