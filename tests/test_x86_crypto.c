/*
 * Known-answer tests for the crypto vops (xlat/ir_vop.h) as the x86
 * backend runs them (lower_vec.c), with AES-NI/SHA-NI and through the
 * exact out-of-line fallback: AES-128 encryption and decryption in the
 * A64 instruction shapes OpenSSL uses (AESE+AESMC rounds, AESD+AESIMC with
 * the equivalent inverse cipher), checked against FIPS-197 Appendix C.1.
 * The round keys come from the host's AESKEYGENASSIST (an independent
 * implementation of the key schedule).
 */
#include <criterion/criterion.h>
#include <immintrin.h>
#include <string.h>

#include "tests/x86_run.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/host-x86_64/x86.h"
#include "xlat/ir.h"
#include "xlat/ir_vop.h"

static struct xrun R;
static struct a64_cpu cpu;

static void setup(void)
{
    xrun_init(&R);
    xrun_env_init(&R, &cpu);
    x86_detect_features();
}

static void teardown(void)
{
    xrun_fini(&R);
    x86_detect_features();
}

TestSuite(x86_crypto, .init = setup, .fini = teardown);

#define V(n) ((uint32_t)A64_OFF_V(n))

/* FIPS-197 C.1 (AES-128) */
static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const uint8_t plain[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
static const uint8_t cipher[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                    0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };

__attribute__((target("aes,sse2"))) static __m128i next_key(__m128i k, __m128i assist)
{
    assist = _mm_shuffle_epi32(assist, 0xff);
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    return _mm_xor_si128(k, assist);
}

#define EXPAND(i, rcon) rk[i] = next_key(rk[i - 1], _mm_aeskeygenassist_si128(rk[i - 1], rcon))

__attribute__((target("aes,sse2"))) static void key_schedule(uint8_t out[11][16])
{
    __m128i rk[11];
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    EXPAND(1, 0x01); EXPAND(2, 0x02); EXPAND(3, 0x04); EXPAND(4, 0x08); EXPAND(5, 0x10);
    EXPAND(6, 0x20); EXPAND(7, 0x40); EXPAND(8, 0x80); EXPAND(9, 0x1b); EXPAND(10, 0x36);
    for (int i = 0; i < 11; i++)
        _mm_storeu_si128((__m128i *)out[i], rk[i]);
}

/* v0 = block, v1..v11 = round keys 0..10; returns v0 after the block */
static void run_aes(bool decrypt, const uint8_t in[16], uint8_t out[16])
{
    uint8_t rk[11][16];
    key_schedule(rk);
    memcpy(&cpu.v[0], in, 16);
    for (int i = 0; i < 11; i++)
        memcpy(&cpu.v[1 + i], rk[i], 16);
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    if (!decrypt) {
        for (int r = 0; r < 9; r++) {
            ir_vop(&b, IR_VOP_AESE, 0, true, V(0), V(1 + r), V(1 + r));
            ir_vop(&b, IR_VOP_AESMC, 0, true, V(0), V(0), V(0));
        }
        ir_vop(&b, IR_VOP_AESE, 0, true, V(0), V(10), V(10));
    } else {
        /* equivalent inverse cipher: middle round keys through AESIMC */
        for (int r = 1; r <= 9; r++)
            ir_vop(&b, IR_VOP_AESIMC, 0, true, V(1 + r), V(1 + r), V(1 + r));
        for (int r = 10; r >= 2; r--) {
            ir_vop(&b, IR_VOP_AESD, 0, true, V(0), V(1 + r), V(1 + r));
            ir_vop(&b, IR_VOP_AESIMC, 0, true, V(0), V(0), V(0));
        }
        ir_vop(&b, IR_VOP_AESD, 0, true, V(0), V(2), V(2));
    }
    ir_goto_tb(&b, 0x2000);
    xrun_block(&R, &b, &cpu);
    ir_block_free(&b);
    const uint8_t *last = rk[decrypt ? 0 : 10];
    for (int k = 0; k < 16; k++)
        out[k] = cpu.v[0].b[k] ^ last[k];
}

static void check_both_ways(void)
{
    uint8_t out[16];
    run_aes(false, plain, out);
    cr_assert_arr_eq(out, cipher, 16, "AES-128 encryption differs from FIPS-197 C.1");
    run_aes(true, cipher, out);
    cr_assert_arr_eq(out, plain, 16, "AES-128 decryption differs from FIPS-197 C.1");
}

Test(x86_crypto, aes128_fips197_on_aesni)
{
    if (!x86_features.aes) {
        cr_log_warn("host has no AES-NI: only the fallback is checked");
        return;
    }
    check_both_ways();
}

Test(x86_crypto, aes128_fips197_through_the_exact_fallback)
{
    x86_features.aes = false;
    check_both_ways();
}
