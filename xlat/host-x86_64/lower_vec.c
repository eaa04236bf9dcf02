/*
 * Lowering of the `vop` IR op (xlat/ir_vop.h): an AdvSIMD operation on two
 * env V slots, done as inline SSE2/SSE4.1/SSE4.2 code in xmm0..xmm2 (never
 * live across ops, so the register allocator does not know them):
 *     movups xmm0, [rbp+n]; movups xmm1, [rbp+m]; <op> xmm0, xmm1
 *     [movq xmm0, xmm0]   (64-bit operation: zero the high half)
 *     movups [rbp+d], xmm0
 * Lane garbage in the high half of 64-bit operations is computed and then
 * dropped, so every op is done at 128 bits.  Flags are untouched.
 * Called by lower.c's dispatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xlat/host-x86_64/lower.h"
#include "xlat/ir_vop.h"

/* ops that are one SSE instruction, per element size (-1: none) */
static int direct(unsigned op, unsigned size)
{
    static const int8_t tab[][4] = {
        [IR_VOP_ADD] = { XS_PADDB, XS_PADDW, XS_PADDD, XS_PADDQ },
        [IR_VOP_SUB] = { XS_PSUBB, XS_PSUBW, XS_PSUBD, XS_PSUBQ },
        [IR_VOP_MUL] = { -1, XS_PMULLW, XS_PMULLD, -1 },
        [IR_VOP_CMEQ] = { XS_PCMPEQB, XS_PCMPEQW, XS_PCMPEQD, XS_PCMPEQQ },
        [IR_VOP_CMGT] = { XS_PCMPGTB, XS_PCMPGTW, XS_PCMPGTD, XS_PCMPGTQ },
        [IR_VOP_SMAX] = { XS_PMAXSB, XS_PMAXSW, XS_PMAXSD, -1 },
        [IR_VOP_SMIN] = { XS_PMINSB, XS_PMINSW, XS_PMINSD, -1 },
        [IR_VOP_UMAX] = { XS_PMAXUB, XS_PMAXUW, XS_PMAXUD, -1 },
        [IR_VOP_UMIN] = { XS_PMINUB, XS_PMINUW, XS_PMINUD, -1 },
    };
    switch (op) {
    case IR_VOP_ADD: case IR_VOP_SUB: case IR_VOP_MUL: case IR_VOP_CMEQ: case IR_VOP_CMGT:
    case IR_VOP_SMAX: case IR_VOP_SMIN: case IR_VOP_UMAX: case IR_VOP_UMIN:
        break;
    default:
        return -1;              /* zero rows of tab[] are not PADDB */
    }
    return tab[op][size];
}

static enum xsse cmpeq(unsigned size) { return (enum xsse)(XS_PCMPEQB + size); }

/* xmm x = ~x (xmm2 is scratch) */
static void invert(struct xbuf *xb, int x)
{
    x_sse(xb, XS_PCMPEQD, 2, XR(2));
    x_sse(xb, XS_PXOR, x, XR(2));
}

/*
 * Load the low `bytes` (4, 8 or 16) of env slot `off` into xmm x, the rest
 * zeroed.  Loading only what the op uses also keeps store forwarding
 * working when the slot was just written by 8-byte integer stores (a
 * 16-byte load spanning two stores stalls for ~15 cycles).
 */
#define VC(k) (X86_VC_XMM + (int)(k))

void x86_vc_forget(struct lctx *L, int64_t off, unsigned size)
{
    for (unsigned k = 0; k < X86_VC_N; k++)
        if (L->vc[k].valid && L->vc[k].off < off + (int64_t)size && off < L->vc[k].off + 16)
            L->vc[k].valid = false;
}

void x86_vc_forget_all(struct lctx *L)
{
    for (unsigned k = 0; k < X86_VC_N; k++)
        L->vc[k].valid = false;
}

/* the register copy of slot d to write (after the op's loads): the old
 * copy of d if any, else the next one round robin */
