// Crash isolation and supervision: a runtime fault inside a native called
// by one actor harms no other; supervisors restart children per strategy
// and give up past their restart intensity; 100,000 crashing actors leave
// nothing behind (the sanitizer build checks leaks with LeakSanitizer).
#include <gtest/gtest.h>

#include "actor_test_support.h"
#include "core/object.h"

namespace batuta {
namespace {

using actor_test::run_program;

actor::RuntimeOptions threads(int n) {
  actor::RuntimeOptions o;
  o.threads = n;
  o.log_level = actor::LogLevel::None;
  return o;
}

TEST(CrashIsolation, FaultsInNativesEndOnlyTheirActor) {
  const char* program = R"ba(
    (trap-exits true)
    (defn echo [] (receive [from x] -> (do (send from [:echo x]) (echo))))
    (def e (spawn echo))
    (def crashers
      [(spawn-link (fn [] (+ 1 "a")))
       (spawn-link (fn [] (nth [1 2] 10)))
       (spawn-link (fn [] (quot 1 0)))
       (spawn-link (fn [] ((fn f [n] (+ 1 (f n))) 1)))
       (spawn-link (fn [] (:k 1 2 3)))])
    (def reasons (mapv (fn [_] (receive {:exit _ r} -> r)) crashers))
    (send e [(self) :still-here])
    [(count reasons) (every? string? reasons)
     (contains? (set reasons) "+: expected a number, got \"a\" (a string)")
     (receive [:echo x] -> x) (alive? e)])ba";
  EXPECT_EQ(run_program(program, threads(2)),
            "[5 true true :still-here true]");
}

TEST(CrashIsolation, AMessageToADeadActorIsDropped) {
  EXPECT_EQ(run_program(R"(
    (def d (spawn (fn [] :done)))
    (monitor d)
    (receive {:down _ _} -> nil)
    [(send d :hello) (alive? d)])",
                        threads(1)),
            "[:ok false]");
}

const char* kSupervisorProgram = R"(
  (def me (self))
  (defactor worker [id]
    (init [] (send me [:started id]))
    (receive
      :crash -> (panic :boom)
      :stop -> :done
      :ping -> (do (reply [:pong id]) (recur id))))
  (defsupervisor sup
    :strategy STRATEGY
    :max-restarts 10
    :max-seconds 5
    :children [{:id :a :start (spawn worker :a)}
               {:id :b :start (spawn worker :b)}
               {:id :c :start (spawn worker :c) :restart :transient}])
  (def s (spawn sup))
  (defn started [] (receive [:started id] -> id))
  ;; Children start in order but run in parallel: compare as sorted.
  (def initial (vec (sort [(started) (started) (started)])))
  (defn pid-of [id] (some (fn [c] (when (= id (:id c)) (:pid c))) (call s :which-children)))
  (send (pid-of :b) :crash)
  ;; The strategy restarts RESTARTS children; each says [:started id].
  (def restarted
    (vec (sort (loop [acc [] k RESTARTS] (if (zero? k) acc (recur (conj acc (started)) (dec k)))))))
  ;; c ends normally: a transient child is not restarted. Its exit reaches
  ;; the supervisor before its :down reaches us, so the supervisor handles
  ;; it before the call below.
  (let [c (pid-of :c)] (monitor c) (send c :stop) (receive {:down _ _} -> nil))
  (def pongs (mapv (fn [c] (call (:pid c) :ping)) (call s :which-children)))
  ;; Each child said [:started] before it answered the ping: any restart
  ;; beyond RESTARTS would be in the mailbox now.
  [initial restarted (mapv second pongs) pongs
   (receive-timeout 0 [:started id] -> [:extra-restart id] timeout -> :no-more)])";

std::string with_strategy(const char* strategy, int restarts) {
  std::string p = kSupervisorProgram;
  p.replace(p.find("STRATEGY"), 8, strategy);
  for (size_t at = p.find("RESTARTS"); at != std::string::npos; at = p.find("RESTARTS")) {
    p.replace(at, 8, std::to_string(restarts));
  }
  return p;
}

TEST(Supervision, Strategies) {
  const char* after = " [:a :b] [[:pong :a] [:pong :b]] :no-more]";
  EXPECT_EQ(run_program(with_strategy(":one-for-one", 1), threads(2)), std::string("[[:a :b :c] [:b]") + after);
  EXPECT_EQ(run_program(with_strategy(":one-for-all", 3), threads(2)), std::string("[[:a :b :c] [:a :b :c]") + after);
  EXPECT_EQ(run_program(with_strategy(":rest-for-one", 2), threads(2)), std::string("[[:a :b :c] [:b :c]") + after);
}

TEST(Supervision, TooManyRestartsStopTheSupervisor) {
  EXPECT_EQ(run_program(R"(
    (defactor crasher [] (panic :again))
    (defsupervisor fragile
      :max-restarts 3 :max-seconds 5
      :children [{:id :x :start (spawn crasher)}])
    (trap-exits true)
    (def s (spawn-link fragile))   ; linked at spawn: no window in which s can die unseen
    (receive {:exit _ reason} -> reason))",
                        threads(2)),
            ":shutdown");
}

TEST(Supervision, ReloadActorRestartsOnNewCode) {
  EXPECT_EQ(run_program(R"(
    (defactor svc [] (receive :v -> (do (reply 1) (recur))))
    (defsupervisor top :children [{:id :svc :start (spawn svc)}])
    (def s (spawn top))
    ;; The supervisor answers once its children are started, and (after
    ;; reload-actor returned) once it has restarted the reloaded one.
    (defn svc-pid [] (:pid (first (call s :which-children))))
    (def before (call (svc-pid) :v))
    (defactor svc [] (receive :v -> (do (reply 2) (recur))))
    (def n (reload-actor svc))
    [before n (call (svc-pid) :v) (count (find-actors :svc))])",
                        threads(2)),
            "[1 1 2 1]");
}

// 100,000 actors crash under a supervisor; afterwards none is alive and
// the memory of each is back (LeakSanitizer checks the rest at exit).
TEST(Supervision, HundredThousandCrashesLeaveNothingBehind) {
  std::string result = run_program(R"(
    (def me (self))
    (def crashes (atom 0))
    (defactor flaky []
      (if (< (swap! crashes inc) 100000)
        (panic :flaky)
        (do (send me :enough) (receive :never -> nil))))
    (defsupervisor storm
      :max-restarts 1000000 :max-seconds 1
      :children [{:id :flaky :start (spawn flaky)}])
    (def s (spawn storm))
    (receive :enough -> nil)
    (monitor s)
    (send s :stop)   ; the supervisor stops its child, waiting for its exit, then ends
    (receive {:down _ _} -> nil)
    [@crashes (count (actors))])",
                                   threads(2));
  EXPECT_EQ(result, "[100000 0]");
  EXPECT_EQ(actor::live_actor_count(), 0u);
  actor::shutdown_runtime();
}

}  // namespace
}  // namespace batuta
