%% Savina counting actor: a producer sends 1,000,000 increment messages
%% to a counter, then asks for the total. Prints ns per message.
-module(counting).
-mode(compile).
-export([main/1]).

counter(Count) ->
    receive
        increment -> counter(Count + 1);
        {get, From} -> From ! {total, Count}
    end.

producer(C, Main, 0) -> C ! {get, Main};
producer(C, Main, N) -> C ! increment, producer(C, Main, N - 1).

main(_) ->
    N = 1000000, Me = self(),
    C = spawn(fun() -> counter(0) end),
    T0 = erlang:monotonic_time(nanosecond),
    spawn(fun() -> producer(C, Me, N) end),
    Total = receive {total, T} -> T end,
    T1 = erlang:monotonic_time(nanosecond),
    io:format("RESULT counting ns_per_message ~p check ~p~n", [(T1 - T0) div N, Total]).
