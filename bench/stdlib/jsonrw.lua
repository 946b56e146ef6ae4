-- JSON read and write of the 50 MB document (see jsonrw.ba) with lua-cjson
-- (Debian's lua-cjson, a C module: Lua's standard library has no JSON).
local cjson = require("cjson")
local f = assert(io.open("/tmp/batuta-bench-stdlib/doc.json", "rb"))
local data = cjson.decode(f:read("a"))
f:close()
local out = cjson.encode(data)
print(string.format("%d %d", #data, #out))
