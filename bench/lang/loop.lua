-- 100,000,000 iterations of a counted loop (see loop.ba): acc = i - acc.
-- A while loop, as loop/recur is: explicit counter, compare, increment.
local i, acc = 0, 0
while i < 100000000 do
  acc = i - acc
  i = i + 1
end
print(string.format("%d", acc))
