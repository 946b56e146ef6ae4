%% ring: 1,000 processes pass a token 1,000,000 hops. Prints ns per hop.
-module(ring).
-mode(compile).
-export([main/1]).

node(Main, Next) ->
    receive
        {next, Pid} -> node(Main, Pid);
        0 -> Main ! done, node(Main, Next);
        N when is_integer(N) -> Next ! N - 1, node(Main, Next);
        stop -> done
    end.

main(_) ->
    Size = 1000, Hops = 1000000, Me = self(),
    Nodes = list_to_tuple([spawn(fun() -> node(Me, nil) end) || _ <- lists:seq(1, Size)]),
    [element(I, Nodes) ! {next, element((I rem Size) + 1, Nodes)} || I <- lists:seq(1, Size)],
    T0 = erlang:monotonic_time(nanosecond),
    element(1, Nodes) ! Hops,
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    [element(I, Nodes) ! stop || I <- lists:seq(1, Size)],
    io:format("RESULT ring ns_per_hop ~p~n", [(T1 - T0) div Hops]).
