// pid.cpp: see pid.h.
#include "core/pid.h"

#include <new>
#include <string>

#include "core/printer.h"

namespace batuta {

namespace {

void pid_visit(Object*, ChildVisitor) {}

void pid_destroy(Object* o) {
  auto* p = static_cast<Pid*>(o);
  if (p->target != nullptr) p->target_ops->release(p->target);
  p->~Pid();
  free_bytes(p, sizeof(Pid));
}

bool pid_equals(const Object* a, const Value& b) {
  if (!is_pid(b)) return false;
  const auto* x = static_cast<const Pid*>(a);
  const Pid* y = as_pid(b);
  return x->node == y->node && x->id == y->id && x->serial == y->serial;
}

uint64_t pid_hash(const Object* o) {
  const auto* p = static_cast<const Pid*>(o);
  uint64_t x = p->id * 0x9E3779B97F4A7C15ull ^ (p->serial + (uint64_t{p->node} << 32)) ^ 0x5049445f4b494e44ull;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

void pid_print(const Object* o, Printer& p) {
  const auto* pid = static_cast<const Pid*>(o);
  p.write("#actor<" + std::to_string(pid->node) + "." + std::to_string(pid->id) + "." +
          std::to_string(pid->serial) + ">");
}

int pid_compare(const Object* a, const Object* b) {
  const auto* x = static_cast<const Pid*>(a);
  const auto* y = static_cast<const Pid*>(b);
  if (x->node != y->node) return x->node < y->node ? -1 : 1;
  if (x->serial != y->serial) return x->serial < y->serial ? -1 : 1;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return 0;
}

}  // namespace

const KindOps kPidOps = {pid_visit, pid_destroy, pid_equals, pid_hash, pid_print, pid_compare};

Value make_pid(uint32_t node, uint64_t id, uint64_t serial, void* target, const PidTargetOps* ops) {
  void* mem = allocate_bytes(sizeof(Pid));
  auto* p = new (mem) Pid();
  p->node = node;
  p->id = id;
  p->serial = serial;
  p->target = target;
  p->target_ops = ops;
  if (target != nullptr) ops->retain(target);
  return Value::adopt(p);
}

}  // namespace batuta
