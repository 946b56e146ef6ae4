// Tests of vars and namespaces: interning, lock-free reads, redefinition
// seen by running code on this thread and on others.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/string.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

// Vars are immortal; at the end of the test run their values are dropped so
// LeakSanitizer sees everything freed.
class UnbindVarsAtExit : public testing::Environment {
 public:
  void TearDown() override { unbind_all_vars(); }
};
[[maybe_unused]] testing::Environment* const kUnbindVarsAtExit =
    testing::AddGlobalTestEnvironment(new UnbindVarsAtExit);

using vm_test::fn_of;
using vm_test::I;
using vm_test::run_to_string;
using vm_test::test_var;

TEST(VmVar, NamespacesAndVarsAreInterned) {
  Namespace* ns = find_or_create_namespace(symbol("vm.var-test"));
  EXPECT_EQ(ns, find_or_create_namespace(symbol("vm.var-test")));
  EXPECT_EQ(ns, find_namespace(symbol("vm.var-test")));
  EXPECT_EQ(find_namespace(symbol("vm.no-such-ns")), nullptr);
  Var* x = intern_var(ns, symbol("x"));
  EXPECT_EQ(x, intern_var(ns, symbol("x")));
  EXPECT_EQ(x, find_var(ns, symbol("x")));
  EXPECT_EQ(find_var(ns, symbol("y")), nullptr);
  EXPECT_FALSE(x->is_bound());
  EXPECT_EQ(pr_str(var_value_ref(x)), "#'vm.var-test/x");
  EXPECT_EQ(pr_str(Value::adopt(ns)), "#namespace[vm.var-test]");
  var_set(x, make_string_from_utf8("v"));
  Value v;
  ASSERT_TRUE(var_get(x, v));
  EXPECT_EQ(pr_str(v), "\"v\"");
  EXPECT_TRUE(v.as_object()->is_shared());  // any thread may read it
}

// main() = g() * 10 + (swap-g!(), g()): the redefinition made by a native
// in the middle of main is seen by main's next call.
Var* g_var = nullptr;
Value g_two;
Result<Value> native_swap_g(VmContext&, std::span<const Value>) {
  var_set(g_var, g_two);
  return Value();
}

Value constant_fn(const char* name, int64_t k) {
  Assembler a(name, "test.ba", 0);
  a.load_k(0, I(k));
  a.ret(0);
  return fn_of(a);
}

TEST(VmVar, RedefinitionIsSeenByARunningCaller) {
  g_var = test_var("g");
  g_two = constant_fn("g2", 2);
  var_set(g_var, constant_fn("g1", 1));
  Value swap = make_native("swap-g!", Arity{0, 0, false}, native_swap_g);
  Assembler a("main", "test.ba", 0);
  a.get_var(0, g_var);
  a.call(0, 0);
  a.load_k(1, I(10));
  a.mul(0, 0, 1);
  a.load_k(1, swap);
  a.call(1, 0);
  a.get_var(1, g_var);
  a.call(1, 0);
  a.add(0, 0, 1);
  a.ret(0);
  EXPECT_EQ(run_to_string(fn_of(a)), "12");
  g_two = Value();
}

// spin() loops until the var holds a truthy value, then returns it. Another
// thread sets it while the fiber runs.
TEST(VmVar, RedefinitionOnAnotherThreadIsSeenWithoutLocks) {
  Var* flag = test_var("flag");
  var_set(flag, Value::boolean(false));
  Assembler a("spin", "test.ba", 0);
  auto loop = a.new_label();
  a.bind(loop);
  a.get_var(0, flag);
  a.jmp_if_not(0, loop);
  a.ret(0);
  Value spin = fn_of(a);
  std::thread writer([flag] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    var_set(flag, make_string_from_utf8("set by another thread"));
  });
  std::string result = run_to_string(spin);
  writer.join();
  EXPECT_EQ(result, "\"set by another thread\"");
}

// Readers on several threads while a writer redefines: every read sees one
// of the values written, never a freed one (ASan checks the latter).
TEST(VmVar, ConcurrentReadsAndRedefinitions) {
  Var* v = test_var("contended");
  var_set(v, make_string_from_utf8("initial"));
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> reads{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        Value x;
        ASSERT_TRUE(var_get(v, x));
        ASSERT_TRUE(is_string(x));
        reads.fetch_add(1);
      }
    });
  }
  // Keep writing until the readers have overlapped with many writes.
  int writes = 0;
  for (; writes < 2000 || reads.load() < 3000; ++writes) {
    var_set(v, make_string_from_utf8("value " + std::to_string(writes)));
  }
  stop = true;
  for (auto& t : readers) t.join();
  Value last;
  ASSERT_TRUE(var_get(v, last));
  EXPECT_EQ(pr_str(last), "\"value " + std::to_string(writes - 1) + "\"");
  EXPECT_GE(v->retired.size(), 2000u);
}

}  // namespace
}  // namespace batuta
