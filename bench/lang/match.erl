%% The same 5-clause match as match.ba, as an Erlang `case` on the same
%% shapes (tuples and maps): 2,000,000 rounds over five messages, the case
%% inlined by the compiler at each of its five uses. Run: escript match.erl
-module(match).
-mode(compile).
-compile({inline, [handle/1]}).
-export([main/1]).

main(_) ->
    io:format("~p~n", [loop(0, 0, {compute, 1, 2}, #{ok => 3}, #{error => bad}, {exit, 7, normal}, {shutdown})]).

handle(Msg) ->
    case Msg of
        {compute, X, Y} -> X + Y;
        #{ok := V} -> V;
        #{error := _} -> 1;
        {exit, _, _} -> 2;
        {shutdown} -> 4
    end.

loop(2000000, Acc, _, _, _, _, _) -> Acc;
loop(I, Acc, M0, M1, M2, M3, M4) ->
    loop(I + 1, Acc + handle(M0) + handle(M1) + handle(M2) + handle(M3) + handle(M4), M0, M1, M2, M3, M4).
