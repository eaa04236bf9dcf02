/* Signal test (tests/signals/run.sh): a process stopped by SIGSTOP in
 * nanosleep / clock_nanosleep (relative and TIMER_ABSTIME) / a blocking
 * read and continued by SIGCONT carries on transparently when it has no
 * handler (restart_syscall: the sleep still lasts its full time); with a
 * SIGCONT handler nanosleep says EINTR and reports the time left, with
 * or without SA_RESTART. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void nap_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static volatile sig_atomic_t conts;
static void on_cont(int s) { (void)s; conts++; }

/* what the child does, by number; its output is one line */
static int ready[2];

static char child_state(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return '?';
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    return rp && rp[1] == ' ' ? rp[2] : '?';
}

/* with a handler the sleep ends early: make it long, so a loaded machine
 * that is slow to continue us still finds time left */
static int body(int how, int wfd, int handler)
{
    struct timespec ts = { handler ? 3 : 0, handler ? 0 : 400000000 }, rem = { 0, 0 };
    double t0 = now();
    int r = 0, e = 0;
    /* the parent stops us only once we are about to block */
    if (write(ready[1], "r", 1) != 1)
        return 1;
    char c;
    switch (how) {
    case 0: r = nanosleep(&ts, &rem); break;
    case 1: r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem); e = r; r = r ? -1 : 0; break;
    case 2: {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += ts.tv_nsec;
        until.tv_sec += ts.tv_sec;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
        e = r;
        r = r ? -1 : 0;
        break;
    }
    case 3: r = (int)read(wfd, &c, 1); break;
    }
    if (r < 0 && !e)
        e = errno;
    double dt = now() - t0;
    /* a full sleep is the point without a handler (a lower bound, safe
     * on a loaded machine); with one, only that time was left */
    if (how == 3 || !handler)
        printf("  r=%d err=%s slept-full=%d rem-set=%d conts=%d\n", r, e ? strerror(e) : "none",
               dt >= 0.39, rem.tv_sec || rem.tv_nsec, (int)conts);
    else
        printf("  r=%d err=%s time-left=%d conts=%d\n", r, e ? strerror(e) : "none",
               rem.tv_sec > 0 || rem.tv_nsec > 0, (int)conts);
    fflush(stdout);
    return 0;
}

static void run(const char *what, int how, int handler)
{
    int p[2];
    if (pipe(p) < 0 || pipe(ready) < 0)
        return;
    printf("%s:\n", what);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        close(p[1]);
        if (handler) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_cont;
            sa.sa_flags = handler == 2 ? SA_RESTART : 0;
            sigaction(SIGCONT, &sa, NULL);
        }
        _exit(body(how, p[0], handler));
    }
    close(p[0]);
    char rc;
    if (read(ready[0], &rc, 1) != 1)
        printf("  child not ready\n");
    close(ready[0]);
    close(ready[1]);
    /* and only once it sleeps in the kernel (a slow, loaded machine may
     * take a while from the ready byte to the blocking call) */
    for (int i = 0; i < 500 && child_state(c) != 'S'; i++)
        nap_ms(2);
    nap_ms(20);
    kill(c, SIGSTOP);
    int st;
    waitpid(c, &st, WUNTRACED);
    printf("  stopped=%d\n", WIFSTOPPED(st));
    fflush(stdout);
    nap_ms(100);
    kill(c, SIGCONT);
    if (how == 3) {
        nap_ms(300);
        if (write(p[1], "x", 1) != 1)
            printf("  write failed\n");
    }
    waitpid(c, &st, 0);
    close(p[1]);
    printf("  exit=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    run("nanosleep, no handler", 0, 0);
    run("clock_nanosleep relative, no handler", 1, 0);
    run("clock_nanosleep absolute, no handler", 2, 0);
    run("read, no handler", 3, 0);
    run("nanosleep, SIGCONT handler", 0, 1);
    run("nanosleep, SIGCONT handler SA_RESTART", 0, 2);
    run("clock_nanosleep, SIGCONT handler", 1, 1);
    run("read, SIGCONT handler SA_RESTART", 3, 2);
    return 0;
}
