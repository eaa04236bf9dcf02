/*
 * Guest test program: prints what a process sees of its start-up
 * (argv, selected environment, cwd, stdin) and exits with a chosen status.
 * Built for arm64 (run under xemu) and amd64 (run natively); the outputs
 * must be identical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char cwd[4096];
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("XEMU_TEST_VAR");
    printf("XEMU_TEST_VAR=%s\n", v ? v : "(unset)");
    printf("cwd=%s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
    char buf[256];
    size_t total = 0, n;
    unsigned long sum = 0;
    while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
        for (size_t k = 0; k < n; k++)
            sum = sum * 31 + (unsigned char)buf[k];
        total += n;
    }
    printf("stdin: %zu bytes, hash %lu\n", total, sum);
    fprintf(stderr, "to stderr\n");
    const char *code = getenv("XEMU_TEST_EXIT");
    return code ? atoi(code) : 0;
}
