%% spawn 100,000 processes that each wait for one message, then message
%% all of them (each answers). Prints ns per spawn, ns per message and the
%% memory per idle process (erlang:memory(processes) difference).
-module(spawn).
-mode(compile).
-export([main/1]).

waiter(Main) -> receive go -> Main ! done end.

collect(0) -> ok;
collect(N) -> receive done -> collect(N - 1) end.

main(_) ->
    N = 100000,
    Me = self(),
    M0 = erlang:memory(processes),
    T0 = erlang:monotonic_time(nanosecond),
    Pids = [spawn(fun() -> waiter(Me) end) || _ <- lists:seq(1, N)],
    T1 = erlang:monotonic_time(nanosecond),
    timer:sleep(200),
    M1 = erlang:memory(processes),
    T2 = erlang:monotonic_time(nanosecond),
    [P ! go || P <- Pids],
    collect(N),
    T3 = erlang:monotonic_time(nanosecond),
    io:format("RESULT spawn ns_per_spawn ~p~n", [(T1 - T0) div N]),
    io:format("RESULT spawn ns_per_message ~p~n", [(T3 - T2) div (2 * N)]),
    io:format("RESULT spawn bytes_per_idle_actor ~p~n", [(M1 - M0) div N]).
