-- group-by + frequencies over 1,000,000 strings (see groupfreq.ba).
local words = {}
for i = 0, 999999 do words[#words + 1] = "w" .. ((i * 7919) % 1000) end
local freqs, groups, nf, ng = {}, {}, 0, 0
for _, w in ipairs(words) do
  local c = freqs[w]
  if c == nil then nf = nf + 1; freqs[w] = 1 else freqs[w] = c + 1 end
  local g = groups[w]
  if g == nil then ng = ng + 1; g = {}; groups[w] = g end
  g[#g + 1] = w
end
print(string.format("%d %d %d %d", nf, ng, freqs["w7"], #groups["w7"]))
