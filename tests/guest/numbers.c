/*
 * Guest test program: integer and floating-point formatting and parsing
 * through glibc (printf/strtod/libm), which exercise the FP and SIMD
 * paths of the translator.  Output compared with the native amd64 build.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    static const double vals[] = { 0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-310,
                                   1e300, 123456789.125, 0.1, 2.5e-5 };
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        double v = vals[i];
        printf("%g %.17g %e %a %f\n", v, v, v, v, v);
        printf("  sqrt=%.12g sin=%.12g exp=%.12g log=%.12g floor=%g ceil=%g\n",
               sqrt(fabs(v)), sin(v), exp(v > 700 ? 700 : v), log(fabs(v) + 1), floor(v), ceil(v));
        printf("  (float)=%.9g (int64)=%lld\n", (float)v,
               (long long)(fabs(v) < 9e18 ? (long long)v : 0));
    }
    static const char *strs[] = { "1.5", "-0", "1e-320", "0x1.8p3", "inf", "nan", "12345678901234567890" };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        printf("strtod(%s)=%.17g strtoull=%llu\n", strs[i], strtod(strs[i], NULL),
               strtoull(strs[i], NULL, 0));
    int64_t acc = 0x123456789abcdefll;
    uint64_t u = 0xfedcba9876543210ull;
    for (int i = 0; i < 100; i++) {
        acc = acc * 6364136223846793005ll + 1442695040888963407ll;
        u ^= u << 13;
        u ^= u >> 7;
        u ^= u << 17;
        printf("%lld %llu %llx %lld %llu %d\n", (long long)acc, (unsigned long long)u,
               (unsigned long long)(u / 7), (long long)(acc % 1000), (unsigned long long)(u >> 3),
               __builtin_popcountll(u));
    }
    char buf[64];
    memset(buf, 'x', sizeof(buf));
    snprintf(buf, sizeof(buf), "%08.3f|%-6d|%+d|%s", 3.14159, 42, 7, "str");
    printf("%s %zu\n", buf, strlen(buf));
    return 0;
}
