/*
 * The Armv8.0 cryptographic extension on AdvSIMD registers: AESE, AESD,
 * AESMC, AESIMC, SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1 (PMULL 1Q is in
 * the three-different group, fpsimd_helpers_int.c).  Semantics follow the
 * Arm ARM pseudocode (AESSubBytes, SHA256hash, ...).  The AES S-boxes are
 * computed at first use from their definition (multiplicative inverse in
 * GF(2^8) followed by the affine map), not typed in.
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"
#include "xlat/ir_vop.h"

static uint8_t sbox[256], inv_sbox[256];
static bool sbox_ready;

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static void sbox_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (unsigned y = 1; y < 256 && x; y++)
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        uint8_t s = inv;
        for (int i = 1; i <= 4; i++)
            s ^= (uint8_t)((inv << i) | (inv >> (8 - i)));
        s ^= 0x63;
        sbox[x] = s;
        inv_sbox[s] = (uint8_t)x;
    }
    __atomic_store_n(&sbox_ready, true, __ATOMIC_RELEASE);
}

/* state byte i is row i % 4, column i / 4 */
static void shift_rows(uint8_t *s, bool inverse)
{
    uint8_t t[16];
    for (int r = 0; r < 4; r++)
        for (int col = 0; col < 4; col++) {
            int src = r + 4 * ((col + r) % 4);
            if (inverse)
                t[src] = s[r + 4 * col];
            else
                t[r + 4 * col] = s[src];
        }
    memcpy(s, t, 16);
}

static void mix_columns(uint8_t *s, bool inverse)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const uint8_t *k = inverse ? inv : fwd;
    for (int col = 0; col < 4; col++) {
        uint8_t in[4], out[4];
        memcpy(in, s + 4 * col, 4);
        for (int r = 0; r < 4; r++) {
            out[r] = 0;
            for (int j = 0; j < 4; j++)
                out[r] ^= gf_mul(in[j], k[(j - r + 4) % 4]);
        }
        memcpy(s + 4 * col, out, 4);
    }
}

static FPSIMD_HELPER(h_aes)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 12) & 31;
    uint8_t st[16];
    if (!__atomic_load_n(&sbox_ready, __ATOMIC_ACQUIRE))
        sbox_init();        /* threads racing here compute identical tables */
    memcpy(st, &c->v[insn_rn(insn)], 16);
    switch (opc) {
    case 4:                                     /* AESE */
    case 5: {                                   /* AESD */
        const uint8_t *d = c->v[insn_rd(insn)].b;
        for (int i = 0; i < 16; i++)
            st[i] ^= d[i];
        shift_rows(st, opc == 5);
        for (int i = 0; i < 16; i++)
            st[i] = opc == 4 ? sbox[st[i]] : inv_sbox[st[i]];
        break;
    }
    case 6: mix_columns(st, false); break;      /* AESMC */
    case 7: mix_columns(st, true); break;       /* AESIMC */
    }
    memcpy(&c->v[insn_rd(insn)], st, 16);
    return 0;
}

fpsimd_helper fpsimd_lookup_aes(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 31;
    return insn_size(insn) == 0 && opc >= 4 && opc <= 7 ? h_aes : NULL;
}

static inline uint32_t rol(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }
static inline uint32_t ror(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

static void sha256_hash(uint32_t *x, uint32_t *y, const uint32_t *w)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y[0], y[1], y[2]);
        uint32_t maj = sha_majority(x[0], x[1], x[2]);
        uint32_t t = y[3] + (ror(y[0], 6) ^ ror(y[0], 11) ^ ror(y[0], 25)) + chs + w[e];
        x[3] = t + x[3];
        y[3] = t + (ror(x[0], 2) ^ ror(x[0], 13) ^ ror(x[0], 22)) + maj;
        /* <Y, X> = ROL(Y:X, 32) */
        uint32_t x3 = x[3], y3 = y[3];
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = y3;
        y[3] = y[2]; y[2] = y[1]; y[1] = y[0]; y[0] = x3;
    }
}

/* three-register SHA: SHA1C/P/M, SHA1SU0, SHA256H/H2, SHA256SU1 */
static FPSIMD_HELPER(h_sha3)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 12) & 7;
    a64_vreg d = c->v[insn_rd(insn)], n = c->v[insn_rn(insn)], m = c->v[insn_rm(insn)], r;
    switch (opc) {
    case 0: case 1: case 2: {                   /* SHA1C, SHA1P, SHA1M */
        uint32_t *x = d.s, y = n.s[0];
        for (int e = 0; e < 4; e++) {
            uint32_t t = opc == 0 ? sha_choose(x[1], x[2], x[3])
                       : opc == 1 ? sha_parity(x[1], x[2], x[3])
                                  : sha_majority(x[1], x[2], x[3]);
            y = y + rol(x[0], 5) + t + m.s[e];
            x[1] = rol(x[1], 30);
            uint32_t x3 = x[3];
            x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = y;
            y = x3;
        }
        r = d;
        break;
    }
    case 3:                                     /* SHA1SU0 */
        r.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
        r.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
        break;
    case 4:                                     /* SHA256H */
        sha256_hash(d.s, n.s, m.s);
        r = d;
        break;
    case 5:                                     /* SHA256H2 */
        sha256_hash(n.s, d.s, m.s);
        r = d;
        break;
    default: {                                  /* SHA256SU1 */
        uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
        for (int e = 0; e < 4; e++) {
            uint32_t elt = e < 2 ? m.s[2 + e] : r.s[e - 2];
            elt = ror(elt, 17) ^ ror(elt, 19) ^ (elt >> 10);
            r.s[e] = elt + d.s[e] + t0[e];
        }
        break;
    }
    }
    c->v[insn_rd(insn)] = r;
    return 0;
}