static unsigned vc_pick(struct lctx *L, int32_t d)
{
    unsigned k = X86_VC_N;
    for (unsigned j = 0; j < X86_VC_N; j++)
        if (L->vc[j].valid && L->vc[j].off == d)
            k = j;
    x86_vc_forget(L, d, 16);
    if (k == X86_VC_N)
        k = L->vc_next++ % X86_VC_N;
    return k;
}

static void vc_set(struct lctx *L, unsigned k, int32_t d, unsigned zero_from)
{
    L->vc[k] = (struct vc_entry){ true, (uint8_t)zero_from, d };
}

/* store the result and keep it in copy k */
static void store_result(struct lctx *L, int res, int32_t d, unsigned zero_from)
{
    unsigned k = vc_pick(L, d);
    x_movups_store(&L->xb, env_m(d), res);
    x_movaps(&L->xb, VC(k), res);
    vc_set(L, k, d, zero_from);
}

static void load_part(struct lctx *L, int x, int32_t off, unsigned bytes)
{
    struct xbuf *xb = &L->xb;
    for (unsigned k = 0; k < X86_VC_N; k++) {
        if (!L->vc[k].valid || L->vc[k].off != off)
            continue;
        if (bytes == 16 || L->vc[k].zero_from <= bytes) {
            x_movaps(xb, x, VC(k));
            return;
        }
        if (bytes == 8) {
            x_movq_xx(xb, x, VC(k));
            return;
        }
        break;                                  /* 4 bytes of a wider value: memory */
    }
    if (bytes == 4)
        x_movd_load(xb, x, env_m(off));
    else if (bytes == 8)
        x_movq_load(xb, x, env_m(off));
    else
        x_movups_load(xb, x, env_m(off));
}

/* the guest's exact semantics out of line (ir_vop_exec_packed), with the
 * caller-saved registers the allocator uses pushed around the call (six
 * pushes keep rsp 16-byte aligned); clobbers rax rcx rdx and flags */
static void call_exact(struct xbuf *xb, const struct ir_insn *in)
{
    static const int saved[] = { RSI, RDI, R8, R9, R10, R11 };
    for (unsigned k = 0; k < 6; k++)
        x_push(xb, saved[k]);
    x_mov_rmr(xb, 8, XR(RDI), X86_ENV);
    x_mov_ri64(xb, RSI, (uint64_t)in->imm);
    x_mov_ri64(xb, RDX, in->cond | (uint64_t)(in->aux2 & 0xffff) << 8 | (uint64_t)in->aux << 32);
    x_mov_ri64(xb, RAX, (uint64_t)(uintptr_t)ir_vop_exec_packed);
    x_call_r(xb, RAX);
    for (unsigned k = 6; k-- > 0;)
        x_pop(xb, saved[k]);
}

/*
 * FP vops: host IEEE arithmetic when it must agree with the guest's exact
 * semantics (ir_vop.h): control word default and every computed lane
 * normal and above the smallest normal (so no NaN, infinity, zero,
 * denormal, overflow or underflow was involved in the result).  While the
 * sticky inexact bit is still clear, MXCSR.PE is cleared before the host
 * op (ldmxcsr is slow, so only when set) and read after it to set the bit; lanes the guest does
 * not use are zeroed first, so they cannot raise PE.  Otherwise the exact version runs out of line through
 * ir_vop_exec_packed, with the caller-saved registers the allocator uses
 * pushed around the call (six pushes keep rsp 16-byte aligned).
 */
