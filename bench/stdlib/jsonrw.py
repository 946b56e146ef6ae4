# JSON read and write of the 50 MB document (see jsonrw.ba), compact output.
# (Named jsonrw, not json: a json.py here would shadow the json module.)
import json
with open("/tmp/batuta-bench-stdlib/doc.json", encoding="utf-8") as f:
    data = json.loads(f.read())
out = json.dumps(data, separators=(",", ":"))
print(len(data), len(out))
