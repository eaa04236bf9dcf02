/* Signal test (tests/signals/run.sh): a posix_spawn (vfork) child that
 * resets handlers and blocks everything before its exec fails must not
 * change the parent's handlers or mask (the child has its own). */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
static volatile int got;
static void h(int s) { (void)s; got++; }
int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    posix_spawnattr_t at; posix_spawnattr_init(&at);
    sigset_t def; sigemptyset(&def); sigaddset(&def, SIGUSR1);
    posix_spawnattr_setsigdefault(&at, &def);
    sigset_t m; sigfillset(&m); posix_spawnattr_setsigmask(&at, &m);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid; char *argv[] = { "/bin/true", NULL };
    int e = posix_spawn(&pid, "/nonexistent-xemu", NULL, &at, argv, environ);
    printf("spawn err %d\n", e);
    raise(SIGUSR1);
    sigset_t cur; sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("handler still runs: %d, usr1 blocked %d\n", got, sigismember(&cur, SIGUSR1));
    return 0;
}
