// The scheduler: spawning, selective receive, timeouts, calls, links and
// monitors, the seeded deterministic mode (an interleaving replays from its
// seed), preemption, and the threaded stress of a million messages.
#include <gtest/gtest.h>

#include "actor/runtime_internal.h"
#include "actor_test_support.h"

namespace batuta {
namespace {

using actor_test::run_program;

actor::RuntimeOptions threads(int n) {
  actor::RuntimeOptions o;
  o.threads = n;
  o.log_level = actor::LogLevel::None;
  return o;
}

actor::RuntimeOptions seeded(uint64_t seed) {
  actor::RuntimeOptions o;
  o.deterministic = true;
  o.seed = seed;
  o.log_level = actor::LogLevel::None;
  return o;
}

TEST(Scheduler, SpawnSendReceive) {
  const char* program = R"(
    (def me (self))
    (spawn (fn [] (send me {:hello 42})))
    (receive {:hello n} -> (* n 2)))";
  EXPECT_EQ(run_program(program, threads(2)), "84");
  EXPECT_EQ(run_program(program, threads(0)), "84");
  EXPECT_EQ(run_program(program, seeded(1)), "84");
}

TEST(Scheduler, SelectiveReceiveLeavesOtherMessagesInOrder) {
  const char* program = R"(
    (send (self) :a) (send (self) {:b 1}) (send (self) :c) (send (self) {:b 2})
    (let [first-b (receive {:b x} -> x)
          rest (mapv (fn [_] (receive m -> m)) (range 3))]
      [first-b rest]))";
  EXPECT_EQ(run_program(program, threads(2)), "[1 [:a :c {:b 2}]]");
}

TEST(Scheduler, ReceiveTimeoutAndGuards) {
  EXPECT_EQ(run_program("(receive-timeout 20 :never -> 1 timeout -> :timed-out)", threads(2)), ":timed-out");
  EXPECT_EQ(run_program("(receive-timeout 20 :never -> 1 timeout -> :timed-out)", seeded(3)), ":timed-out");
  EXPECT_EQ(run_program(R"(
    (send (self) 5) (send (self) 50)
    (receive n when (> n 10) -> [:big n]))",
                        threads(1)),
            "[:big 50]");
}

TEST(Scheduler, ReceiveWithPriorityTakesTheFirstClauseFirst) {
  EXPECT_EQ(run_program(R"(
    (send (self) {:normal 1}) (send (self) {:urgent 2})
    (mapv (fn [_] (receive-with-priority {:urgent x} -> [:urgent x] {:normal x} -> [:normal x]))
          (range 2)))",
                        threads(1)),
            "[[:urgent 2] [:normal 1]]");
}

TEST(Scheduler, CallAndReply) {
  const char* program = R"(
    (defn counter [n]
      (receive :inc -> (counter (inc n))
               :get -> (do (reply n) (counter n))))
    (def c (spawn counter 0))
    (send c :inc) (send c :inc) (send c :inc)
    (call c :get))";
  EXPECT_EQ(run_program(program, threads(2)), "3");
  EXPECT_EQ(run_program(program, seeded(7)), "3");
}

TEST(Scheduler, CallTimesOutAndTheLateReplyIsDropped) {
  // The first call times out (the caller panics with :timeout); the reply
  // it was owed is sent only after that (s waits for :release), and must
  // not be taken for a later call's. No timing is involved: s cannot
  // answer :q before the caller has given up.
  const char* program = R"(
    (defn slow [] (receive :q -> (do (receive :release -> nil) (reply :late) (slow))
                           :r -> (do (reply :fresh) (slow))))
    (def s (spawn slow))
    (trap-exits true)
    (def caller (spawn-link (fn [] (call s :q 10))))
    (def first-exit (receive {:exit _ reason} -> reason))
    (send s :release)
    (def me (self))
    (spawn (fn [] (send me [:second (call s :r)])))
    [first-exit (receive [:second r] -> r) (call s :r)])";
  EXPECT_EQ(run_program(program, threads(2)), "[:timeout :fresh :fresh]");
  EXPECT_EQ(run_program(program, seeded(5)), "[:timeout :fresh :fresh]");
}

