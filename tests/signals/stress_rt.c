/* Signal test (tests/signals/run.sh): 100,000 queued real-time signals
 * (sigqueue, in bursts of 16 without waiting, so many are pending at
 * once) to a process cycling through blocking read, write, nanosleep and
 * futex waits under SA_RESTART: every signal is delivered exactly once
 * with its value (the values' sum and per-signal order are checked), and
 * the restartable read and write never see EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N 100000
#define BURST 16
#define NSIG_USED 4

static volatile int handled;
static volatile long long sum;
static int last[NSIG_USED], out_of_order, bad_info;
static int ack[2];

static void h(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int k = sig - SIGRTMIN;
    int v = si->si_value.sival_int;
    if (k < 0 || k >= NSIG_USED || si->si_code != SI_QUEUE)
        bad_info++;
    else if (v <= last[k])
        out_of_order++;
    else
        last[k] = v;
    sum += v;
    handled++;
    char c = 'a';
    (void)!write(ack[1], &c, 1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int tick[2], full[2];
    if (pipe(ack) < 0 || pipe(tick) < 0 || pipe(full) < 0)
        return 1;
    char buf[4096];
    memset(buf, 0, sizeof buf);
    int fl = fcntl(full[1], F_GETFL);
    fcntl(full[1], F_SETFL, fl | O_NONBLOCK);
    while (write(full[1], buf, sizeof buf) > 0)
        ;
    fcntl(full[1], F_SETFL, fl);
    fcntl(ack[1], F_SETFL, O_NONBLOCK);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    for (int k = 0; k < NSIG_USED; k++)
        sigaction(SIGRTMIN + k, &sa, NULL);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        /* values 1..N, signal (value % NSIG_USED); after each burst wait
         * for all its acks, then tick the reader and drain the writer */
        close(ack[1]);
        fcntl(ack[0], F_SETFL, 0);
        for (int i = 1; i <= N;) {
            int b = 0;
            for (; b < BURST && i <= N; b++, i++) {
                union sigval v = { .sival_int = i };
                while (sigqueue(parent, SIGRTMIN + i % NSIG_USED, v) < 0)
                    if (errno != EAGAIN)
                        _exit(2);
            }
            char a[BURST];
            for (int got = 0; got < b;) {
                ssize_t n = read(ack[0], a, (size_t)(b - got));
                if (n <= 0)
                    _exit(1);
                got += (int)n;
            }
            if (write(tick[1], "t", 1) != 1)
                _exit(3);
            if (read(full[0], buf, 1) != 1)
                _exit(4);
        }
        _exit(0);
    }
    close(tick[1]);
    int futex_word = 0;
    unsigned long ops[4] = { 0 }, rw_eintr = 0;
    for (unsigned i = 0; handled < N; i++) {
        char b;
        long r;
        struct timespec ts = { 0, 100000 };
        switch (i % 4) {
        case 0: r = read(tick[0], &b, 1); break;
        case 1: r = write(full[1], &b, 1); break;
        case 2: r = nanosleep(&ts, NULL); break;
        default: {
            struct timespec to = { 0, 100000 };
            r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, &to, NULL, 0);
            break;
        }
        }
        ops[i % 4]++;
        if (r < 0 && errno == EINTR && i % 4 < 2)
            rw_eintr++;
    }
    int st;
    waitpid(c, &st, 0);
    printf("handled %d of %d, sum ok %d, out of order %d, bad %d, sender status %d\n", handled,
           N, sum == (long long)N * (N + 1) / 2, out_of_order, bad_info, WEXITSTATUS(st));
    printf("read/write EINTR under SA_RESTART: %lu, every op ran %d\n", rw_eintr,
           ops[0] && ops[1] && ops[2] && ops[3]);
    return 0;
}
