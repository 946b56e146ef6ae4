// write_scope.h: one write's hold on the store: its lock and a transaction
// (joining an enclosing transact! or call-proc), rolled back unless
// committed. Every write (writes.cpp) and every stored procedure call
// (procs.cpp) runs inside one.
#pragma once

#include <mutex>
#include <span>

#include "core/status.h"
#include "query/store.h"
#include "vm/fiber.h"

namespace batuta::query {

class WriteScope {
 public:
  explicit WriteScope(Store& s) : s_(s), guard_(s.lock()) {}
  ~WriteScope() {
    if (open_ && !committed_) s_.rollback();
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;

  Result<bool> begin() {
    auto r = s_.begin();
    open_ = r.ok();
    return r;
  }
  Result<bool> commit() {
    committed_ = true;
    return s_.commit();
  }

 private:
  Store& s_;
  std::lock_guard<std::recursive_mutex> guard_;
  bool open_ = false;
  bool committed_ = false;
};

// Calls fn with args inside one transaction: all of its writes are
// stored, or none (an error or panic rolls back). transact! and call-proc.
inline Result<Value> call_in_transaction(VmContext& ctx, const Value& fn, std::span<const Value> args) {
  auto store = Store::get();
  if (!store) return store.take_error();
  WriteScope scope(*store.value());
  auto b = scope.begin();
  if (!b) return b.take_error();
  auto r = ctx.call(fn, args);
  if (!r) return r;  // the scope rolls everything back
  auto c = scope.commit();
  if (!c) return c.take_error();
  return r;
}

}  // namespace batuta::query