static void lower_fp(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned op = in->cond, dbl = (in->aux & IR_VOP_SIZE_MASK) == 3, elem = dbl ? 8 : 4;
    unsigned lanes = (in->aux & IR_VOP_SCALAR) ? 1 : ((in->aux & IR_VOP_Q) ? 16u : 8u) / elem;
    int32_t ctl = (int32_t)ir_vop_src(in, 2);
    size_t slow[3];
    unsigned nslow = 0;
    int res = 0;
    enum xsse gt = dbl ? XS_PCMPGTQ : XS_PCMPGTD;

    x_test_rmi(xb, 4, env_m(ctl), (int32_t)IR_VOP_FP_SLOW_CTL);
    slow[nslow++] = x_jcc32(xb, XCC_NE);
    x_test_rmi(xb, 1, env_m(ctl + 4), IR_VOP_FP_STICKY);
    size_t mx1 = lw_j8(L, XCC_NE);
    x_stmxcsr(xb, temp_m(0));
    x_test_rmi(xb, 1, temp_m(0), 0x20);                 /* PE already clear: */
    size_t mx0 = lw_j8(L, XCC_E);                       /* skip the slow ldmxcsr */
    x_alu_rmi(xb, XAND, 4, temp_m(0), ~0x20);
    x_ldmxcsr(xb, temp_m(0));
    lw_bind8(L, mx0);
    lw_bind8(L, mx1);
    bool partial = (in->aux & IR_VOP_SCALAR) || !(in->aux & IR_VOP_Q);
    unsigned part = (in->aux & IR_VOP_SCALAR) ? elem : 8;
    load_part(L, 0, (int32_t)ir_vop_src(in, 0), partial ? part : 16);
    if (in->aux & IR_VOP_BYELEM) {                  /* broadcast m[index] */
        unsigned k = IR_VOP_INDEX(in->aux);
        load_part(L, 1, (int32_t)ir_vop_src(in, 1), 16);
        x_pshufd(xb, 1, 1, (uint8_t)(dbl ? (k ? 0xee : 0x44) : k * 0x55));
        if (partial) {
            if ((in->aux & IR_VOP_SCALAR) && !dbl) {
                x_movd_store(xb, RAX, 1);
                x_movd_load(xb, 1, XR(RAX));
            } else {
                x_movq_xx(xb, 1, 1);
            }
        }
    } else {
        load_part(L, 1, (int32_t)ir_vop_src(in, 1), partial ? part : 16);
    }
    if (op == IR_VOP_FMLA || op == IR_VOP_FMLS) {
        if (!x86_features.fma)
            slow[nslow++] = x_jmp32(xb);
        load_part(L, 2, (int32_t)in->aux2, partial ? part : 16);
        x_vfmadd231(xb, elem, op == IR_VOP_FMLS, 2, 0, 1);      /* 0 * 0 + d: exact */
        res = 2;
    } else {
        x_movaps(xb, 2, 0);                             /* keep n and m for the zero test */
        x_sse(xb, (enum xsse)(XS_ADDPS + 2 * (op - IR_VOP_FADD) + dbl), 2, XR(1));
        res = 2;
    }
    if (in->aux & IR_VOP_SCALAR) {
        /* one lane, checked in rax: 2 * smallest normal < |r| << 1 <
         * 2 * infinity as one unsigned compare after a bias; a zero is
         * kept for FADD/FSUB only (always exact there), other zeros take
         * the exact version */
        size_t zero_ok = 0;
        bool addsub = op == IR_VOP_FADD || op == IR_VOP_FSUB;
        if (dbl) {
            x_movq_store(xb, RAX, res);
            x_alu_rmr(xb, XADD, 8, XR(RAX), RAX);
            if (addsub)
                zero_ok = lw_j8(L, XCC_E);
            x_mov_ri64(xb, RCX, 0 - 0x0020000000000002ull);
            x_alu_rmr(xb, XADD, 8, XR(RAX), RCX);
            x_mov_ri64(xb, RCX, 0xffbffffffffffffeull);
            x_alu_rmr(xb, XCMP, 8, XR(RAX), RCX);
        } else {
            x_movd_store(xb, RAX, res);
            x_alu_rmr(xb, XADD, 4, XR(RAX), RAX);
            if (addsub)
                zero_ok = lw_j8(L, XCC_E);
            x_alu_rmi(xb, XADD, 4, XR(RAX), -0x01000002);
            x_alu_rmi(xb, XCMP, 4, XR(RAX), (int32_t)0xfdfffffeu);
        }
        slow[nslow++] = x_jcc32(xb, XCC_AE);
        if (addsub)
            lw_bind8(L, zero_ok);
        goto checked;
    }
    /* lane check: smallest normal < |r| < infinity, as signed integers, or
     * an exact zero: FADD/FSUB zeros are always exact (x - x); products
     * are when a factor is zero, quotients when the dividend is */
    enum xsse eq = cmpeq(dbl ? 3 : 2);
    x_sse(xb, XS_PCMPEQD, 3, XR(3));                    /* all ones */
    x_movaps(xb, 4, 3);
    x_pshift_i(xb, elem, false, 4, 1);                  /* abs mask */
    x_movaps(xb, 5, 4);
    x_sse(xb, XS_PAND, 5, XR(res));                     /* |r| */
    x_movaps(xb, 6, 3);
    x_pshift_i(xb, elem, false, 6, (uint8_t)(8 * elem - 1));
    x_pshift_i(xb, elem, true, 6, dbl ? 52 : 23);        /* smallest normal */
    x_movaps(xb, 7, 5);
    x_sse(xb, gt, 7, XR(6));                            /* |r| > smallest normal */
    x_movaps(xb, 6, 3);
    x_pshift_i(xb, elem, false, 6, dbl ? 53 : 24);
    x_pshift_i(xb, elem, true, 6, dbl ? 52 : 23);        /* infinity */
    x_sse(xb, gt, 6, XR(5));                            /* infinity > |r| */
    x_sse(xb, XS_PAND, 6, XR(7));                       /* normal lanes */
    x_sse(xb, XS_PXOR, 7, XR(7));
    x_sse(xb, eq, 7, XR(5));                            /* zero lanes */
    if (op != IR_VOP_FADD && op != IR_VOP_FSUB) {
        x_movaps(xb, 8, 4);
        x_sse(xb, XS_PAND, 8, XR(0));
        x_sse(xb, XS_PXOR, 9, XR(9));
        x_sse(xb, eq, 8, XR(9));                        /* n == 0 */
        if (op != IR_VOP_FDIV) {
            x_sse(xb, XS_PAND, 4, XR(1));
            x_sse(xb, eq, 4, XR(9));                    /* m == 0 */
            x_sse(xb, XS_POR, 8, XR(4));
        }
        x_sse(xb, XS_PAND, 7, XR(8));
    }
    x_sse(xb, XS_POR, 6, XR(7));
    x_movmsk(xb, elem, RAX, 6);
    int32_t need = (int32_t)((1u << lanes) - 1);
    x_alu_rmi(xb, XAND, 4, XR(RAX), need);
    x_alu_rmi(xb, XCMP, 4, XR(RAX), need);
    slow[nslow++] = x_jcc32(xb, XCC_NE);
checked:
    x_test_rmi(xb, 1, env_m(ctl + 4), IR_VOP_FP_STICKY);
    size_t mx2 = lw_j8(L, XCC_NE);
    x_stmxcsr(xb, temp_m(0));
    x_test_rmi(xb, 1, temp_m(0), 0x20);                 /* PE */
    size_t mx3 = lw_j8(L, XCC_E);
    x_alu_rmi(xb, XOR, 1, env_m(ctl + 4), IR_VOP_FP_STICKY);
    lw_bind8(L, mx2);
    lw_bind8(L, mx3);
    if (partial) {
        if ((in->aux & IR_VOP_SCALAR) && !dbl) {
            x_movd_store(xb, RAX, res);
            x_movd_load(xb, res, XR(RAX));
        } else {
            x_movq_xx(xb, res, res);
        }
    }
    int32_t d = (int32_t)in->aux2;
    unsigned k = vc_pick(L, d);
    x_movups_store(xb, env_m(d), res);
    x_movaps(xb, VC(k), res);
    size_t done = x_jmp32(xb);

    for (unsigned j = 0; j < nslow; j++)
        x_patch_rel32(xb, slow[j], xb_off(xb));
    call_exact(xb, in);
    /* the call clobbered every xmm register: reload the copies */
    for (unsigned j = 0; j < X86_VC_N; j++)
        if (j != k && L->vc[j].valid)
            x_movups_load(xb, VC(j), env_m(L->vc[j].off));
    x_movups_load(xb, VC(k), env_m(d));
    x_patch_rel32(xb, done, xb_off(xb));
    vc_set(L, k, d, (in->aux & IR_VOP_SCALAR) ? elem : (in->aux & IR_VOP_Q) ? 16 : 8);
}

