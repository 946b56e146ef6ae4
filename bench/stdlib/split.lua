-- split + table.concat over the 100 MB text (see split.ba), splitting with
-- plain string.find; trailing empty pieces are dropped, as Clojure does.
local f = assert(io.open("/tmp/batuta-bench-stdlib/text.txt", "rb"))
local text = f:read("a")
f:close()
local pieces, start = {}, 1
while true do
  local i = string.find(text, "\n", start, true)
  if i == nil then pieces[#pieces + 1] = string.sub(text, start); break end
  pieces[#pieces + 1] = string.sub(text, start, i - 1)
  start = i + 1
end
while #pieces > 1 and pieces[#pieces] == "" do pieces[#pieces] = nil end
local joined = table.concat(pieces, "\n")
print(string.format("%d %d", #pieces, #joined))
