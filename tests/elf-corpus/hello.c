/*
 * Minimal arm64 guest program for the loader tests (tests/test_loader.c),
 * built static, static-pie and dynamic by mk/loader.mk.  It has
 * initialised data (a known byte pattern the tests look for in the
 * mapped image) and a large bss that must read as zero.
 */
#include <stdio.h>

const char loader_marker[] = "xemu-loader-test-marker";
char big_bss[3 * 4096 + 123];

int main(int argc, char **argv)
{
    printf("%s %d %s %d\n", loader_marker, argc, argv[0], big_bss[100]);
    return 0;
}
