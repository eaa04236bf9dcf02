/* Process test (tests/procs/run.sh): exit statuses and deaths by signal
 * as wait4/waitpid/waitid report them (WIFEXITED, WTERMSIG, the core-dump
 * bit, CLD_* codes, si_pid/si_status), WNOHANG, WNOWAIT, stopped and
 * continued children (WUNTRACED/WCONTINUED), ECHILD. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static void no_core(void)
{
    struct rlimit r = { 0, 0 };
    setrlimit(RLIMIT_CORE, &r);
}

static void allow_core(void)
{
    struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
    setrlimit(RLIMIT_CORE, &r);
}

static void show(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %d core=%d\n", what, WTERMSIG(st), WCOREDUMP(st) ? 1 : 0);
    else if (WIFSTOPPED(st))
        printf("%s: stopped by %d\n", what, WSTOPSIG(st));
    else if (WIFCONTINUED(st))
        printf("%s: continued\n", what);
    else
        printf("%s: raw %#x\n", what, st);
}

/* child bodies, by number */
static void child(int how)
{
    switch (how) {
    case 0: _exit(0);
    case 1: _exit(42);
    case 2: exit(255);
    case 3: no_core(); raise(SIGTERM); break;
    case 4: no_core(); raise(SIGKILL); break;
    case 5: no_core(); *(volatile int *)8 = 1; break;
    case 6: no_core(); abort();
    case 7: no_core(); raise(SIGUSR1); break;
    case 8: no_core(); raise(SIGQUIT); break;
    case 9: for (;;) pause();
    }
    _exit(99);
}

int main(void)
{
    static const char *names[] = { "exit0", "exit42", "exit255", "SIGTERM", "SIGKILL",
                                   "SIGSEGV", "abort", "SIGUSR1", "SIGQUIT" };
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 0; i < 9; i++) {
        pid_t p = fork();
        if (p == 0)
            child(i);
        int st;
        struct rusage ru;
        pid_t w = wait4(p, &st, 0, &ru);
        printf("wait4 pid ok=%d ", w == p);
        show(names[i], st);
    }
    /* waitid: codes and status */
    for (int i = 0; i < 9; i++) {
        pid_t p = fork();
        if (p == 0)
            child(i);
        siginfo_t si;
        memset(&si, 0, sizeof si);
        int r = waitid(P_PID, p, &si, WEXITED);
        printf("waitid %s: r=%d signo=%d code=%d status=%d pid-ok=%d uid-ok=%d\n", names[i], r,
               si.si_signo, si.si_code, si.si_status, si.si_pid == p, si.si_uid == getuid());
    }
    /* WNOHANG while running, WNOWAIT leaves it waitable */
    pid_t p = fork();
    if (p == 0)
        child(9);
    int st = 0;
    printf("WNOHANG running: %d\n", waitpid(p, &st, WNOHANG));
    kill(p, SIGSTOP);
    pid_t w = waitpid(p, &st, WUNTRACED);
    printf("WUNTRACED ok=%d ", w == p);
    show("stop", st);
    kill(p, SIGCONT);
    w = waitpid(p, &st, WCONTINUED);
    printf("WCONTINUED ok=%d ", w == p);
    show("cont", st);
    kill(p, SIGSTOP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WSTOPPED);
    printf("waitid stopped: code=%d status=%d\n", si.si_code, si.si_status);
    kill(p, SIGCONT);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WCONTINUED);
    printf("waitid continued: code=%d status=%d\n", si.si_code, si.si_status);
    kill(p, SIGINT);
    memset(&si, 0, sizeof si);
    waitid(P_ALL, 0, &si, WEXITED | WNOWAIT);
    printf("WNOWAIT: code=%d status=%d pid-ok=%d\n", si.si_code, si.si_status, si.si_pid == p);
    w = waitpid(-1, &st, 0);
    printf("after WNOWAIT ok=%d ", w == p);
    show("int", st);
    int r = waitpid(-1, &st, 0);
    printf("no children: %d errno=%s\n", r, strerror(errno));
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid no children: %d errno=%s\n", r, strerror(errno));
    r = waitpid(-1, &st, 0x1000);
    printf("bad options: %d errno=%s\n", r, strerror(errno));
    /* the core-dump bit, when a core may be written: into a scratch dir */
    char dir[] = "/tmp/xemu-core-XXXXXX";
    if (mkdtemp(dir)) {
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd))
            cwd[0] = 0;
        p = fork();
        if (p == 0) {
            if (chdir(dir) != 0)
                _exit(98);
            allow_core();
            raise(SIGQUIT);
            _exit(97);
        }
        waitpid(p, &st, 0);
        show("SIGQUIT with core allowed", st);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            printf("cleanup failed\n");
    }
    return 0;
}
