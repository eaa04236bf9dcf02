/*
 * A freestanding arm64 program (no libc, general registers only) made of
 * integer kernels the compiler turns into every kind of A64
 * data-processing instruction: bitfield extracts and inserts, CSEL/CSINC
 * and CCMP chains, MADD/MSUB/UMULH/SMULH, divisions, CLZ/RBIT/REV,
 * CRC32, shifts by register, libgcc's 128-bit division.  It prints one
 * checksum line per kernel.
 * tests/test_a64_dp.c builds it with aarch64-linux-gnu-gcc and requires
 * xemu-aarch64 to print exactly what qemu-aarch64 prints.
 */
#include <stdint.h>

#define N 512

static long sys3(long nr, long a, long b, long c)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static void put(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    sys3(64, 1, (long)s, n);
}

static void put_hex(const char *name, uint64_t v)
{
    char buf[40];
    int i = 0;
    while (name[i]) {
        buf[i] = name[i];
        i++;
    }
    buf[i++] = ' ';
    for (int k = 60; k >= 0; k -= 4)
        buf[i++] = "0123456789abcdef"[(v >> k) & 15];
    buf[i++] = '\n';
    buf[i] = 0;
    put(buf);
}

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static uint64_t data[N];
static int32_t sdata[N];

__attribute__((noinline)) static uint64_t k_bitfields(void)
{
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        uint64_t v = data[i];
        uint32_t w = (uint32_t)v;
        h += (v >> 7) & 0x3ff;                  /* UBFX */
        h ^= (uint64_t)((int64_t)(v << 20) >> 44); /* SBFX */
        h += (uint64_t)(int8_t)w + (uint16_t)(w >> 3) + (uint64_t)(int32_t)w;
        h = (h & ~0xff00ull) | ((v & 0xff) << 8);   /* BFI */
        h = (h << 13) | (h >> 51);              /* ROR (EXTR) */
        h += (w << 5) ^ (w >> 27);
    }
    return h;
}

__attribute__((noinline)) static uint64_t k_select(void)
{
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        int64_t a = (int64_t)data[i], b = (int64_t)data[(i + 1) % N];
        int32_t x = sdata[i], y = sdata[(i + 3) % N];
        h += a < b ? (uint64_t)a : (uint64_t)b;
        h += (x > y) + (x == y) * 2 + ((uint32_t)x < (uint32_t)y) * 4;
        h += (a > 0 && b < 0) || x == 7 ? 1 : (uint64_t)-1;   /* CCMP chains */
        h += x < 0 ? (uint64_t)-x : (uint64_t)x;              /* CNEG */
        h += (uint64_t)(a >= b ? ~a : a + 1);
    }
    return h;
}

__attribute__((noinline)) static uint64_t k_arith(void)
{
    uint64_t h = 1;
    for (int i = 0; i < N; i++) {
        uint64_t a = data[i], b = data[(i + 5) % N] | 1;
        int64_t sa = (int64_t)a, sb = (int64_t)(b >> (i & 7));
        h = h * 0x9e3779b97f4a7c15ull + a;                  /* MADD */
        h -= a * b;                                          /* MSUB */
        h ^= (uint64_t)(((unsigned __int128)a * b) >> 64);   /* UMULH */
        h ^= (uint64_t)(((__int128)sa * sb) >> 64);          /* SMULH */
        h += (uint64_t)(int64_t)sdata[i] * sdata[(i + 1) % N]; /* SMULL */
        h += (uint64_t)(uint32_t)a * (uint32_t)b;            /* UMULL */
        h += a / b + a % b;                                  /* UDIV, MSUB */
        if (sb != 0)
            h += (uint64_t)(sa / sb);                        /* SDIV */
        h += (uint32_t)sdata[i] / ((uint32_t)i + 1);
        unsigned __int128 wide = (unsigned __int128)h + a;   /* ADDS/ADC */
        wide -= (unsigned __int128)b << 64;                  /* SUBS/SBC */
        h ^= (uint64_t)wide ^ (uint64_t)(wide >> 64);
    }
    return h;
}

