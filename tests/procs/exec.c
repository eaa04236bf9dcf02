/* Process test (tests/procs/run.sh): execve of the program itself through
 * /proc/self/exe with a new argv[0] (preserved, and /proc/self/exe still
 * names the program), of a host binary (runs natively), of a #! script
 * (with an interpreter argument), fexecve/execveat(AT_EMPTY_PATH), exec
 * errors (ENOENT, EACCES, ENOEXEC-as-shell, ENOTDIR), and posix_spawn.
 * "strace-child" mode is used by run.sh to check -strace is inherited. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int run(char *const argv[], const char *path, int how)
{
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        if (how == 0) {
            execv(path, argv);
        } else if (how == 1) {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            fexecve(fd, argv, environ);
        } else {
            int fd = open(path, O_PATH);
            syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
        }
        const char *base = strrchr(path, '/');
        printf("exec %s failed: %s\n", base ? base + 1 : path, strerror(errno));
        fflush(stdout);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void child_report(int argc, char **argv)
{
    char self[PATH_MAX] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0)
        self[n] = 0;
    const char *want = getenv("EXEC_TEST_EXE");
    printf("child: argc=%d argv0=%s argv1=%s exe-same=%d\n", argc, argv[0], argv[1],
           want && !strcmp(want, self));
    char cmd[256] = "";
    int fd = open("/proc/self/cmdline", O_RDONLY);
    n = read(fd, cmd, sizeof cmd - 1);
    close(fd);
    for (ssize_t i = 0; i < n; i++)
        if (!cmd[i])
            cmd[i] = ' ';
    printf("child cmdline: %s\n", n > 0 ? cmd : "?");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strcmp(argv[1], "child")) {
        child_report(argc, argv);
        return 12;
    }
    if (argc > 1 && !strcmp(argv[1], "wait-stdin")) {
        char c;
        return read(0, &c, 1) == 1 ? 0 : 1;
    }
    if (argc > 1 && !strcmp(argv[1], "strace-child")) {
        if (argc == 2) {
            char *av[] = { argv[0], "strace-child", "again", NULL };
            execv("/proc/self/exe", av);
            return 1;
        }
        /* shows up in the log only if the re-executed xemu traces too */
        access("/exec-child-marker", F_OK);
        return 0;
    }
    char self[PATH_MAX];
    if (!realpath("/proc/self/exe", self))
        return 1;
    setenv("EXEC_TEST_EXE", self, 1);

    char *av[] = { "renamed-zero", "child", "x y", NULL };
    printf("self via /proc/self/exe: %d\n", run(av, "/proc/self/exe", 0));
    printf("self via path: %d\n", run(av, self, 0));
    printf("self via fexecve: %d\n", run(av, self, 1));
    printf("self via execveat: %d\n", run(av, self, 2));

    /* another process's view of an exec'd child: its cmdline */
    int in[2];
    if (pipe(in) < 0)
        return 1;
    fflush(stdout);
    pid_t w = fork();
    if (w == 0) {
        dup2(in[0], 0);
        close(in[1]);
        execl("/proc/self/exe", "renamed-zero", "wait-stdin", "arg two", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    char cpath[64], cl[512] = "";
    snprintf(cpath, sizeof cpath, "/proc/%d/cmdline", (int)w);
    ssize_t cn = 0;
    for (int i = 0; i < 400; i++) {
        int cfd = open(cpath, O_RDONLY);
        cn = cfd >= 0 ? read(cfd, cl, sizeof cl - 1) : -1;
        if (cfd >= 0)
            close(cfd);
        if (cn > 0 && !strncmp(cl, "renamed-zero", 12))
            break;
        usleep(5000);
    }
    for (ssize_t i = 0; i < cn; i++)
        if (!cl[i])
            cl[i] = '|';
    cl[cn > 0 ? cn : 0] = 0;
    printf("child's cmdline seen by its parent: %s\n", cl);
    if (write(in[1], "x", 1) != 1)
        return 1;
    close(in[1]);
    int wst;
    waitpid(w, &wst, 0);
    printf("wait-stdin child: %d\n", WEXITSTATUS(wst));

    char *echo[] = { "echo", "host", "echo", NULL };
    printf("host /bin/echo: %d\n", run(echo, "/bin/echo", 0));
    char *sh[] = { "sh", "-c", "echo \"shell $0 $1\"; exit 5", "zero", "one", NULL };
    printf("host /bin/sh: %d\n", run(sh, "/bin/sh", 0));

    /* #! scripts */
    char dir[] = "/tmp/xemu-exec-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char script[PATH_MAX], script2[PATH_MAX], plain[PATH_MAX], noexec[PATH_MAX];
    snprintf(script, sizeof script, "%s/script.sh", dir);
    snprintf(script2, sizeof script2, "%s/script2", dir);
    snprintf(plain, sizeof plain, "%s/plain", dir);
    snprintf(noexec, sizeof noexec, "%s/noexec", dir);
    FILE *f = fopen(script, "w");
    fprintf(f, "#!/bin/sh\necho \"script: $# args: $1 $2\"\nexit 3\n");
    fclose(f);
    chmod(script, 0755);
    /* interpreter with an argument, the script's path is passed after it */
    f = fopen(script2, "w");
    fprintf(f, "#! /bin/sh -e \necho \"script2 $0\" | sed 's|/tmp/xemu-exec-[^/]*/|DIR/|'\nfalse\necho not reached\n");
    fclose(f);
    chmod(script2, 0755);
    f = fopen(plain, "w");
    fprintf(f, "echo no-shebang\n");
    fclose(f);
    chmod(plain, 0755);
    f = fopen(noexec, "w");
    fprintf(f, "#!/bin/sh\necho hi\n");
    fclose(f);
    chmod(noexec, 0644);
    char *sa[] = { script, "a1", "a2", NULL };
    printf("script: %d\n", run(sa, script, 0));
    char *sa2[] = { script2, NULL };
    printf("script2: %d\n", run(sa2, script2, 0));
    /* execv (not execvp): a file without #! and not ELF is ENOEXEC */
    char *pa[] = { plain, NULL };
    printf("no shebang: %d\n", run(pa, plain, 0));
    printf("not executable: %d\n", run(pa, noexec, 0));
    printf("missing: %d\n", run(pa, "/nonexistent/prog", 0));
    printf("directory: %d\n", run(pa, "/tmp", 0));
    char notdir[PATH_MAX];
    snprintf(notdir, sizeof notdir, "%s/x", plain);
    printf("through a file: %d\n", run(pa, notdir, 0));
    /* execvp runs a no-shebang file with /bin/sh */
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execvp(plain, pa);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("execvp no shebang: %d\n", WEXITSTATUS(st));

    /* posix_spawn (vfork + exec) of ourselves and of a host program */
    pid_t sp;
    int r = posix_spawn(&sp, self, NULL, NULL, av, environ);
    waitpid(sp, &st, 0);
    printf("posix_spawn self: r=%d exit=%d\n", r, WEXITSTATUS(st));
    r = posix_spawn(&sp, "/nonexistent", NULL, NULL, av, environ);
    printf("posix_spawn missing: r=%s\n", strerror(r));
    r = posix_spawnp(&sp, "true", NULL, NULL, (char *[]){ "true", NULL }, environ);
    waitpid(sp, &st, 0);
    printf("posix_spawnp true: r=%d exit=%d\n", r, WEXITSTATUS(st));

    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}
