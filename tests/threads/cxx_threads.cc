// tests/threads (check-threads): a C++ std::thread program, built with
// aarch64-linux-gnu-g++ (static, run under xemu) and g++ (native); the
// outputs must be identical.  Uses std::mutex, std::condition_variable
// (a bounded producer/consumer queue), std::atomic (fetch_add, CAS loop,
// acquire/release flag), thread_local with a constructor and destructor,
// std::async/std::future, std::call_once and std::shared_mutex.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

static std::atomic<long> tl_constructed{0}, tl_destroyed{0};

struct PerThread {
    std::string name;
    long uses = 0;
    PerThread() : name("worker") { tl_constructed++; }
    ~PerThread() { tl_destroyed++; }
};
static thread_local PerThread per_thread;

class BoundedQueue {
    std::mutex mu;
    std::condition_variable not_full, not_empty;
    std::deque<long> q;
    size_t cap;
    bool closed = false;

public:
    explicit BoundedQueue(size_t c) : cap(c) {}
    void push(long v)
    {
        std::unique_lock<std::mutex> l(mu);
        not_full.wait(l, [&] { return q.size() < cap; });
        q.push_back(v);
        not_empty.notify_one();
    }
    bool pop(long &v)
    {
        std::unique_lock<std::mutex> l(mu);
        not_empty.wait(l, [&] { return !q.empty() || closed; });
        if (q.empty())
            return false;
        v = q.front();
        q.pop_front();
        not_full.notify_one();
        return true;
    }
    void close()
    {
        std::lock_guard<std::mutex> l(mu);
        closed = true;
        not_empty.notify_all();
    }
};

int main()
{
    // producer/consumer through a small queue
    BoundedQueue q(16);
    std::atomic<long> consumed_sum{0}, consumed_n{0};
    std::vector<std::thread> consumers, producers;
    for (int c = 0; c < 3; c++)
        consumers.emplace_back([&] {
            long v;
            while (q.pop(v)) {
                consumed_sum += v;
                consumed_n++;
                per_thread.uses++;
            }
        });
    for (int p = 0; p < 3; p++)
        producers.emplace_back([&, p] {
            for (long i = 0; i < 20000; i++)
                q.push(p * 100000 + i);
        });
    for (auto &t : producers)
        t.join();
    q.close();
    for (auto &t : consumers)
        t.join();
    std::printf("queue: %ld items, sum %ld\n", consumed_n.load(), consumed_sum.load());

    // atomics: fetch_add and a CAS-loop maximum
    std::atomic<long> counter{0}, maximum{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 6; t++)
        ts.emplace_back([&, t] {
            for (long i = 0; i < 100000; i++) {
                counter.fetch_add(1, std::memory_order_relaxed);
                long cand = (i * 7919 + t * 104729) % 1000003, cur = maximum.load();
                while (cand > cur && !maximum.compare_exchange_weak(cur, cand))
                    ;
            }
        });
    for (auto &t : ts)
        t.join();
    std::printf("atomics: counter %ld, max %ld\n", counter.load(), maximum.load());

    // mutex-protected vector, then sorted
    std::mutex vmu;
    std::vector<int> values;
    ts.clear();
    for (int t = 0; t < 4; t++)
        ts.emplace_back([&, t] {
            for (int i = 0; i < 5000; i++) {
                std::lock_guard<std::mutex> l(vmu);
                values.push_back(t * 5000 + i);
            }
        });
    for (auto &t : ts)
        t.join();
    std::sort(values.begin(), values.end());
    bool all = true;
    for (size_t i = 0; i < values.size(); i++)
        all &= values[i] == (int)i;
    std::printf("mutex vector: %zu values, all present: %s\n", values.size(), all ? "yes" : "no");

    // std::async, call_once, shared_mutex readers/writer
    std::vector<std::future<long>> fs;
    for (int k = 1; k <= 8; k++)
        fs.push_back(std::async(std::launch::async, [k] {
            long s = 0;
            for (long i = 1; i <= 100000 * k; i++)
                s += i % 97;
            return s;
        }));
    long total = 0;
    for (auto &f : fs)
        total += f.get();
    std::once_flag once;
    std::atomic<int> once_runs{0};
    std::shared_mutex rw;
    long shared_value = 0;
    std::atomic<long> reads{0};
    ts.clear();
    for (int t = 0; t < 4; t++)
        ts.emplace_back([&, t] {
            std::call_once(once, [&] { once_runs++; });
            for (int i = 0; i < 2000; i++) {
                if (t == 0) {
                    std::unique_lock<std::shared_mutex> l(rw);
                    shared_value++;
                } else {
                    std::shared_lock<std::shared_mutex> l(rw);
                    if (shared_value >= 0)
                        reads++;
                }
            }
        });
    for (auto &t : ts)
        t.join();
    std::printf("async total %ld, call_once ran %d time(s), writer %ld, reads %ld\n", total,
                once_runs.load(), shared_value, reads.load());

    // release/acquire handoff
    std::atomic<bool> ready{false};
    long payload = 0;
    std::thread prod([&] {
        payload = 424242;
        ready.store(true, std::memory_order_release);
    });
    while (!ready.load(std::memory_order_acquire))
        std::this_thread::yield();
    std::printf("handoff payload %ld\n", payload);
    prod.join();
    // thread_local objects: one per thread that used it, all destroyed
    std::printf("thread_local: constructed %ld, destroyed %ld (main's still alive)\n",
                tl_constructed.load(), tl_destroyed.load());
    return 0;
}
