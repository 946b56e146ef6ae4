-- map / filter / reduce over 10,000,000 integers (see pipeline.ba), with
-- iterator closures: Lua has no lazy sequences in its library.
local function range(n) local i = -1 return function() i = i + 1 if i < n then return i end end end
local function map(f, it) return function() local x = it() if x ~= nil then return f(x) end end end
local function filter(p, it) return function() while true do local x = it() if x == nil or p(x) then return x end end end end
local function reduce(f, acc, it) for x in it do acc = f(acc, x) end return acc end
print(math.tointeger(reduce(function(a, b) return a + b end, 0,
  filter(function(x) return x % 2 == 0 end, map(function(x) return 3 * x end, range(10000000))))))
