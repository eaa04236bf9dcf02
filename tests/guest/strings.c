/*
 * Guest test program: glibc's string and memory routines (vectorised on
 * arm64) over many lengths and alignments; prints checksums that must
 * equal the native build's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long h = 5381;
static void mix(long v) { h = h * 33 + (unsigned long)v; }
/* memcmp/strcmp only define the sign of their result */
static long sign(int v) { return (v > 0) - (v < 0); }

int main(void)
{
    static char a[4096 + 64], b[4096 + 64];
    for (int i = 0; i < (int)sizeof(a); i++)
        a[i] = (char)('a' + (i * 7) % 26);
    for (int len = 0; len < 300; len++) {
        for (int al = 0; al < 16; al += 3) {
            memcpy(b + al, a + len % 13, (size_t)len);
            b[al + len] = 0;
            mix((long)strlen(b + al));
            mix(sign(memcmp(a + len % 13, b + al, (size_t)len)));
            char *p = memchr(b + al, 'q', (size_t)len);
            mix(p ? p - (b + al) : -1);
            p = strchr(b + al, 'z');
            mix(p ? p - (b + al) : -1);
            p = strrchr(b + al, 'c');
            mix(p ? p - (b + al) : -1);
            mix(sign(strcmp(b + al, a)));
            mix(strncmp(b + al, a + len % 13, 50) != 0);
            memset(b + al, len & 0xff, (size_t)len);
            mix((unsigned char)b[al + len / 2]);
            memmove(b + al + 1, b + al, (size_t)len);
            mix((unsigned char)b[al + len]);
            mix((long)strnlen(a, (size_t)len));
            mix((long)strspn(a + al, "abcdefgh"));
            p = strstr(a + al, "hov");
            mix(p ? p - a : -1);
        }
    }
    char *d = strdup("Hello, World");
    for (char *c = d; *c; c++)
        mix((unsigned char)*c);
    free(d);
    printf("hash %lu\n", h);
    return 0;
}
