/*
 * epoll_wait interrupted by a signal (EINTR, handler run), then a ready
 * event with its data; epoll_event is 16 bytes on arm64, 12 on x86-64,
 * so this also checks the conversion.  Same output natively.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_alarm(int s)
{
    (void)s;
    got++;
}

int main(void)
{
    int p[2];
    if (pipe(p) < 0)
        return 1;
    int ep = epoll_create1(0);
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
    signal(SIGALRM, on_alarm);
    alarm(1);
    struct epoll_event out[4];
    int r = epoll_wait(ep, out, 4, 5000);
    printf("wait1 r=%d %s handler=%d\n", r, r < 0 && errno == EINTR ? "EINTR" : "-", (int)got);
    if (write(p[1], "x", 1) != 1)
        return 1;
    r = epoll_wait(ep, out, 4, 5000);
    printf("wait2 r=%d data=%llx events=%x\n", r, (unsigned long long)out[0].data.u64,
           out[0].events);
    return 0;
}