TEST(Scheduler, CallToADeadActorPanicsWithNoproc) {
  // d's :down says it is dead: the call finds it so at once.
  EXPECT_EQ(run_program(R"(
    (def d (spawn (fn [] :done)))
    (monitor d)
    (receive {:down _ _} -> nil)
    (def caller (spawn (fn [] (receive :go -> nil) (call d :x))))
    (monitor caller)
    (send caller :go)
    (receive {:down _ reason} -> reason))",
                        threads(2)),
            ":noproc");
  // d may die before or during the call: either way the caller panics.
  EXPECT_EQ(run_program(R"(
    (trap-exits true)
    (def d (spawn (fn [] :done)))
    (spawn-link (fn [] (call d :x)))
    (receive {:exit _ reason} -> reason))",
                        threads(2)),
            ":noproc");
}

TEST(Scheduler, LinksPropagateCrashesAndTrappedExitsBecomeMessages) {
  EXPECT_EQ(run_program(R"(
    (trap-exits true)
    (def a (spawn-link (fn [] (panic :boom))))
    (receive {:exit pid reason} -> [(= pid a) reason]))",
                        threads(2)),
            "[true :boom]");
  // A crash takes a linked, non-trapping actor with it.
  EXPECT_EQ(run_program(R"(
    (def me (self))
    (def b (spawn (fn [] (receive :never -> nil))))
    (monitor b)
    (spawn (fn [] (link b) (panic :fail)))
    (receive {:down pid reason} -> [(= pid b) reason]))",
                        threads(2)),
            "[true :fail]");
  // :normal exits do not propagate. The linked actor's exit signal reaches
  // b before its :down reaches us (links are told first), so b has handled
  // it by the time it answers the ping sent after the :down.
  EXPECT_EQ(run_program(R"(
    (def b (spawn (fn loop [] (receive [from :ping] -> (do (send from :pong) (loop))))))
    (def l (spawn (fn [] (receive :go -> nil) (link b) :fine)))
    (monitor l)   ; before l can end: it waits for :go
    (send l :go)
    (def reason (receive {:down _ r} -> r))
    (send b [(self) :ping])
    [reason (receive :pong -> :pong) (alive? b)])",
                        threads(2)),
            "[:normal :pong true]");
}

TEST(Scheduler, MonitorsKillAndExit) {
  EXPECT_EQ(run_program(R"(
    (def b (spawn (fn [] (receive :never -> nil))))
    (monitor b)
    (kill b)
    (receive {:down _ reason} -> reason))",
                        threads(2)),
            ":killed");
  EXPECT_EQ(run_program(R"(
    (def me (self))
    (def b (spawn (fn [] (trap-exits true) (send me :ready) (receive m -> (panic [:got m])))))
    (monitor b)
    (receive :ready -> nil)   ; b traps exits from here on: no timing involved
    (exit b :please)
    (receive {:down _ reason} -> reason))",
                        threads(2)),
            "[:got {:exit " + std::string("#actor<0.1.0>") + " :please}]");
  EXPECT_EQ(run_program(R"(
    (def dead (spawn (fn [] (receive :go -> nil))))
    (monitor dead)
    (send dead :go)
    (def first-reason (receive {:down _ reason} -> reason))
    (monitor dead)
    [first-reason (receive {:down _ reason} -> reason)])",
                        threads(1)),
            "[:normal :noproc]");
  // Two monitors, one removed: b's death sends the downs of all its
  // watchers at once, so when the kept monitor's :down is here, a :down
  // of the removed one would be here too.
  EXPECT_EQ(run_program(R"(
    (def b (spawn (fn [] (receive :never -> nil))))
    (def removed (monitor b))
    (monitor b)
    (demonitor removed)
    (kill b)
    [(receive {:down _ r} -> r) (receive-timeout 0 {:down _ r} -> r timeout -> :no-down)])",
                        threads(2)),
            "[:killed :no-down]");
}

