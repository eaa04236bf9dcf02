/*
 * x86-64 instruction encoder: appends machine code for the instruction
 * forms the IR lowering (lower.c) and the prologue (backend.c) need.
 * Knows nothing of the IR.  Every form is checked against capstone by
 * tests/test_x86_encode.c.
 *
 * Operands: registers are enum xreg (0..15 in hardware numbering); a
 * register-or-memory operand is a struct xrm built with XR(reg) or
 * XM(base, disp) / XMI(base, index, scale, disp) (base XNONE: absolute
 * disp32).  Operation size is given in bytes (1, 2, 4, 8).
 *
 * The buffer never overflows: when it is full, writes are dropped and
 * `overflow` is set; the caller checks it once at the end.
 */
#ifndef XEMU_HOST_X86_64_ENCODE_H
#define XEMU_HOST_X86_64_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xreg {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
    XNONE = -1,
};

struct xrm {
    bool mem;
    int8_t reg;         /* register operand (mem == false) */
    int8_t base, index; /* memory: XNONE for none */
    uint8_t scale;      /* 1, 2, 4, 8 */
    int32_t disp;
};

static inline struct xrm XR(int r)
{
    return (struct xrm){ .mem = false, .reg = (int8_t)r, .base = XNONE, .index = XNONE, .scale = 1 };
}
static inline struct xrm XM(int base, int32_t disp)
{
    return (struct xrm){ .mem = true, .reg = XNONE, .base = (int8_t)base, .index = XNONE,
                         .scale = 1, .disp = disp };
}
static inline struct xrm XMI(int base, int index, unsigned scale, int32_t disp)
{
    return (struct xrm){ .mem = true, .reg = XNONE, .base = (int8_t)base, .index = (int8_t)index,
                         .scale = (uint8_t)scale, .disp = disp };
}

struct xbuf {
    uint8_t *start, *p, *end;
    bool overflow;
};

static inline void xb_init(struct xbuf *b, uint8_t *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = mem + size;
    b->overflow = false;
}
static inline size_t xb_off(const struct xbuf *b) { return (size_t)(b->p - b->start); }

void x_byte(struct xbuf *b, uint8_t v);
void x_u32(struct xbuf *b, uint32_t v);
void x_u64(struct xbuf *b, uint64_t v);

/* x86 condition codes (the low nibble of Jcc/SETcc/CMOVcc) */
enum xcc {
    XCC_O, XCC_NO, XCC_B, XCC_AE, XCC_E, XCC_NE, XCC_BE, XCC_A,
    XCC_S, XCC_NS, XCC_P, XCC_NP, XCC_L, XCC_GE, XCC_LE, XCC_G,
};

/* the eight classic ALU operations, numbered as their /digit */
enum xalu { XADD, XOR, XADC, XSBB, XAND, XSUB, XXOR, XCMP };
/* shift/rotate group 2, numbered as their /digit */
enum xshift { XROL, XROR, XSHL = 4, XSHR = 5, XSAR = 7 };

static inline bool x_fits_i8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool x_fits_i32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* alu: op dst, src  (dst r/m, src reg) and op reg, r/m */
void x_alu_rmr(struct xbuf *b, enum xalu op, unsigned size, struct xrm dst, int src);
void x_alu_rrm(struct xbuf *b, enum xalu op, unsigned size, int dst, struct xrm src);
/* op r/m, imm (imm8 form when it fits; imm truncated to the size) */
void x_alu_rmi(struct xbuf *b, enum xalu op, unsigned size, struct xrm dst, int32_t imm);
void x_test_rmr(struct xbuf *b, unsigned size, struct xrm a, int r);
void x_test_rmi(struct xbuf *b, unsigned size, struct xrm a, int32_t imm);

