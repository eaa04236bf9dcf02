/*
 * AdvSIMD data movement that is not arithmetic: DUP/INS by element (copy
 * group and scalar DUP), permutes (UZP/TRN/ZIP), EXT, TBL/TBX, and the
 * register (de)interleave used by LD2-4/ST2-4.  Lookups run at translate
 * time, helpers at run time (see fpsimd_helpers.h).
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

/* element size of the copy group's imm5, or -1 if reserved */
static int imm5_size(unsigned imm5)
{
    return imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : imm5 & 8 ? 3 : -1;
}

static FPSIMD_HELPER(h_dup_elem)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned imm5 = (insn >> 16) & 31, sz = (unsigned)imm5_size(imm5), idx = imm5 >> (sz + 1);
    unsigned n = insn_nelem(insn, sz);
    uint64_t x = velt(&c->v[insn_rn(insn)], idx, sz);
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++)
        velt_set(&R, i, sz, x);
    c->v[insn_rd(insn)] = R;
    return 0;
}

static FPSIMD_HELPER(h_ins_elem)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned imm5 = (insn >> 16) & 31, imm4 = (insn >> 11) & 15;
    unsigned sz = (unsigned)imm5_size(imm5);
    uint64_t x = velt(&c->v[insn_rn(insn)], imm4 >> sz, sz);
    velt_set(&c->v[insn_rd(insn)], imm5 >> (sz + 1), sz, x);
    return 0;
}

/* DUP (element, vector and scalar) and INS (element); the general-register
 * forms are emitted inline by translate_simd.c. */
fpsimd_helper fpsimd_lookup_copy(uint32_t insn)
{
    unsigned imm5 = (insn >> 16) & 31, imm4 = (insn >> 11) & 15, op = (insn >> 29) & 1;
    int sz = imm5_size(imm5);
    if (sz < 0)
        return NULL;
    if (insn_scalar(insn))
        return !op && imm4 == 0 ? h_dup_elem : NULL;
    if (op)
        return insn_q(insn) ? h_ins_elem : NULL;
    if (imm4 == 0)
        return sz == 3 && !insn_q(insn) ? NULL : h_dup_elem;
    return NULL;
}

static FPSIMD_HELPER(h_perm)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), opc = (insn >> 12) & 7, n = insn_nelem(insn, sz);
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], R;
    memset(&R, 0, sizeof(R));
    unsigned part = opc >> 2;       /* 1 for the "2" forms */
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = 0;
        switch (opc & 3) {
        case 1: {                   /* UZP */
            unsigned j = 2 * i + part;
            x = j < n ? velt(&A, j, sz) : velt(&B, j - n, sz);
            break;
        }
        case 2: {                   /* TRN */
            unsigned j = (i & ~1u) + part;
            x = (i & 1) ? velt(&B, j, sz) : velt(&A, j, sz);
            break;
        }
        case 3: {                   /* ZIP */
            unsigned j = i / 2 + part * n / 2;
            x = (i & 1) ? velt(&B, j, sz) : velt(&A, j, sz);
            break;
        }
        }
        velt_set(&R, i, sz, x);
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_perm(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 7;
    if ((opc & 3) == 0)
        return NULL;
    if (insn_size(insn) == 3 && !insn_q(insn))
        return NULL;
    return h_perm;
}

static FPSIMD_HELPER(h_ext)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned nb = insn_q(insn) ? 16 : 8, pos = (insn >> 11) & 15;
    uint8_t cat[32];
    memcpy(cat, c->v[insn_rn(insn)].b, nb);
    memcpy(cat + nb, c->v[insn_rm(insn)].b, nb);
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    memcpy(R.b, cat + pos, nb);
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_ext(uint32_t insn)
{
    if (!insn_q(insn) && ((insn >> 14) & 1))
        return NULL;
    return h_ext;
}

static FPSIMD_HELPER(h_tbl)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned nregs = ((insn >> 13) & 3) + 1, rn = insn_rn(insn), nb = insn_q(insn) ? 16 : 8;
    bool tbx = (insn >> 12) & 1;
    uint8_t table[64];
    for (unsigned r = 0; r < nregs; r++)
        memcpy(table + 16 * r, c->v[(rn + r) & 31].b, 16);
    a64_vreg M = c->v[insn_rm(insn)], R;
    R = tbx ? c->v[insn_rd(insn)] : (a64_vreg){ .q = 0 };
    for (unsigned i = 0; i < nb; i++) {
        unsigned idx = M.b[i];
        if (idx < 16 * nregs)
            R.b[i] = table[idx];
        else if (!tbx)
            R.b[i] = 0;
    }
    if (nb == 8)
        R.d[1] = 0;
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_tbl(uint32_t insn)
{
    (void)insn;
    return h_tbl;
}

/*
 * LD2/3/4 load the structures as if by LD1 into nregs consecutive
 * registers, then this regroups them: element i of structure member k goes
 * to register k.  desc = rt | nregs << 5 | esize << 8 | q << 10.
 */
uint64_t fpsimd_ld_deinterleave(void *env, uint64_t desc, uint64_t unused1, uint64_t unused2)
{
    struct a64_cpu *c = env;
    (void)unused1;
    (void)unused2;
    unsigned rt = desc & 31, nregs = (desc >> 5) & 7, sz = (desc >> 8) & 3;
    unsigned q = (desc >> 10) & 1;
    unsigned per = (q ? 16u : 8u) >> sz;        /* elements per register */
    a64_vreg in[4], out[4];
    for (unsigned r = 0; r < nregs; r++) {
        in[r] = c->v[(rt + r) & 31];
        out[r] = in[r];     /* 64-bit forms keep the (zeroed) upper halves */
    }
    for (unsigned e = 0; e < per; e++) {
        for (unsigned k = 0; k < nregs; k++) {
            unsigned flat = e * nregs + k;      /* position in memory order */
            velt_set(&out[k], e, sz, velt(&in[flat / per], flat % per, sz));
        }
    }
    for (unsigned r = 0; r < nregs; r++)
        c->v[(rt + r) & 31] = out[r];
    return 0;
}

/*
 * ST2/3/4: the 64-bit word `word` of the interleaved memory image of
 * registers rt.. (same desc as above), so the stores themselves stay in
 * IR and the registers are never modified.
 */
uint64_t fpsimd_st_interleaved(void *env, uint64_t desc, uint64_t word, uint64_t unused)
{
    struct a64_cpu *c = env;
    (void)unused;
    unsigned rt = desc & 31, nregs = (desc >> 5) & 7, sz = (desc >> 8) & 3;
    unsigned esize = 1u << sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = (unsigned)word * 8 + i, flat = p / esize, byte = p % esize;
        unsigned e = flat / nregs, k = flat % nregs;
        r |= (uint64_t)c->v[(rt + k) & 31].b[e * esize + byte] << (8 * i);
    }
    return r;
}