TEST(Scheduler, RegistryAndIntrospection) {
  // Zero threads: w's turn (it says :ready, then waits in receive) ends
  // before the main program runs again, so its status is certain.
  EXPECT_EQ(run_program(R"(
    (def me (self))
    (def w (spawn (fn [] (send me :ready) (receive :stop -> nil))))
    (register :worker-1 w)
    (receive :ready -> nil)
    [(= w (whereis :worker-1)) (whereis :nobody)
     (:status (inspect w)) (count (actors)) (registered)])",
                        threads(0)),
            "[true nil :waiting 1 [:worker-1]]");
  EXPECT_NE(run_program(R"(
    (def w (spawn (fn [] (receive :stop -> nil))))
    (register :w w)
    (register :w (spawn (fn [] nil))))",
                        threads(1))
                .find("ERROR: panic: register: :w is already registered to #actor<0.2.0>"),
            std::string::npos);
  // A dead actor's name is free before its :down goes out.
  EXPECT_EQ(run_program(R"(
    (def w (spawn (fn [] (receive :stop -> nil))))
    (register :w w)
    (monitor w)
    (send :w :stop)
    (receive {:down _ _} -> nil)
    [(whereis :w) (count (actors))])",
                        threads(2)),
            "[nil 0]");
  EXPECT_EQ(run_program("(send :ghost 1)", threads(1)).substr(0, 53),
            "ERROR: panic: send: no actor is registered as :ghost\n");
}

// inspect asks the actor itself for what only it may read: the messages
// it has not taken, the function it waits in, its trap-exits flag; its
// own request (and monitor) are not shown. Any thread count.
TEST(Scheduler, InspectShowsMailboxAndCurrentFunction) {
  const char* program = R"(
    (def me (self))
    (defn waiter [] (trap-exits true) (send me :ready) (receive :stop -> :stopped))
    (def w (spawn waiter))
    (receive :ready -> nil)
    (send w :hello) (send w {:n 1})
    (def info (inspect w))
    (def d (spawn (fn [] nil)))
    (monitor d)
    (receive {:down _ _} -> nil)
    [(select-keys info [:mailbox :mailbox-size :current-function :trap-exits :monitors])
     (inspect d) (:current-function (inspect (self))) (:status (inspect (self)))])";
  const std::string expected =
      "[{:mailbox [:hello {:n 1}] :mailbox-size 2 :current-function \"waiter\" :trap-exits true :monitors []} "
      "{:pid #actor<0.3.0> :status :dead} \"<toplevel>\" :running]";
  EXPECT_EQ(run_program(program, threads(2)), expected);
  EXPECT_EQ(run_program(program, threads(0)), expected);
  EXPECT_EQ(run_program(program, seeded(9)), expected);
}

TEST(Scheduler, DefactorCounterWithInitAndTerminate) {
  EXPECT_EQ(run_program(R"(
    (def log (atom []))
    (defactor counter [n]
      (init [] (swap! log conj [:init n]))
      (receive
        :increment -> (recur (+ n 1))
        :get -> (do (reply n) (recur n))
        :stop -> :terminate)
      (terminate [reason] (swap! log conj [:terminate reason n])))
    (def c (spawn counter 10))
    (send c :increment) (send c :increment)
    [(call c :get) (:state (inspect c)) (first (find-actors :counter))
     (do (monitor c) (send c :stop) (receive {:down _ _} -> nil) @log)])",
                        threads(2)),
            "[12 12 #actor<0.2.0> [[:init 10] [:terminate :normal 12]]]");
}