/*
 * Crypto vops on AES-NI / PCLMULQDQ / SHA-NI, each checked at run time
 * (x86_features), else the guest's exact version out of line.
 *   AESE  = SubBytes(ShiftRows(d ^ n))     = aesenclast(d ^ n, 0)
 *   AESD  = InvSubBytes(InvShiftRows(d ^ n)) = aesdeclast(d ^ n, 0)
 *   AESMC = MixColumns(n) = aesenc(aesdeclast(n, 0), 0): the x86 round
 *           applies ShiftRows+SubBytes, which the InvShiftRows+InvSubBytes
 *           of aesdeclast undo (the byte-wise S-box commutes with the
 *           permutation), leaving MixColumns and a zero round key
 *   AESIMC = aesimc(n)
 *   AESE d, n; AESMC d, d = aesenc(d ^ n, 0); AESD; AESIMC = aesdec(d ^ n, 0)
 *   PMULL{2} .1q = pclmulqdq n, m, 0x00 / 0x11
 *   SHA256SU0 = sha256msg1(d, n) (W[i] + sigma0(W[i+1]) for W = d:n)
 *   SHA256SU1 = sha256msg2(d + {n1, n2, n3, m0}, m)
 *   SHA256H/H2: Arm keeps {a,b,c,d} and {e,f,g,h} (element 0 first), x86
 *           {F,E,B,A} and {H,G,D,C}; shufps converts both ways and two
 *           sha256rnds2 do the four rounds of W = m.
 */
