# group-by + frequencies over 1,000,000 strings (see groupfreq.ba).
from collections import Counter, defaultdict
words = ["w" + str((i * 7919) % 1000) for i in range(1_000_000)]
freqs = Counter(words)
groups = defaultdict(list)
for w in words:
    groups[w].append(w)
print(len(freqs), len(groups), freqs["w7"], len(groups["w7"]))
