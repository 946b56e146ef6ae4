# str.split + str.join over the 100 MB text (see split.ba); trailing empty
# pieces are dropped, as clojure.string/split does.
with open("/tmp/batuta-bench-stdlib/text.txt", encoding="utf-8") as f:
    text = f.read()
pieces = text.split("\n")
while len(pieces) > 1 and pieces[-1] == "":
    pieces.pop()
joined = "\n".join(pieces)
print(len(pieces), len(joined))
