/* FP/SIMD benchmark (bench/simd.py): vectorised integer loops: a byte
 * histogram-like clamp/max/compare pass, int32 multiply-add, min/max. */
#include <stdint.h>
#include <stdio.h>

#define LEN 16384
static uint8_t u8a[LEN], u8b[LEN], u8c[LEN];
static int32_t i32a[LEN], i32b[LEN], i32c[LEN];
static int16_t i16a[LEN], i16b[LEN];

int main(void)
{
    uint32_t seed = 7;
    for (int i = 0; i < LEN; i++) {
        seed = seed * 1664525u + 1013904223u;
        u8a[i] = (uint8_t)(seed >> 24);
        u8b[i] = (uint8_t)(seed >> 16);
        i32a[i] = (int32_t)(seed >> 8) - 0x800000;
        i32b[i] = (int32_t)(seed & 0xffff) - 0x8000;
        i16a[i] = (int16_t)(seed >> 12);
        i16b[i] = (int16_t)seed;
    }
    uint64_t check = 0;
    for (int rep = 0; rep < 3000; rep++) {
        for (int i = 0; i < LEN; i++) {
            uint8_t m = u8a[i] > u8b[i] ? u8a[i] : u8b[i];
            u8c[i] = (uint8_t)(m + (u8a[i] == u8b[i] ? 1 : 0));
        }
        for (int i = 0; i < LEN; i++) {
            int32_t v = i32a[i] * i32b[i] + i32c[i];
            i32c[i] = v < i32a[i] ? i32a[i] : (v > i32b[i] ? v - i32b[i] : v);
        }
        for (int i = 0; i < LEN; i++) {
            int16_t d = (int16_t)(i16a[i] - i16b[i]);
            i16a[i] = (int16_t)(d > 0 ? d : (int16_t)(i16b[i] * 3));
        }
        check += u8c[rep % LEN] + (uint32_t)i32c[(rep * 7) % LEN] + (uint16_t)i16a[rep % LEN];
        u8a[rep % LEN] ^= 0x55;
    }
    printf("%llu\n", (unsigned long long)check);
    return 0;
}
