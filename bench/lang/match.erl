%% The same 5-clause match as match.ba, as an Erlang `case` on the same
%% shapes (tuples and maps): 2,000,000 rounds over five messages, the case
%% inlined by the compiler at each of its five uses.
%%
%% The messages are read from text at run time, as in match.ba and
%% match.exs. Written as literals, they let the compiler's type analysis
%% (beam_ssa_type) know each loop argument's exact shape: `erlc -S` then
%% shows the case deleted, the sums folded to constants, and the "matching"
%% costs nothing. Parsed at run time, the shapes are unknown to the
%% compiler and every case really tests its message.
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
    Msgs = read_messages("[{compute, 1, 2}, #{ok => 3}, #{error => bad}, {exit, 7, normal}, {shutdown}]."),
    [workload(Msgs) || _ <- lists:seq(1, Warmup)],
    Timed = [timer:tc(fun() -> workload(Msgs) end) || _ <- lists:seq(1, Runs)],
    {_, Result} = hd(Timed),
    io:format("~p~n", [Result]),
    [io:format("seconds ~f~n", [Micros / 1.0e6]) || {Micros, _} <- Timed],
    ok.

read_messages(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    {ok, Msgs} = erl_parse:parse_term(Tokens),
    Msgs.

workload([M0, M1, M2, M3, M4]) ->
    loop(0, 0, M0, M1, M2, M3, M4).

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
