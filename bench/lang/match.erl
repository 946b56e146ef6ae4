%% The same 5-clause match as match.ba, as an Erlang `case` on the same
%% shapes (tuples and maps): 2,000,000 rounds over five messages, the case
%% inlined by the compiler at each of its five uses.
%%
%% Timed inside the BEAM, as harness.clj does for Clojure: WARMUP untimed
%% runs, then RUNS timed ones; prints the result, then "seconds S" per
%% timed run, so BEAM start-up and module compilation are not counted.
%% Run: escript match.erl [RUNS [WARMUP]]   (defaults 5 and 1)
-module(match).
-mode(compile).
-compile({inline, [handle/1]}).
-export([main/1]).

main(Args) ->
    [Runs, Warmup] = case Args of
                         [R, W] -> [list_to_integer(R), list_to_integer(W)];
                         [R] -> [list_to_integer(R), 1];
                         [] -> [5, 1]
                     end,
    [workload() || _ <- lists:seq(1, Warmup)],
    Timed = [timer:tc(fun workload/0) || _ <- lists:seq(1, Runs)],
    {_, Result} = hd(Timed),
    io:format("~p~n", [Result]),
    [io:format("seconds ~f~n", [Micros / 1.0e6]) || {Micros, _} <- Timed],
    ok.

workload() ->
    loop(0, 0, {compute, 1, 2}, #{ok => 3}, #{error => bad}, {exit, 7, normal}, {shutdown}).

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
