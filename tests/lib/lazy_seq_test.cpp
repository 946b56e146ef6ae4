// Lazy sequences: realisation through natives and through core (=, print),
// ranges, repeat, take/drop on infinite seqs, cons without realising, and
// a million-element chain realised and freed without deep C++ recursion.
#include "core/lazy_seq.h"
#include "lib_test_util.h"
#include "vm/assembler.h"

namespace batuta {
namespace {

using namespace lib_test;

Var* core_var(std::string_view name) { return find_var(find_namespace(symbol("batuta.core")), symbol(name)); }

// (fn [] (list a b)) as compiled code, so the thunk runs on the VM.
Value list_thunk(int64_t a, int64_t b) {
  Assembler as("thunk", "lazy_test.ba", 0);
  as.at(1, 1);
  as.get_var(0, core_var("list"));
  as.load_k(1, I(a));
  as.load_k(2, I(b));
  as.call(0, 2);
  as.ret(0);
  return make_closure(as.finish().value(), {});
}

// (fn [] (+ 1 "a")): a thunk that fails.
Value failing_thunk() {
  Assembler as("bad-thunk", "lazy_test.ba", 0);
  as.at(7, 3);
  as.load_k(0, I(1));
  as.load_k(1, S("a"));
  as.add(0, 0, 1);
  as.ret(0);
  return make_closure(as.finish().value(), {});
}

TEST(LibLazySeq, ThunkRunsOnceWhenFirstNeeded) {
  Value lazy = call("make-lazy-seq", {list_thunk(1, 2)}).value;
  EXPECT_EQ(pr("realized?", {lazy}), "false");
  EXPECT_EQ(pr("first", {lazy}), "1");
  EXPECT_EQ(pr("realized?", {lazy}), "true");
  EXPECT_EQ(pr("rest", {lazy}), "(2)");
  EXPECT_EQ(pr("count", {lazy}), "2");
  EXPECT_EQ(pr_str(lazy), "(1 2)");
  EXPECT_EQ(pr("type", {lazy}), ":lazy-sequence");
  EXPECT_EQ(pr("seq?", {lazy}), "true");
  EXPECT_EQ(pr("make-lazy-seq", {I(1)}), "ERROR: make-lazy-seq: expected a function of no arguments, got 1 (an integer)");
}

TEST(LibLazySeq, PrintsAndComparesLikeAList) {
  EXPECT_EQ(pr("pr-str", {call("make-lazy-seq", {list_thunk(1, 2)}).value}), "\"(1 2)\"");
  EXPECT_EQ(pr("=", {call("make-lazy-seq", {list_thunk(1, 2)}).value, V({I(1), I(2)})}), "true");
  EXPECT_EQ(pr("=", {L({I(1), I(2)}), call("make-lazy-seq", {list_thunk(1, 2)}).value}), "true");
  EXPECT_EQ(pr("=", {call("make-lazy-seq", {list_thunk(1, 2)}).value, V({I(1)})}), "false");
  EXPECT_EQ(pr("hash", {call("make-lazy-seq", {list_thunk(1, 2)}).value}), pr("hash", {V({I(1), I(2)})}));
  EXPECT_EQ(pr("into", {V({}), call("make-lazy-seq", {list_thunk(3, 4)}).value}), "[3 4]");
}

TEST(LibLazySeq, ThunkErrorsPropagate) {
  Value lazy = call("make-lazy-seq", {failing_thunk()}).value;
  EXPECT_EQ(pr("first", {lazy}), "ERROR: +: expected a number, got \"a\" (a string)");
  // Through core's printer (the hook path), the error still reaches the caller.
  EXPECT_EQ(pr("pr-str", {lazy}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("=", {lazy, V({})}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_FALSE(take_pending_realize_error().has_value());
  EXPECT_EQ(pr("realized?", {lazy}), "false");
}

TEST(LibLazySeq, ConsDoesNotRealise) {
  Value lazy = call("make-lazy-seq", {list_thunk(1, 2)}).value;
  Value c = call("cons", {I(0), lazy}).value;
  EXPECT_EQ(pr("realized?", {lazy}), "false");
  EXPECT_EQ(pr("first", {c}), "0");
  EXPECT_EQ(pr("realized?", {lazy}), "false");
  EXPECT_EQ(pr_str(c), "(0 1 2)");
  EXPECT_EQ(pr("conj", {call("make-lazy-seq", {list_thunk(1, 2)}).value, I(0)}), "(0 1 2)");
}

TEST(LibLazySeq, Ranges) {
  EXPECT_EQ(pr("take", {I(5), call("range", {}).value}), "(0 1 2 3 4)");
  EXPECT_EQ(pr("range", {I(3)}), "(0 1 2)");
  EXPECT_EQ(pr("range", {I(1), I(10), I(3)}), "(1 4 7)");
  EXPECT_EQ(pr("range", {I(5), I(0), I(-2)}), "(5 3 1)");
  EXPECT_EQ(pr("range", {D(0.0), D(1.0), D(0.5)}), "(0.0 0.5)");
  EXPECT_EQ(pr("range", {I(0)}), "()");
  EXPECT_EQ(pr("take", {I(3), call("range", {I(1), I(5), I(0)}).value}), "(1 1 1)");
  EXPECT_EQ(pr("range", {S("a")}), "ERROR: range: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("count", {call("range", {I(100000)}).value}), "100000");
  EXPECT_EQ(pr("nth", {call("range", {}).value, I(1000)}), "1000");
}

TEST(LibLazySeq, RepeatTakeDrop) {
  EXPECT_EQ(pr("take", {I(3), call("repeat", {K("x")}).value}), "(:x :x :x)");
  EXPECT_EQ(pr("repeat", {I(2), K("y")}), "(:y :y)");
  EXPECT_EQ(pr("take", {I(3), call("drop", {I(10), call("range", {}).value}).value}), "(10 11 12)");
  EXPECT_EQ(pr("drop", {I(5), V({I(1)})}), "()");
  EXPECT_EQ(pr("first", {call("drop", {I(1000000), call("range", {}).value}).value}), "1000000");
  EXPECT_EQ(pr("take", {I(2), call("cons", {I(-1), call("range", {}).value}).value}), "(-1 0)");
}

// A native thunk producing (i . next-lazy) up to kChain elements.
constexpr int64_t kChain = 1000000;
int64_t g_next = 0;

Result<Value> chain_step(VmContext&, std::span<const Value>) {
  if (g_next >= kChain) return Value();
  int64_t i = g_next++;
  static const Value self = make_native("chain-step", Arity{0, 0, false}, &chain_step);
  return make_lazy_cons(make_integer(i), make_lazy_seq(self));
}

// A thunk whose result is itself an unrealised lazy seq, kChain deep.
int64_t g_nested = 0;
Result<Value> nested_step(VmContext&, std::span<const Value>) {
  static const Value self = make_native("nested-step", Arity{0, 0, false}, &nested_step);
  if (++g_nested >= kChain) return list_from({K("bottom")});
  return make_lazy_seq(self);
}

TEST(LibLazySeq, MillionElementChainRealisesAndFreesWithoutStackOverflow) {
  g_next = 0;
  uint64_t live_before = allocation_stats().bytes_live;
  {
    Value lazy = make_lazy_seq(make_native("chain-step", Arity{0, 0, false}, &chain_step));
    EXPECT_EQ(pr("count", {lazy}), "1000000");  // realises every cell, all kept by `lazy`
    EXPECT_EQ(pr("last", {lazy}), "999999");
  }  // the whole realised chain is freed here, through object.cpp's worklist
  EXPECT_LE(allocation_stats().bytes_live, live_before + 4096);
}

TEST(LibLazySeq, ThunksReturningLazySeqsAreFollowedIteratively) {
  g_nested = 0;
  Value lazy = make_lazy_seq(make_native("nested-step", Arity{0, 0, false}, &nested_step));
  EXPECT_EQ(pr("first", {lazy}), ":bottom");
  EXPECT_EQ(g_nested, kChain);
}

}  // namespace
}  // namespace batuta

namespace batuta {
namespace {

using namespace lib_test;

// take and drop wrap their source without realising it (lazy_seq.h's
// Take and Drop states); a failing source fails the walk, not the call.
TEST(LibLazySeq, TakeAndDropAreLazy) {
  Value source = call("make-lazy-seq", {list_thunk(1, 2)}).value;
  Value taken = call("take", {I(1), source}).value;
  Value dropped = call("drop", {I(1), source}).value;
  EXPECT_EQ(pr("realized?", {source}), "false");
  EXPECT_EQ(pr("realized?", {taken}), "false");
  EXPECT_EQ(pr_str(taken), "(1)");
  EXPECT_EQ(pr("realized?", {source}), "true");
  EXPECT_EQ(pr_str(dropped), "(2)");

  Value bad = call("take", {I(3), call("make-lazy-seq", {failing_thunk()}).value}).value;
  EXPECT_EQ(pr("first", {bad}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("realized?", {bad}), "false");
  Value bad_drop = call("drop", {I(1), call("make-lazy-seq", {failing_thunk()}).value}).value;
  EXPECT_EQ(pr("seq", {bad_drop}), "ERROR: +: expected a number, got \"a\" (a string)");
}

// Printing realises every lazy seq inside the value first, on the
// caller's fiber: a failure is the print's error and nothing is left
// pending for a later native (the bug where the seq printed as () and the
// error surfaced at the next form).
TEST(LibLazySeq, PrintingANestedFailingSeqFailsThePrint) {
  Value nested = V({I(1), call("make-lazy-seq", {failing_thunk()}).value});
  EXPECT_EQ(pr("pr-str", {nested}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("str", {nested}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_FALSE(take_pending_realize_error().has_value());
  EXPECT_EQ(pr("str", {I(1)}), "\"1\"");
}

}  // namespace
}  // namespace batuta
