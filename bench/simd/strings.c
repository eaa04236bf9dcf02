/* FP/SIMD benchmark (bench/simd.py): strlen/memchr/memcmp-heavy loops;
 * glibc's AdvSIMD string routines (CMEQ, UMAXP, ADDP, SHRN, ...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSTR 4096

int main(void)
{
    static char buf[NSTR * 80];
    char *s[NSTR];
    unsigned seed = 1;
    char *p = buf;
    for (int i = 0; i < NSTR; i++) {
        s[i] = p;
        seed = seed * 1103515245u + 12345u;
        int len = 8 + (int)((seed >> 16) % 64);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            p[k] = (char)('a' + (seed >> 16) % 26);
        }
        p[len] = 0;
        p += len + 1;
    }
    unsigned long total = 0;
    for (int rep = 0; rep < 1000; rep++)
        for (int i = 0; i < NSTR; i++) {
            size_t n = strlen(s[i]);
            const char *q = memchr(s[i], 'a' + rep % 26, n);
            total += n + (q ? (size_t)(q - s[i]) : 0);
            total += memcmp(s[i], s[(i + 1) % NSTR], 4) > 0;
        }
    printf("%lu\n", total);
    return 0;
}
