%% ping-pong: 1,000,000 round trips between two processes (2,000,000
%% messages). Prints `RESULT pingpong ns_per_message N`. Run: escript pingpong.erl
-module(pingpong).
-mode(compile).
-export([main/1]).

ponger() ->
    receive
        {ping, From, N} -> From ! {pong, N, nil}, ponger();
        stop -> done
    end.

pinger(Main, _P, 0) -> Main ! done;
pinger(Main, P, N) ->
    P ! {ping, self(), N},
    receive {pong, _, _} -> pinger(Main, P, N - 1) end.

main(_) ->
    Rounds = 1000000,
    Me = self(),
    P = spawn(fun ponger/0),
    T0 = erlang:monotonic_time(nanosecond),
    spawn(fun() -> pinger(Me, P, Rounds) end),
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    P ! stop,
    io:format("RESULT pingpong ns_per_message ~p~n", [(T1 - T0) div (2 * Rounds)]).