static bool crypto_inline(unsigned op)
{
    switch (op) {
    case IR_VOP_AESE: case IR_VOP_AESD: case IR_VOP_AESMC: case IR_VOP_AESIMC:
        return x86_features.aes;
    case IR_VOP_PMULL:
        return x86_features.pclmul;
    default:
        return x86_features.sha;
    }
}

/* the op after / before op r, skipping insn_start and nop (none: NULL) */
static const struct ir_insn *neighbour(const struct ir_block *b, uint32_t r, int dir)
{
    for (int64_t k = (int64_t)r + dir; k >= 0 && k < (int64_t)b->n; k += dir) {
        const struct ir_insn *in = &b->insn[k];
        if (in->op != IR_insn_start && in->op != IR_nop)
            return in;
    }
    return NULL;
}

/* AESE d, n; AESMC d, d (and AESD; AESIMC) is one x86 round:
 * aesenc(d ^ n, 0) (aesdec), the intermediate value being dead */
static bool aes_pair(const struct ir_insn *first, const struct ir_insn *second)
{
    return first && second && first->op == IR_vop && second->op == IR_vop &&
           ((first->cond == IR_VOP_AESE && second->cond == IR_VOP_AESMC) ||
            (first->cond == IR_VOP_AESD && second->cond == IR_VOP_AESIMC)) &&
           ir_vop_src(second, 0) == first->aux2 && second->aux2 == first->aux2;
}

