# threads: a lock-protected counter, a queue pipeline, results in order
import threading, queue, hashlib
total = 0
lock = threading.Lock()
def add(n):
    global total
    for i in range(n):
        with lock:
            total += i
ts = [threading.Thread(target=add, args=(20000,)) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("total", total)
q_in, q_out = queue.Queue(), queue.Queue()
def worker():
    while True:
        item = q_in.get()
        if item is None:
            break
        q_out.put((item, hashlib.sha256(str(item).encode()).hexdigest()[:12]))
ws = [threading.Thread(target=worker) for _ in range(3)]
for w in ws: w.start()
for i in range(200): q_in.put(i)
for _ in ws: q_in.put(None)
for w in ws: w.join()
res = sorted(q_out.get() for _ in range(200))
print(len(res), res[:3], res[-1])