fpsimd_helper fpsimd_lookup_sha3(uint32_t insn)
{
    return insn_size(insn) == 0 && ((insn >> 12) & 7) != 7 ? h_sha3 : NULL;
}

/* two-register SHA: SHA1H, SHA1SU1, SHA256SU0 */
static FPSIMD_HELPER(h_sha2)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 12) & 31;
    a64_vreg d = c->v[insn_rd(insn)], n = c->v[insn_rn(insn)], r;
    memset(&r, 0, sizeof(r));
    switch (opc) {
    case 0:                                     /* SHA1H */
        r.s[0] = rol(n.s[0], 30);
        break;
    case 1: {                                   /* SHA1SU1 */
        uint32_t t[4] = { d.s[0] ^ n.s[1], d.s[1] ^ n.s[2], d.s[2] ^ n.s[3], d.s[3] };
        r.s[0] = rol(t[0], 1);
        r.s[1] = rol(t[1], 1);
        r.s[2] = rol(t[2], 1);
        r.s[3] = rol(t[3], 1) ^ rol(t[0], 2);
        break;
    }
    default: {                                  /* SHA256SU0 */
        uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
        for (int e = 0; e < 4; e++)
            r.s[e] = (ror(t[e], 7) ^ ror(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
        break;
    }
    }
    c->v[insn_rd(insn)] = r;
    return 0;
}

fpsimd_helper fpsimd_lookup_sha2(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 31;
    return insn_size(insn) == 0 && opc <= 2 ? h_sha2 : NULL;
}

/*
 * The crypto vops (xlat/ir_vop.h): the same A64 semantics on env slots,
 * run by the interpreter and by the x86 backend when the host lacks
 * AES-NI, PCLMULQDQ or SHA-NI.  Registered at startup.
 */
static void a64_vop_crypto(void *env, const struct ir_insn *i)
{
    a64_vreg d, n, m, r;
    memcpy(&d, (char *)env + i->aux2, 16);
    memcpy(&n, (char *)env + ir_vop_src(i, 0), 16);
    memcpy(&m, (char *)env + ir_vop_src(i, 1), 16);
    memset(&r, 0, sizeof(r));
    if (i->cond <= IR_VOP_AESIMC && !__atomic_load_n(&sbox_ready, __ATOMIC_ACQUIRE))
        sbox_init();
    switch (i->cond) {
    case IR_VOP_AESE:
    case IR_VOP_AESD:
        for (int k = 0; k < 16; k++)
            r.b[k] = d.b[k] ^ n.b[k];
        shift_rows(r.b, i->cond == IR_VOP_AESD);
        for (int k = 0; k < 16; k++)
            r.b[k] = i->cond == IR_VOP_AESE ? sbox[r.b[k]] : inv_sbox[r.b[k]];
        break;
    case IR_VOP_AESMC:
    case IR_VOP_AESIMC:
        r = n;
        mix_columns(r.b, i->cond == IR_VOP_AESIMC);
        break;
    case IR_VOP_PMULL: {
        uint64_t x = n.d[(i->aux & IR_VOP_Q) != 0], y = m.d[(i->aux & IR_VOP_Q) != 0];
        unsigned __int128 p = 0;
        for (int k = 0; k < 64; k++)
            if ((y >> k) & 1)
                p ^= (unsigned __int128)x << k;
        r.q = p;
        break;
    }
    case IR_VOP_SHA256H:
        sha256_hash(d.s, n.s, m.s);
        r = d;
        break;
    case IR_VOP_SHA256H2:
        sha256_hash(n.s, d.s, m.s);
        r = d;
        break;
    case IR_VOP_SHA256SU0: {
        uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
        for (int e = 0; e < 4; e++)
            r.s[e] = (ror(t[e], 7) ^ ror(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
        break;
    }
    default: {                                  /* SHA256SU1 */
        uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
        for (int e = 0; e < 4; e++) {
            uint32_t elt = e < 2 ? m.s[2 + e] : r.s[e - 2];
            elt = ror(elt, 17) ^ ror(elt, 19) ^ (elt >> 10);
            r.s[e] = elt + d.s[e] + t0[e];
        }
        break;
    }
    }
    memcpy((char *)env + i->aux2, &r, 16);
}

__attribute__((constructor)) static void register_a64_vop_crypto(void)
{
    ir_vop_crypto_exact = a64_vop_crypto;
}