static void lower_crypto(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned op = in->cond;
    int32_t d = (int32_t)in->aux2, n = (int32_t)ir_vop_src(in, 0), m = (int32_t)ir_vop_src(in, 1);
    if (!crypto_inline(op)) {
        call_exact(xb, in);
        x86_vc_forget_all(L);                   /* the call clobbered them */
        return;
    }
    if ((op == IR_VOP_AESMC || op == IR_VOP_AESIMC) && aes_pair(neighbour(L->b, L->i, -1), in))
        return;                                 /* done with the AESE / AESD before it */
    int res = 0;
    switch (op) {
    case IR_VOP_AESE:
    case IR_VOP_AESD: {
        bool pair = aes_pair(in, neighbour(L->b, L->i, 1));
        load_part(L, 0, d, 16);
        load_part(L, 1, n, 16);
        x_sse(xb, XS_PXOR, 0, XR(1));
        x_sse(xb, XS_PXOR, 1, XR(1));
        x_sse(xb, op == IR_VOP_AESE ? (pair ? XS_AESENC : XS_AESENCLAST)
                                    : (pair ? XS_AESDEC : XS_AESDECLAST), 0, XR(1));
        break;
    }
    case IR_VOP_AESMC:
        load_part(L, 0, n, 16);
        x_sse(xb, XS_PXOR, 1, XR(1));
        x_sse(xb, XS_AESDECLAST, 0, XR(1));
        x_sse(xb, XS_AESENC, 0, XR(1));
        break;
    case IR_VOP_AESIMC:
        load_part(L, 0, n, 16);
        x_sse(xb, XS_AESIMC, 0, XR(0));
        break;
    case IR_VOP_PMULL:
        load_part(L, 0, n, 16);
        load_part(L, 1, m, 16);
        x_sse_i(xb, XSI_PCLMULQDQ, 0, XR(1), (in->aux & IR_VOP_Q) ? 0x11 : 0x00);
        break;
    case IR_VOP_SHA256SU0:
        load_part(L, 0, d, 16);
        load_part(L, 1, n, 16);
        x_sse(xb, XS_SHA256MSG1, 0, XR(1));
        break;
    case IR_VOP_SHA256SU1:
        load_part(L, 0, d, 16);
        load_part(L, 1, n, 16);
        load_part(L, 2, m, 16);
        x_movaps(xb, 3, 2);
        x_sse_i(xb, XSI_PALIGNR, 3, XR(1), 4);       /* {n1, n2, n3, m0} */
        x_sse(xb, XS_PADDD, 0, XR(3));
        x_sse(xb, XS_SHA256MSG2, 0, XR(2));
        break;
    default: {                                  /* SHA256H (X = d, Y = n), H2 (X = n, Y = d) */
        bool h2 = op == IR_VOP_SHA256H2;
        load_part(L, 1, h2 ? n : d, 16);    /* X = {a, b, c, d} */
        load_part(L, 2, h2 ? d : n, 16);    /* Y = {e, f, g, h} */
        x_movaps(xb, 3, 2);
        x_sse_i(xb, XSI_SHUFPS, 3, XR(1), 0x11);     /* {f, e, b, a} */
        x_movaps(xb, 4, 2);
        x_sse_i(xb, XSI_SHUFPS, 4, XR(1), 0xbb);     /* {h, g, d, c} */
        load_part(L, 0, m, 16);
        x_sse(xb, XS_SHA256RNDS2, 4, XR(3));        /* xmm4 = ABEF after W0, W1 */
        x_pshufd(xb, 0, 0, 0x0e);
        x_sse(xb, XS_SHA256RNDS2, 3, XR(4));        /* xmm3 = ABEF, xmm4 = CDGH after W2, W3 */
        x_sse_i(xb, XSI_SHUFPS, 3, XR(4), h2 ? 0x11 : 0xbb);
        res = 3;
        break;
    }
    }
    store_result(L, res, d, 16);
}

