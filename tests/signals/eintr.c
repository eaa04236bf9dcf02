/* Signal test (tests/signals/run.sh): a blocking pipe read interrupted by
 * a handler: EINTR without SA_RESTART, transparently restarted with it;
 * nanosleep and pause always give EINTR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int hits;

static void h(int sig)
{
    (void)sig;
    hits++;
}

static void arm(long usec)
{
    struct itimerval it = { { 0, 0 }, { 0, usec } };
    setitimer(ITIMER_REAL, &it, NULL);
}

static void try_read(int restart)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        close(p[0]);
        usleep(300000);         /* after the alarm */
        write(p[1], "x", 1);
        _exit(0);
    }
    close(p[1]);
    hits = 0;
    arm(50000);
    char b;
    errno = 0;
    ssize_t r = read(p[0], &b, 1);
    printf("SA_RESTART=%d: read %zd errno %s hits %d\n", restart, r,
           r < 0 ? strerror(errno) : "-", hits);
    waitpid(c, NULL, 0);
    close(p[0]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    try_read(0);
    try_read(1);
    arm(50000);
    struct timespec ts = { 5, 0 }, rem;
    int r = nanosleep(&ts, &rem);
    printf("nanosleep %d %s rem<5s %d\n", r, r ? strerror(errno) : "-", rem.tv_sec < 5);
    arm(50000);
    r = pause();
    printf("pause %d %s hits %d\n", r, strerror(errno), hits);
    return 0;
}
