%% Savina fork-join (throughput): 60 processes each receive 20,000
%% messages sent round-robin by one producer; each message costs a small
%% computation. Prints ns per message.
-module(forkjoin).
-mode(compile).
-export([main/1]).

busy(X) -> S = X * X, (S + 17) rem 1000003.

worker(Main, 0, Acc) -> Main ! {done, Acc};
worker(Main, Left, Acc) -> receive N -> worker(Main, Left - 1, Acc + busy(N)) end.

send_all(PerWorker, PerWorker, _) -> ok;
send_all(I, PerWorker, Ws) -> [W ! I || W <- Ws], send_all(I + 1, PerWorker, Ws).

main(_) ->
    Workers = 60, PerWorker = 20000, Me = self(),
    Ws = [spawn(fun() -> worker(Me, PerWorker, 0) end) || _ <- lists:seq(1, Workers)],
    T0 = erlang:monotonic_time(nanosecond),
    send_all(0, PerWorker, Ws),
    Total = lists:sum([receive {done, Acc} -> Acc end || _ <- Ws]),
    T1 = erlang:monotonic_time(nanosecond),
    io:format("RESULT forkjoin ns_per_message ~p check ~p~n", [(T1 - T0) div (Workers * PerWorker), Total]).
