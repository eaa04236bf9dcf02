# tests/threads (check-threads): python3's threading and concurrent.futures
# under xemu (Debian's arm64 python3.11 with -L cache/sysroot-arm64) must
# print exactly what the same python3.11 prints natively.  Exercises
# Lock, RLock, Condition, Event, Semaphore, Barrier, queue.Queue,
# threading.local, ThreadPoolExecutor (map, submit, as_completed, wait)
# with hashlib/zlib work that releases the GIL, so threads really overlap.
import concurrent.futures as cf
import hashlib
import queue
import threading
import zlib

N = 8

# counter under a Lock, from N threads
lock = threading.Lock()
count = 0


def bump(times):
    global count
    for _ in range(times):
        with lock:
            count += 1


ts = [threading.Thread(target=bump, args=(20000,)) for _ in range(N)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("lock counter", count)

# producer/consumer with queue.Queue and sentinels
q = queue.Queue(maxsize=32)
results = []
rlock = threading.RLock()


def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with rlock:
            with rlock:
                results.append(item * item)
        q.task_done()


cons = [threading.Thread(target=consumer) for _ in range(3)]
for t in cons:
    t.start()
for i in range(3000):
    q.put(i)
for _ in cons:
    q.put(None)
q.join()
for t in cons:
    t.join()
print("queue results", len(results), sum(results))

# Condition/Event/Semaphore/Barrier
cond = threading.Condition()
ready = []
ev = threading.Event()
sem = threading.Semaphore(2)
inside = 0
max_inside = 0
barrier = threading.Barrier(4)
order = []


def staged(i):
    global inside, max_inside
    with cond:
        ready.append(i)
        cond.notify_all()
    ev.wait()
    with sem:
        with lock:
            inside += 1
            max_inside = max(max_inside, inside)
        hashlib.sha256(b"x" * 200000).digest()
        with lock:
            inside -= 1
    k = barrier.wait()
    with lock:
        order.append(k)


ts = [threading.Thread(target=staged, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
with cond:
    cond.wait_for(lambda: len(ready) == 4)
ev.set()
for t in ts:
    t.join()
print("semaphore bound held", 1 <= max_inside <= 2, "barrier indices", sorted(order))

# threading.local
loc = threading.local()
seen = []


def use_local(i):
    loc.v = i
    hashlib.md5(str(i).encode()).hexdigest()
    seen.append(loc.v == i)


ts = [threading.Thread(target=use_local, args=(i,)) for i in range(16)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("thread-local all own", all(seen), len(seen))

# concurrent.futures: GIL-releasing work in a pool
blobs = [bytes((i * j) & 0xFF for j in range(100000)) for i in range(1, 17)]


def digest(b):
    return hashlib.sha256(zlib.compress(b, 6)).hexdigest()[:16]


with cf.ThreadPoolExecutor(max_workers=4) as ex:
    mapped = list(ex.map(digest, blobs))
    futs = {ex.submit(digest, b): i for i, b in enumerate(blobs)}
    done = sorted((futs[f], f.result()) for f in cf.as_completed(futs))
    w = cf.wait([ex.submit(pow, 3, k, 1000003) for k in range(100)])
print("pool map", mapped[:3], len(mapped))
print("pool as_completed agrees", [d for _, d in done] == mapped)
print("pool wait", len(w.done), sum(f.result() for f in w.done))
print("active threads at the end", threading.active_count())
