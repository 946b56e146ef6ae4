# The same 5-clause match as match.ba, as an Elixir `case` on the same
# shapes (tuples and maps): 2,000,000 rounds over five messages, the case
# inlined by the compiler at each of its five uses.
#
# The messages are read from text at run time, as in match.ba and
# match.erl: written as literals, the Erlang compiler's type analysis knows
# each loop argument's exact shape and deletes the case (see match.erl).
#
# Timed inside the BEAM, as harness.clj does for Clojure: WARMUP untimed
# runs, then RUNS timed ones; prints the result, then "seconds S" per timed
# run. Run: elixir match.exs [RUNS [WARMUP]]   (defaults 5 and 1)
defmodule MatchBench do
  @compile {:inline, handle: 1}

  def handle(msg) do
    case msg do
      {:compute, x, y} -> x + y
      %{ok: v} -> v
      %{error: _} -> 1
      {:exit, _, _} -> 2
      {:shutdown} -> 4
    end
  end

  def loop(2_000_000, acc, _, _, _, _, _), do: acc

  def loop(i, acc, m0, m1, m2, m3, m4) do
    loop(i + 1, acc + handle(m0) + handle(m1) + handle(m2) + handle(m3) + handle(m4), m0, m1, m2, m3, m4)
  end
end

{runs, warmup} =
  case Enum.map(System.argv(), &String.to_integer/1) do
    [r, w] -> {r, w}
    [r] -> {r, 1}
    [] -> {5, 1}
  end

{msgs, _} = Code.eval_string("[{:compute, 1, 2}, %{ok: 3}, %{error: :bad}, {:exit, 7, :normal}, {:shutdown}]")
[m0, m1, m2, m3, m4] = msgs
workload = fn -> MatchBench.loop(0, 0, m0, m1, m2, m3, m4) end
for _ <- 1..warmup//1, do: workload.()
timed = for _ <- 1..runs, do: :timer.tc(workload)
{_, result} = hd(timed)
IO.puts(result)
for {micros, _} <- timed, do: IO.puts("seconds #{micros / 1.0e6}")