void x86_lower_vop(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned op = in->cond, size = in->aux & IR_VOP_SIZE_MASK;
    if (ir_vop_is_fp(op)) {
        lower_fp(L, in);
        return;
    }
    if (ir_vop_is_crypto(op)) {
        lower_crypto(L, in);
        return;
    }
    unsigned bytes = (in->aux & IR_VOP_Q) ? 16 : 8;
    load_part(L, 0, (int32_t)ir_vop_src(in, 0), bytes);
    if (op < IR_VOP_ABS || op >= IR_VOP_MLA)        /* two sources */
        load_part(L, 1, (int32_t)ir_vop_src(in, 1), bytes);
    int d = direct(op, size), res = 0;     /* xmm holding the result */
    if (d >= 0) {
        x_sse(xb, (enum xsse)d, 0, XR(1));
    } else {
        switch (op) {
        case IR_VOP_CMTST:                          /* ~((n & m) == 0) */
            x_sse(xb, XS_PAND, 0, XR(1));
            x_sse(xb, XS_PXOR, 1, XR(1));
            x_sse(xb, cmpeq(size), 0, XR(1));
            invert(xb, 0);
            break;
        case IR_VOP_CMGE:                           /* ~(m > n) */
            x_sse(xb, (enum xsse)(XS_PCMPGTB + size), 1, XR(0));
            invert(xb, 1);
            res = 1;
            break;
        case IR_VOP_CMHS:                           /* umax(n, m) == n */
            x_sse(xb, (enum xsse)(XS_PMAXUB + size), 1, XR(0));
            x_sse(xb, cmpeq(size), 0, XR(1));
            break;
        case IR_VOP_ABS:
            x_sse(xb, (enum xsse)(XS_PABSB + size), 0, XR(0));
            break;
        case IR_VOP_NEG:                            /* 0 - n */
        case IR_VOP_CMLT0:                          /* 0 > n */
        case IR_VOP_CMGE0:                          /* ~(0 > n) */
            x_sse(xb, XS_PXOR, 1, XR(1));
            x_sse(xb, op == IR_VOP_NEG ? (enum xsse)(XS_PSUBB + size)
                                       : (enum xsse)(XS_PCMPGTB + size), 1, XR(0));
            if (op == IR_VOP_CMGE0)
                invert(xb, 1);
            res = 1;
            break;
        case IR_VOP_NOT:
            invert(xb, 0);
            break;
        case IR_VOP_CMEQ0:
        case IR_VOP_CMGT0:                          /* n > 0 */
        case IR_VOP_CMLE0:                          /* ~(n > 0) */
            x_sse(xb, XS_PXOR, 1, XR(1));
            x_sse(xb, op == IR_VOP_CMEQ0 ? cmpeq(size) : (enum xsse)(XS_PCMPGTB + size), 0, XR(1));
            if (op == IR_VOP_CMLE0)
                invert(xb, 0);
            break;
        case IR_VOP_SHL: case IR_VOP_USHR: case IR_VOP_SSHR: {
            /* x86 shifts by >= the width give 0 (logical) or sign bits (arithmetic), as Arm */
            static const enum xpshift k[3] = { XPS_SLL, XPS_SRL, XPS_SRA };
            x_psh(xb, 1u << size, k[op - IR_VOP_SHL], 0, (uint8_t)IR_VOP_SHIFT(in->aux));
            break;
        }
        case IR_VOP_MLA:
        case IR_VOP_MLS:
            x_sse(xb, size == 1 ? XS_PMULLW : XS_PMULLD, 0, XR(1));
            load_part(L, 2, (int32_t)in->aux2, bytes);
            x_sse(xb, (enum xsse)((op == IR_VOP_MLA ? XS_PADDB : XS_PSUBB) + size), 2, XR(0));
            res = 2;
            break;
        case IR_VOP_ZIP1:
        case IR_VOP_ZIP2:
            if (in->aux & IR_VOP_Q) {
                x_sse(xb, (enum xsse)((op == IR_VOP_ZIP1 ? XS_PUNPCKLBW : XS_PUNPCKHBW) + size), 0, XR(1));
            } else {
                /* 64-bit: interleave the low halves; ZIP2 is its upper 8 bytes */
                x_sse(xb, (enum xsse)(XS_PUNPCKLBW + size), 0, XR(1));
                if (op == IR_VOP_ZIP2)
                    x_psrldq(xb, 0, 8);
            }
            break;
        case IR_VOP_CMHI:                           /* ~(umax(n, m) == m) */
            x_sse(xb, (enum xsse)(XS_PMAXUB + size), 0, XR(1));
            x_sse(xb, cmpeq(size), 0, XR(1));
            invert(xb, 0);
            break;
        default:
            /* ir_validate rejects the rest; never run wrong code */
            fprintf(stderr, "xemu: x86-64 backend cannot lower vop %u size %u\n", op, size);
            abort();
        }
    }
    if (!(in->aux & IR_VOP_Q))
        x_movq_xx(xb, res, res);
    store_result(L, res, (int32_t)in->aux2, (in->aux & IR_VOP_Q) ? 16 : 8);
}
