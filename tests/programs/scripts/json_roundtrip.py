# json: nested structures, unicode escapes, floats, sorting, round trip
import json
data = {
    "name": "xemu", "version": [1, 2, 3], "ok": True, "none": None,
    "floats": [0.1, 1e-7, 1.5e300, -0.0, 3.141592653589793, 2 ** 0.5, 1 / 3],
    "unicode": "caf\u00e9 \u2603 \U0001f600", "nested": {"b": [{"x": i, "y": i * i} for i in range(5)]},
    "big": 2 ** 70, "neg": -12345678901234567890,
}
s = json.dumps(data, sort_keys=True)
print(s)
print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)[:400])
back = json.loads(s)
print(back == data, len(s))
print(json.loads('[1.0000000000000002, 1e400, -1e-400, "\\ud83d\\ude00"]'))
try:
    json.loads('{"a": }')
except json.JSONDecodeError as e:
    print("error:", e)
