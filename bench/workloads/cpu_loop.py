# CPU-bound pure Python: integer arithmetic, dicts, strings, lists, calls.
def collatz_len(n, cache={1: 1}):
    path = []
    while n not in cache:
        path.append(n)
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    k = cache[n]
    for m in reversed(path):
        k += 1
        cache[m] = k
    return k

best = max(range(1, 300000), key=collatz_len)
words = {}
for i in range(200000):
    w = "w%d" % (i * 7919 % 5003)
    words[w] = words.get(w, 0) + len(w)
s = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
acc = 0.0
for i in range(1, 300000):
    acc += (i % 7) / i
print(best, collatz_len(best), s, "%.6f" % acc)
