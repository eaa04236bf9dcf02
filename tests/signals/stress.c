/* Signal test (tests/signals/run.sh): 100,000 signals, one at a time (the
 * sender waits for the handler's ack on a pipe, so none merge), to a
 * process cycling through blocking read, write, nanosleep and futex
 * waits; every one must be handled. */
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

static volatile int handled;
static int ack[2];

static void h(int sig)
{
    (void)sig;
    handled++;
    char c = 'a';
    (void)!write(ack[1], &c, 1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int idle[2], full[2];
    pipe(ack);
    pipe(idle);                 /* never written: read blocks */
    pipe(full);                 /* filled up: write blocks */
    char buf[4096];
    memset(buf, 0, sizeof buf);
    int fl = fcntl(full[1], F_GETFL);
    fcntl(full[1], F_SETFL, fl | O_NONBLOCK);
    while (write(full[1], buf, sizeof buf) > 0)
        ;
    fcntl(full[1], F_SETFL, fl);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        close(ack[1]);
        for (int i = 0; i < N; i++) {
            char b;
            kill(parent, SIGUSR1);
            if (read(ack[0], &b, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    int futex_word = 0;
    unsigned long ops[4] = { 0 }, eintr = 0;
    for (unsigned i = 0; handled < N; i++) {
        char b;
        long r;
        struct timespec ts = { 0, 200000 };
        switch (i % 4) {
        case 0: r = read(idle[0], &b, 1); break;
        case 1: r = write(full[1], &b, 1); break;
        case 2: r = nanosleep(&ts, NULL); break;
        default: r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0); break;
        }
        ops[i % 4]++;
        if (r < 0 && errno == EINTR)
            eintr++;
    }
    int st;
    waitpid(c, &st, 0);
    printf("handled %d of %d, sender status %d, every op ran %d\n", handled, N,
           WEXITSTATUS(st), ops[0] && ops[1] && ops[3]);
    return 0;
}