/* moves */
void x_mov_rmr(struct xbuf *b, unsigned size, struct xrm dst, int src);   /* store / reg copy */
void x_mov_rrm(struct xbuf *b, unsigned size, int dst, struct xrm src);   /* load */
void x_mov_rmi(struct xbuf *b, unsigned size, struct xrm dst, int32_t imm); /* C7 / C6 form */
/* shortest mov of a 64-bit constant into a register (no flag change) */
void x_mov_ri64(struct xbuf *b, int dst, uint64_t v);
void x_movabs(struct xbuf *b, int dst, uint64_t v);    /* always the 10-byte form */
/* movzx/movsx dst(size dsize 4 or 8), r/m of ssize 1 or 2; movsxd for ssize 4 */
void x_movzx(struct xbuf *b, unsigned dsize, int dst, unsigned ssize, struct xrm src);
void x_movsx(struct xbuf *b, unsigned dsize, int dst, unsigned ssize, struct xrm src);
void x_lea(struct xbuf *b, unsigned size, int dst, struct xrm m);
void x_xchg(struct xbuf *b, unsigned size, struct xrm m, int r);
void x_cmov(struct xbuf *b, enum xcc cc, unsigned size, int dst, struct xrm src);
void x_setcc(struct xbuf *b, enum xcc cc, struct xrm dst);

/* unary group 3 and shifts */
void x_neg(struct xbuf *b, unsigned size, struct xrm a);
void x_not(struct xbuf *b, unsigned size, struct xrm a);
void x_mul(struct xbuf *b, unsigned size, struct xrm a);   /* rdx:rax = rax * a (unsigned) */
void x_imul1(struct xbuf *b, unsigned size, struct xrm a); /* signed, one operand */
void x_div(struct xbuf *b, unsigned size, struct xrm a);
void x_idiv(struct xbuf *b, unsigned size, struct xrm a);
void x_imul_rrm(struct xbuf *b, unsigned size, int dst, struct xrm src);
void x_imul_rrmi(struct xbuf *b, unsigned size, int dst, struct xrm src, int32_t imm);
void x_shift_cl(struct xbuf *b, enum xshift op, unsigned size, struct xrm a);
void x_shift_i(struct xbuf *b, enum xshift op, unsigned size, struct xrm a, uint8_t count);
void x_cqo(struct xbuf *b, unsigned size);   /* cdq (4) / cqo (8) */
/* BMI2 shlx/shrx/sarx dst, src, count (op XSHL, XSHR or XSAR; flags untouched) */
void x_shiftx(struct xbuf *b, enum xshift op, unsigned size, int dst, struct xrm src, int count);
void x_bswap(struct xbuf *b, unsigned size, int r);
void x_lzcnt(struct xbuf *b, unsigned size, int dst, struct xrm src);
void x_tzcnt(struct xbuf *b, unsigned size, int dst, struct xrm src);
void x_bsr(struct xbuf *b, unsigned size, int dst, struct xrm src);
void x_bsf(struct xbuf *b, unsigned size, int dst, struct xrm src);
void x_bt_i(struct xbuf *b, unsigned size, struct xrm a, uint8_t bit);
void x_cmc(struct xbuf *b);

/* atomics and barriers */
void x_lock(struct xbuf *b);
void x_xadd(struct xbuf *b, unsigned size, struct xrm m, int r);      /* add lock prefix first */
void x_cmpxchg(struct xbuf *b, unsigned size, struct xrm m, int r);   /* idem */
void x_cmpxchg16b(struct xbuf *b, struct xrm m);                      /* idem */
void x_mfence(struct xbuf *b);

/* SSE moves through xmm registers (0..15) */
void x_movups_load(struct xbuf *b, int xmm, struct xrm src);
void x_movups_store(struct xbuf *b, struct xrm dst, int xmm);
void x_movd_load(struct xbuf *b, int xmm, struct xrm src);   /* movd xmm, r/m32 */
void x_movq_load(struct xbuf *b, int xmm, struct xrm src);   /* movq xmm, m64 (F3 0F 7E) */

/* SSE2/SSE4 packed-integer ops `op xmm, xmm/m128` (all 66-prefixed; the
 * m128 form needs 16-byte alignment, so lower_vec.c uses registers) */
