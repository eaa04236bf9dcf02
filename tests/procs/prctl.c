/* Process test (tests/procs/run.sh): prctl PR_SET_NAME/PR_GET_NAME as
 * /proc/self/comm, /proc/self/task/TID/comm and /proc/thread-self/comm
 * show them (also a thread's own name); PR_SET_PDEATHSIG delivered when
 * the parent dies; PR_SET_CHILD_SUBREAPER adopting an orphaned grandchild;
 * PR_GET/SET_DUMPABLE, NO_NEW_PRIVS, KEEPCAPS, bad options. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show_file(const char *label, const char *path)
{
    char buf[256] = "";
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open failed %s\n", label, strerror(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    printf("%s: %s", label, buf);
}

static pthread_barrier_t bar;
static pid_t thread_tid;

static void *named_thread(void *arg)
{
    (void)arg;
    thread_tid = (pid_t)syscall(SYS_gettid);
    prctl(PR_SET_NAME, "worker-thread", 0, 0, 0);
    show_file("thread-self/comm in thread", "/proc/thread-self/comm");
    show_file("self/comm in thread", "/proc/self/comm");
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    return NULL;
}

static int pipefd[2];

static void on_usr2(int sig)
{
    (void)sig;
    if (write(pipefd[1], "D", 1) != 1)
        _exit(9);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char name[32] = "";
    prctl(PR_SET_NAME, "renamed-by-test-long", 0, 0, 0);
    prctl(PR_GET_NAME, name, 0, 0, 0);
    printf("PR_GET_NAME: %s\n", name);
    show_file("self/comm", "/proc/self/comm");
    char path[96];
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", getpid());
    show_file("task/pid/comm", path);
    snprintf(path, sizeof path, "/proc/%d/comm", getpid());
    show_file("pid/comm", path);
    /* writing comm renames too */
    int fd = open("/proc/self/comm", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "via-comm", 8) != 8)
            printf("comm write failed\n");
        close(fd);
    }
    prctl(PR_GET_NAME, name, 0, 0, 0);
    printf("after comm write: %s\n", name);

    pthread_barrier_init(&bar, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, named_thread, NULL);
    pthread_barrier_wait(&bar);
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", thread_tid);
    show_file("task/tid/comm from main", path);
    show_file("self/comm from main", "/proc/self/comm");
    pthread_setname_np(t, "set-by-main");
    show_file("after pthread_setname_np", path);
    char tn[32] = "";
    pthread_getname_np(t, tn, sizeof tn);
    printf("pthread_getname_np: %s\n", tn);
    pthread_barrier_wait(&bar);
    pthread_join(t, NULL);

    /* dumpable and friends */
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    printf("after set 0: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    printf("after set 1: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    int r = prctl(PR_SET_DUMPABLE, 5, 0, 0, 0);
    printf("set 5: %d %s\n", r, r < 0 ? strerror(errno) : "");
    printf("PR_GET_KEEPCAPS: %d\n", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    printf("PR_GET_PDEATHSIG initial: ");
    int pd = -1;
    prctl(PR_GET_PDEATHSIG, &pd, 0, 0, 0);
    printf("%d\n", pd);
    r = prctl(12345, 0, 0, 0, 0);
    printf("unknown option: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* PR_SET_PDEATHSIG: a grandchild is told when its parent dies */
    if (pipe(pipefd) < 0)
        return 1;
    signal(SIGUSR2, on_usr2);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    int sr = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &sr, 0, 0, 0);
    printf("PR_GET_CHILD_SUBREAPER: %d\n", sr);
    int ready[2];
    if (pipe(ready) < 0)
        return 1;
    pid_t mid = fork();
    if (mid == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            prctl(PR_SET_PDEATHSIG, SIGUSR2, 0, 0, 0);
            int got = -1;
            prctl(PR_GET_PDEATHSIG, &got, 0, 0, 0);
            char msg = got == SIGUSR2 ? 'Y' : 'N';
            if (write(ready[1], &msg, 1) != 1)
                _exit(8);
            /* wait for the parent to be gone: then the subreaper adopts us */
            for (int i = 0; i < 500 && getppid() != 1; i++) {
                char c;
                struct timespec ts = { 0, 10000000 };
                nanosleep(&ts, NULL);
                (void)c;
            }
            _exit(getppid() == getpid() ? 7 : 33);
        }
        char c;
        if (read(ready[0], &c, 1) != 1)
            _exit(8);
        _exit(c == 'Y' ? 17 : 18);
    }
    int st;
    waitpid(mid, &st, 0);
    printf("middle exited %d\n", WEXITSTATUS(st));
    char c = 0;
    if (read(pipefd[0], &c, 1) != 1)
        c = '?';
    printf("death signal handled in grandchild: %c\n", c);
    /* the orphan is now ours: wait for it */
    pid_t w = waitpid(-1, &st, 0);
    printf("subreaper reaped grandchild: %d exit %d\n", w > 0, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