TEST(Scheduler, SingletonStartsOnFirstSend) {
  EXPECT_EQ(run_program(R"(
    (def me (self))
    (defactor greeter []
      (receive {:greet name} -> (do (send me (str "Hello, " name "!")) (recur))))
    (send greeter {:greet "World"})
    (send greeter {:greet "again"})
    [(receive m -> m) (receive m -> m) (= (whereis :greeter) (first (find-actors :greeter)))])",
                        threads(2)),
            "[\"Hello, World!\" \"Hello, again!\" true]");
}

TEST(Scheduler, PreemptionLetsOthersRunBesideABusyLoop) {
  // One worker thread: without the budget the spinning actor would keep it.
  EXPECT_EQ(run_program(R"(
    (def me (self))
    (def stop (atom false))
    (spawn (fn spin [] (when-not @stop (spin))))
    (spawn (fn [] (send me :other-ran)))
    (let [r (receive-timeout 2000 :other-ran -> :ok timeout -> :starved)]
      (reset! stop true)
      r))",
                        threads(1)),
            ":ok");
}

TEST(Scheduler, MainProgramDeadlockIsAnError) {
  std::string r = run_program("(receive :never -> 1)", threads(1));
  EXPECT_EQ(r.substr(0, r.find('\n')),
            "ERROR: panic: deadlock: the main program waits in receive, and no actor is left that could send to it");
  EXPECT_NE(r.find("\n  at <toplevel> (test.ba:1:1)"), std::string::npos) << r;
}

// The deterministic mode: one thread, the next actor chosen by a seeded
// generator, a virtual clock. The same seed gives the same interleaving.
const char* kRace = R"(
  (def me (self))
  (defn worker [id]
    (dotimes [i 5] (send me [id i]) (sleep (mod (* id 7) 3))))
  (dotimes [id 8] (spawn worker id))
  (mapv (fn [_] (receive m -> m)) (range 40)))";

TEST(Scheduler, LazySequenceRealisationCannotSuspend) {
  // vec realises the lazy `for` through a native callback: a receive that
  // has to wait there fails with a clear error instead of hanging.
  EXPECT_EQ(run_program("(vec (for [_ (range 1)] (receive m -> m)))", threads(1)).substr(0, 105),
            "ERROR: panic: %await-message: can't suspend inside a callback from the native function vec\n"
            "  at %await-me");
}

// A call answered in time leaves its timeout's timer behind (stale). With
// no worker threads the run must end, or report a deadlock, without
// waiting for it: on the virtual clock no time passes at all.
TEST(Scheduler, StaleTimersDoNotDelayTheEndWithoutThreads) {
  const char* program = R"(
    (defn c [] (receive :get -> (do (reply 1) (c))))
    (def p (spawn c))
    (call p :get))";
  EXPECT_EQ(run_program(program, seeded(11)), "1");
  EXPECT_EQ(actor::rt().virtual_now, 0);
  std::string r = run_program(std::string(program) + "\n(receive :never -> 1)", seeded(11));
  EXPECT_EQ(r.substr(0, 30), "ERROR: panic: deadlock: the ma") << r;
  EXPECT_EQ(actor::rt().virtual_now, 0);
}

TEST(Scheduler, DeterministicModeReplaysFromItsSeed) {
  std::string a = run_program(kRace, seeded(42));
  auto trace_a = actor::deterministic_trace();
  std::string b = run_program(kRace, seeded(42));
  auto trace_b = actor::deterministic_trace();
  EXPECT_EQ(a, b);
  EXPECT_EQ(trace_a, trace_b);
  EXPECT_GT(trace_a.size(), 30u);
  bool differs = false;
  for (uint64_t seed = 1; seed < 6 && !differs; ++seed) differs = run_program(kRace, seeded(seed)) != a;
  EXPECT_TRUE(differs) << "five other seeds gave the same interleaving";
}