enum xsse {
    XS_PADDB, XS_PADDW, XS_PADDD, XS_PADDQ,
    XS_PSUBB, XS_PSUBW, XS_PSUBD, XS_PSUBQ,
    XS_PMULLW, XS_PMULLD,
    XS_PCMPEQB, XS_PCMPEQW, XS_PCMPEQD, XS_PCMPEQQ,
    XS_PCMPGTB, XS_PCMPGTW, XS_PCMPGTD, XS_PCMPGTQ,
    XS_PMAXSB, XS_PMAXSW, XS_PMAXSD, XS_PMINSB, XS_PMINSW, XS_PMINSD,
    XS_PMAXUB, XS_PMAXUW, XS_PMAXUD, XS_PMINUB, XS_PMINUW, XS_PMINUD,
    XS_PAND, XS_PANDN, XS_POR, XS_PXOR,
    XS_PABSB, XS_PABSW, XS_PABSD,
    XS_PUNPCKLBW, XS_PUNPCKLWD, XS_PUNPCKLDQ, XS_PUNPCKLQDQ,
    XS_PUNPCKHBW, XS_PUNPCKHWD, XS_PUNPCKHDQ, XS_PUNPCKHQDQ,
    XS_ADDPS, XS_ADDPD, XS_SUBPS, XS_SUBPD, XS_MULPS, XS_MULPD, XS_DIVPS, XS_DIVPD,
    /* AES-NI and SHA-NI (callers check x86_features) */
    XS_AESENC, XS_AESENCLAST, XS_AESDEC, XS_AESDECLAST, XS_AESIMC,
    XS_SHA256RNDS2, XS_SHA256MSG1, XS_SHA256MSG2,     /* RNDS2 reads xmm0 too */
    XS_NUM
};
extern const char *const x_sse_names[XS_NUM];   /* capstone mnemonics, for the tests */
void x_sse(struct xbuf *b, enum xsse op, int xmm, struct xrm src);
void x_movaps(struct xbuf *b, int dst, int src);       /* xmm copy */
void x_movq_xx(struct xbuf *b, int dst, int src);      /* low 64 bits, upper zeroed */
void x_movd_store(struct xbuf *b, int r32, int xmm);   /* movd r32, xmm */
void x_movq_store(struct xbuf *b, int r64, int xmm);   /* movq r64, xmm */
/* SSE ops with an 8-bit immediate */
enum xssei { XSI_PCLMULQDQ, XSI_PALIGNR, XSI_SHUFPS, XSI_NUM };
extern const char *const x_ssei_names[XSI_NUM];
void x_sse_i(struct xbuf *b, enum xssei op, int xmm, struct xrm src, uint8_t imm);
void x_stmxcsr(struct xbuf *b, struct xrm m);
void x_ldmxcsr(struct xbuf *b, struct xrm m);
/* psrld/psrlq/pslld/psllq xmm, imm8: elem 4 or 8, left or right */
void x_pshift_i(struct xbuf *b, unsigned elem, bool left, int xmm, uint8_t count);
/* psrlw/d/q (XPS_SRL), psraw/d (XPS_SRA), psllw/d/q (XPS_SLL) xmm, imm8; elem 2, 4 or 8 */
enum xpshift { XPS_SRL = 2, XPS_SRA = 4, XPS_SLL = 6 };
void x_psh(struct xbuf *b, unsigned elem, enum xpshift op, int xmm, uint8_t count);
void x_pshufd(struct xbuf *b, int dst, int src, uint8_t imm);
void x_psrldq(struct xbuf *b, int xmm, uint8_t bytes);   /* byte shift right */
void x_movmsk(struct xbuf *b, unsigned elem, int r32, int xmm);   /* movmskps (4) / movmskpd (8) */
/* VEX.128 vfmadd231ps/pd (neg: vfnmadd231): acc = (neg ? -(a*b) : a*b) + acc */
void x_vfmadd231(struct xbuf *b, unsigned elem, bool neg, int acc, int a, int bx);

/* stack and control flow */
void x_push(struct xbuf *b, int r);
void x_pop(struct xbuf *b, int r);
void x_ret(struct xbuf *b);
void x_call_r(struct xbuf *b, int r);
void x_jmp_rm(struct xbuf *b, struct xrm a);
/* Branches with a 32-bit displacement; return the offset of the rel32
 * field (for x_patch_rel32).  target_off < 0 leaves the field 0. */
size_t x_jmp32(struct xbuf *b);
size_t x_jcc32(struct xbuf *b, enum xcc cc);
void x_jmp_to(struct xbuf *b, const uint8_t *target);          /* rel32 to a known rw-buffer address */
void x_jcc8(struct xbuf *b, enum xcc cc, int8_t rel);
void x_jmp8(struct xbuf *b, int8_t rel);
/* make the rel32 field at `at` point to offset `target` of the same buffer */
void x_patch_rel32(struct xbuf *b, size_t at, size_t target);
/* multi-byte nop of n bytes (0..15) */
void x_nops(struct xbuf *b, unsigned n);

#endif
