/* Signal test (tests/signals/run.sh): blocking calls that xemu handles
 * itself rather than passing through - open of a FIFO with no writer,
 * fcntl F_SETLKW on a lock another process holds - interrupted by a
 * signal: EINTR without SA_RESTART, restarted (and then completing)
 * with it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

static void arm(int restart)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 100000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    alarms = 0;
}

static void nap_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char dir[] = "/tmp/xemu-eintr-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char fifo[256], lockf[256];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(lockf, sizeof lockf, "%s/lock", dir);
    mkfifo(fifo, 0600);

    arm(0);
    int fd = open(fifo, O_RDONLY);
    printf("fifo open, no SA_RESTART: %d %s alarms %d\n", fd, fd < 0 ? strerror(errno) : "", alarms);

    /* with SA_RESTART the open goes on until a writer comes (at 300 ms) */
    pid_t w = fork();
    if (w == 0) {
        nap_ms(300);
        int wfd = open(fifo, O_WRONLY);
        _exit(wfd < 0);
    }
    arm(1);
    fd = open(fifo, O_RDONLY);
    printf("fifo open, SA_RESTART: ok %d alarms %d\n", fd >= 0, alarms);
    close(fd);
    waitpid(w, NULL, 0);

    /* F_SETLKW against a lock held by a child for 300 ms */
    int lfd = open(lockf, O_RDWR | O_CREAT, 0600);
    int ready[2];
    if (pipe(ready) < 0)
        return 1;
    pid_t holder = fork();
    if (holder == 0) {
        int f = open(lockf, O_RDWR);
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        fcntl(f, F_SETLK, &fl);
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        nap_ms(300);
        _exit(0);
    }
    char c;
    if (read(ready[0], &c, 1) != 1)
        return 1;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    arm(0);
    int r = fcntl(lfd, F_SETLKW, &fl);
    printf("F_SETLKW, no SA_RESTART: %d %s alarms %d\n", r, r < 0 ? strerror(errno) : "", alarms);
    arm(1);
    r = fcntl(lfd, F_SETLKW, &fl);
    printf("F_SETLKW, SA_RESTART: %d alarms %d\n", r, alarms);
    waitpid(holder, NULL, 0);
    unlink(fifo);
    unlink(lockf);
    rmdir(dir);
    return 0;
}