// 1,000 actors, each sending 1,000 numbered messages to pseudo-random
// others: every receiver checks each sender's numbers only increase, and
// the counts add up to 1,000,000 (none lost, duplicated or reordered).
TEST(Scheduler, MillionMessagesAmongThousandActors) {
  const char* program = R"(
    (def me (self))
    (def n-actors 1000)
    (def per-sender 1000)
    (defn target [i k] (mod (+ (* i 7919) (* k 104729) k) n-actors))
    (defn peer [i peers-ref]
      (let [peers (receive {:peers ps} -> ps)]
        (dotimes [k per-sender] (send (nth peers (target i k)) [i k]))
        (send me [:sent i])
        (loop [last {} total 0 bad 0]
          (receive
            [from k] -> (recur (assoc last from k) (inc total)
                               (if (> k (get last from -1)) bad (inc bad)))
            :report -> (reply [total bad])))))
    (def peers (vec (for [i (range n-actors)] (spawn peer i nil))))
    (doseq [p peers] (send p {:peers peers}))
    (dotimes [_ n-actors] (receive [:sent _] -> nil))
    (reduce (fn [[t b] p] (let [[t2 b2] (call p :report 60000)] [(+ t t2) (+ b b2)])) [0 0] peers))";
  EXPECT_EQ(run_program(program, threads(2)), "[1000000 0]");
}

// A mailbox of 1,000,000 queued messages: the sink waits for :go while
// they pile up (each arrival is scanned once, not the whole queue again),
// then takes them all, in the order sent.
TEST(Scheduler, MillionQueuedMessagesAreKeptInOrder) {
  const char* program = R"(
    (def me (self))
    (def n 1000000)
    (defn sink []
      (receive :go -> nil)
      (loop [i 0]
        (if (= i n)
          (send me [:in-order i])
          (receive k -> (if (= k i) (recur (inc i)) (send me [:out-of-order i k]))))))
    (def s (spawn sink))
    (dotimes [i n] (send s i))
    (send s :go)
    [(:mailbox-size (inspect s)) (receive r -> r)])";
  std::string r = run_program(program, threads(2));
  EXPECT_EQ(r.substr(r.find(' ')), " [:in-order 1000000]]") << r;
  EXPECT_EQ(run_program(program, threads(0)), "[1000001 [:in-order 1000000]]");
}

}  // namespace
}  // namespace batuta

namespace batuta {
namespace {

// An idle actor must stay small (the goal is at most 1 KB): its fiber
// keeps the initial 16 register slots while it waits in receive, both for
// a plain function and for a defactor loop.
TEST(Scheduler, IdleActorsKeepTheirSmallStack) {
  actor::RuntimeOptions o;
  o.threads = 1;
  o.log_level = actor::LogLevel::None;
  std::string r = actor_test::run_program(R"(
    (defactor counter [n] (receive :inc -> (recur (inc n)) :get -> (do (reply n) (recur n))))
    (def a (spawn counter 0))
    (def b (spawn (fn [] (receive :go -> nil))))
    (send a :inc)
    (call a :get))",
                                          o);
  ASSERT_EQ(r, "1");
  size_t checked = 0;
  {
    actor::Runtime& rt = actor::rt();
    actor::SpinGuard g(rt.table_lock);
    for (actor::Actor* a = rt.table_head; a != nullptr; a = a->table_next) {
      if (a->is_main) continue;
      ASSERT_NE(a->fiber, nullptr);
      EXPECT_EQ(a->fiber->stack_capacity(), 16u) << "actor " << a->id;
      EXPECT_LE(a->fiber->depth(), 2u) << "actor " << a->id;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2u);
  EXPECT_LE(sizeof(actor::Actor), 400u);
  EXPECT_LE(sizeof(Fiber), 224u);  // the rarely used parts (FiberError) are allocated on demand
  actor::shutdown_runtime();
}

}  // namespace
}  // namespace batuta
