-- A closure called 10,000,000 times by reduce over a range (see reduce.ba).
-- Lua has neither, so both are written here the way Clojure's are built:
-- a range is a bound, and reducing it is a counted loop calling f
-- (Clojure's LongRange reduces itself the same way), one call per element.
local function range(n) return { n = n } end

local function reduce(f, acc, r)
  for x = 0, r.n - 1 do
    acc = f(acc, x)
  end
  return acc
end

local function weighted_sum(k, n)
  return reduce(function(acc, x) return acc + x * k end, 0, range(n))
end

print(string.format("%d", weighted_sum(3, 10000000)))