__attribute__((noinline)) static uint64_t k_bits(void)
{
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        uint64_t v = data[i];
        uint32_t w = (uint32_t)v;
        h += v ? (uint64_t)__builtin_clzll(v) : 64;
        h += v ? (uint64_t)__builtin_ctzll(v) : 0;          /* RBIT + CLZ */
        h += (uint64_t)__builtin_clrsbll((long long)v);      /* CLS */
        h ^= __builtin_bswap64(v) + __builtin_bswap32(w) + __builtin_bswap16((uint16_t)w);
        h += (v << (w & 63)) ^ (v >> (w >> 26)) ^ (uint64_t)((int64_t)v >> (i & 63));
        h += (w << (i & 31)) | (w >> (31 - (i & 31)));
    }
    return h;
}

__attribute__((noinline)) static uint64_t k_crc(void)
{
    uint32_t c = ~0u, cc = ~0u;
    for (int i = 0; i < N; i++) {
        uint64_t v = data[i];
        c = __builtin_aarch64_crc32x(c, v);
        c = __builtin_aarch64_crc32b(c, (uint8_t)v);
        c = __builtin_aarch64_crc32h(c, (uint16_t)v);
        c = __builtin_aarch64_crc32w(c, (uint32_t)v);
        cc = __builtin_aarch64_crc32cx(cc, v);
        cc = __builtin_aarch64_crc32cb(cc, (uint8_t)v);
        cc = __builtin_aarch64_crc32ch(cc, (uint16_t)v);
        cc = __builtin_aarch64_crc32cw(cc, (uint32_t)v);
    }
    return (uint64_t)c << 32 | cc;
}

/* 128-bit arithmetic: libgcc's __udivti3/__divti3/__umodti3 are long
 * chains of CLZ, shifts, EXTR-style funnel shifts, ADDS/ADC, SUBS/SBC */
__attribute__((noinline)) static uint64_t k_wide(void)
{
    uint64_t h = 0;
    for (int i = 0; i + 3 < N; i++) {
        unsigned __int128 a = (unsigned __int128)data[i] << 64 | data[i + 1];
        unsigned __int128 b = (unsigned __int128)(data[i + 2] >> (i & 63)) << (i & 31) | 1;
        __int128 sa = (__int128)a, sb = (__int128)(b ^ ((unsigned __int128)sdata[i] << 70));
        unsigned __int128 q = a / b, r = a % b;
        h += (uint64_t)q ^ (uint64_t)(q >> 64) ^ (uint64_t)r ^ (uint64_t)(r >> 37);
        if (sb != 0 && !(sa == -sa && sb == -1)) {
            __int128 sq = sa / sb;
            h ^= (uint64_t)sq + (uint64_t)((unsigned __int128)sq >> 64);
        }
    }
    return h;
}

/* SWAR population count and a multiply-xorshift hash */
__attribute__((noinline)) static uint64_t k_hash(void)
{
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < N; i++) {
        uint64_t v = data[i];
        v = v - ((v >> 1) & 0x5555555555555555ull);
        v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
        v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
        uint64_t pop = (v * 0x0101010101010101ull) >> 56;
        uint64_t x = data[i] ^ h;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdull;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ull;
        x ^= x >> 33;
        h = x + pop;
    }
    return h;
}

/* insertion sort: compares, selects and address arithmetic */
__attribute__((noinline)) static uint64_t k_sort(void)
{
    static int32_t a[N];
    for (int i = 0; i < N; i++)
        a[i] = sdata[i];
    for (int i = 1; i < N; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
    uint64_t h = 0;
    for (int i = 0; i < N; i++)
        h = h * 31 + (uint32_t)a[i];
    return h;
}

void _start(void)
{
    static const uint64_t edges[] = {
        0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        0x80000000ull, 0x7fffffffull, 0xffffffffull,
    };
    for (int i = 0; i < N; i++) {
        data[i] = i < 8 ? edges[i] : rnd() >> (rnd() & 63);
        sdata[i] = (int32_t)rnd() >> (i & 31);
    }
    put_hex("bitfields", k_bitfields());
    put_hex("select", k_select());
    put_hex("arith", k_arith());
    put_hex("bits", k_bits());
    put_hex("crc", k_crc());
    put_hex("wide", k_wide());
    put_hex("hash", k_hash());
    put_hex("sort", k_sort());
    sys3(93, 0, 0, 0);
    for (;;)
        ;
}
