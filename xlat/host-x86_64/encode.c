/*
 * x86-64 instruction encoder (see encode.h).  One generic ModRM/SIB/REX
 * emitter and a thin function per instruction form on top of it.
 */
#include <string.h>

#include "xlat/host-x86_64/encode.h"

void x_byte(struct xbuf *b, uint8_t v)
{
    if (b->p < b->end)
        *b->p++ = v;
    else
        b->overflow = true;
}

void x_u32(struct xbuf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x_byte(b, (uint8_t)(v >> (8 * i)));
}

void x_u64(struct xbuf *b, uint64_t v)
{
    x_u32(b, (uint32_t)v);
    x_u32(b, (uint32_t)(v >> 32));
}

static void x_u16(struct xbuf *b, uint16_t v)
{
    x_byte(b, (uint8_t)v);
    x_byte(b, (uint8_t)(v >> 8));
}

/* prefix/operand-kind flags of emit() */
enum {
    P_W    = 1 << 0,    /* REX.W */
    P_66   = 1 << 1,    /* operand-size / mandatory 66 */
    P_F3   = 1 << 2,
    P_F2   = 1 << 3,
    P_BREG = 1 << 4,    /* the reg field names a byte register */
    P_BRM  = 1 << 5,    /* a register r/m names a byte register */
};

/* size in bytes -> prefix flags for an integer operation; byte ops
 * select their byte opcode through `op8` in the callers. */
static unsigned size_pfx(unsigned size)
{
    return size == 8 ? P_W : size == 2 ? P_66 : size == 1 ? (P_BREG | P_BRM) : 0;
}

static bool is_byte_hi(int r)
{
    return r >= 4 && r <= 7;   /* spl/bpl/sil/dil need a REX prefix */
}

static void modrm(struct xbuf *b, int reg, struct xrm rm);

/* legacy prefixes, REX, opcode bytes, ModRM [SIB] [disp] */
static void emit(struct xbuf *b, unsigned pfx, const uint8_t *op, unsigned nop, int reg,
                 struct xrm rm)
{
    if (pfx & P_66)
        x_byte(b, 0x66);
    if (pfx & P_F3)
        x_byte(b, 0xf3);
    if (pfx & P_F2)
        x_byte(b, 0xf2);
    uint8_t rex = 0x40;
    if (pfx & P_W)
        rex |= 8;
    if (reg >= 8)
        rex |= 4;
    if (rm.mem) {
        if (rm.index != XNONE && rm.index >= 8)
            rex |= 2;
        if (rm.base != XNONE && rm.base >= 8)
            rex |= 1;
    } else if (rm.reg >= 8) {
        rex |= 1;
    }
    bool need = rex != 0x40 || ((pfx & P_BREG) && is_byte_hi(reg)) ||
                ((pfx & P_BRM) && !rm.mem && is_byte_hi(rm.reg));
    if (need)
        x_byte(b, rex);
    for (unsigned i = 0; i < nop; i++)
        x_byte(b, op[i]);
    modrm(b, reg, rm);
}

/* ModRM [SIB] [disp] for reg field `reg` and operand rm */
static void modrm(struct xbuf *b, int reg, struct xrm rm)
{
    uint8_t r3 = (uint8_t)((reg & 7) << 3);
    if (!rm.mem) {
        x_byte(b, (uint8_t)(0xc0 | r3 | (rm.reg & 7)));
        return;
    }
    uint8_t ss = rm.scale == 8 ? 3 : rm.scale == 4 ? 2 : rm.scale == 2 ? 1 : 0;
    uint8_t idx = rm.index == XNONE ? 4 : (uint8_t)(rm.index & 7);
    if (rm.base == XNONE) {
        x_byte(b, (uint8_t)(0x04 | r3));
        x_byte(b, (uint8_t)(ss << 6 | idx << 3 | 5));
        x_u32(b, (uint32_t)rm.disp);
        return;
    }
    unsigned mod = (rm.disp == 0 && (rm.base & 7) != 5) ? 0 : x_fits_i8(rm.disp) ? 1 : 2;
    if (rm.index == XNONE && (rm.base & 7) != 4) {
        x_byte(b, (uint8_t)(mod << 6 | r3 | (rm.base & 7)));
    } else {
        x_byte(b, (uint8_t)(mod << 6 | r3 | 4));
        x_byte(b, (uint8_t)(ss << 6 | idx << 3 | (rm.base & 7)));
    }
    if (mod == 1)
        x_byte(b, (uint8_t)(int8_t)rm.disp);
    else if (mod == 2)
        x_u32(b, (uint32_t)rm.disp);
}

static void emit1(struct xbuf *b, unsigned pfx, uint8_t op, int reg, struct xrm rm)
{
    emit(b, pfx, &op, 1, reg, rm);
}

static void emit2(struct xbuf *b, unsigned pfx, uint8_t op0, uint8_t op1, int reg, struct xrm rm)
{
    uint8_t op[2] = { op0, op1 };
    emit(b, pfx, op, 2, reg, rm);
}

static void imm_sized(struct xbuf *b, unsigned size, int32_t imm)
{
    if (size == 1)
        x_byte(b, (uint8_t)imm);
    else if (size == 2)
        x_u16(b, (uint16_t)imm);
    else
        x_u32(b, (uint32_t)imm);
}

void x_alu_rmr(struct xbuf *b, enum xalu op, unsigned size, struct xrm dst, int src)
{
    emit1(b, size_pfx(size), (uint8_t)(op * 8 + (size == 1 ? 0 : 1)), src, dst);
}

void x_alu_rrm(struct xbuf *b, enum xalu op, unsigned size, int dst, struct xrm src)
{
    emit1(b, size_pfx(size), (uint8_t)(op * 8 + (size == 1 ? 2 : 3)), dst, src);
}

void x_alu_rmi(struct xbuf *b, enum xalu op, unsigned size, struct xrm dst, int32_t imm)
{
    if (size == 1) {
        emit1(b, P_BRM, 0x80, op, dst);
        x_byte(b, (uint8_t)imm);
    } else if (x_fits_i8(imm)) {
        emit1(b, size_pfx(size), 0x83, op, dst);
        x_byte(b, (uint8_t)imm);
    } else {
        emit1(b, size_pfx(size), 0x81, op, dst);
        imm_sized(b, size, imm);
    }
}

void x_test_rmr(struct xbuf *b, unsigned size, struct xrm a, int r)
{
    emit1(b, size_pfx(size), size == 1 ? 0x84 : 0x85, r, a);
}

void x_test_rmi(struct xbuf *b, unsigned size, struct xrm a, int32_t imm)
{
    emit1(b, size_pfx(size), size == 1 ? 0xf6 : 0xf7, 0, a);
    imm_sized(b, size, imm);
}

void x_mov_rmr(struct xbuf *b, unsigned size, struct xrm dst, int src)
{
    emit1(b, size_pfx(size), size == 1 ? 0x88 : 0x89, src, dst);
}

void x_mov_rrm(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit1(b, size_pfx(size), size == 1 ? 0x8a : 0x8b, dst, src);
}

void x_mov_rmi(struct xbuf *b, unsigned size, struct xrm dst, int32_t imm)
{
    emit1(b, size_pfx(size), size == 1 ? 0xc6 : 0xc7, 0, dst);
    imm_sized(b, size, imm);
}

void x_movabs(struct xbuf *b, int dst, uint64_t v)
{
    x_byte(b, (uint8_t)(0x48 | (dst >= 8 ? 1 : 0)));
    x_byte(b, (uint8_t)(0xb8 + (dst & 7)));
    x_u64(b, v);
}

void x_mov_ri64(struct xbuf *b, int dst, uint64_t v)
{
    if (v <= 0xffffffffu) {
        if (dst >= 8)
            x_byte(b, 0x41);
        x_byte(b, (uint8_t)(0xb8 + (dst & 7)));
        x_u32(b, (uint32_t)v);
    } else if (x_fits_i32((int64_t)v)) {
        x_mov_rmi(b, 8, XR(dst), (int32_t)v);
    } else {
        x_movabs(b, dst, v);
    }
}

void x_movzx(struct xbuf *b, unsigned dsize, int dst, unsigned ssize, struct xrm src)
{
    unsigned pfx = (dsize == 8 ? P_W : 0) | (ssize == 1 ? P_BRM : 0);
    emit2(b, pfx, 0x0f, ssize == 1 ? 0xb6 : 0xb7, dst, src);
}

void x_movsx(struct xbuf *b, unsigned dsize, int dst, unsigned ssize, struct xrm src)
{
    unsigned pfx = (dsize == 8 ? P_W : 0) | (ssize == 1 ? P_BRM : 0);
    if (ssize == 4)
        emit1(b, P_W, 0x63, dst, src);
    else
        emit2(b, pfx, 0x0f, ssize == 1 ? 0xbe : 0xbf, dst, src);
}

void x_lea(struct xbuf *b, unsigned size, int dst, struct xrm m)
{
    emit1(b, size == 8 ? P_W : 0, 0x8d, dst, m);
}

void x_xchg(struct xbuf *b, unsigned size, struct xrm m, int r)
{
    emit1(b, size_pfx(size), size == 1 ? 0x86 : 0x87, r, m);
}

void x_cmov(struct xbuf *b, enum xcc cc, unsigned size, int dst, struct xrm src)
{
    emit2(b, size_pfx(size), 0x0f, (uint8_t)(0x40 + cc), dst, src);
}

void x_setcc(struct xbuf *b, enum xcc cc, struct xrm dst)
{
    emit2(b, P_BRM, 0x0f, (uint8_t)(0x90 + cc), 0, dst);
}

static void group3(struct xbuf *b, unsigned digit, unsigned size, struct xrm a)
{
    emit1(b, size_pfx(size), size == 1 ? 0xf6 : 0xf7, (int)digit, a);
}

void x_not(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 2, size, a); }
void x_neg(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 3, size, a); }
void x_mul(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 4, size, a); }
void x_imul1(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 5, size, a); }
void x_div(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 6, size, a); }
void x_idiv(struct xbuf *b, unsigned size, struct xrm a) { group3(b, 7, size, a); }

void x_imul_rrm(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit2(b, size_pfx(size), 0x0f, 0xaf, dst, src);
}

void x_imul_rrmi(struct xbuf *b, unsigned size, int dst, struct xrm src, int32_t imm)
{
    if (x_fits_i8(imm)) {
        emit1(b, size_pfx(size), 0x6b, dst, src);
        x_byte(b, (uint8_t)imm);
    } else {
        emit1(b, size_pfx(size), 0x69, dst, src);
        imm_sized(b, size, imm);
    }
}

void x_shift_cl(struct xbuf *b, enum xshift op, unsigned size, struct xrm a)
{
    emit1(b, size_pfx(size), size == 1 ? 0xd2 : 0xd3, op, a);
}

void x_shift_i(struct xbuf *b, enum xshift op, unsigned size, struct xrm a, uint8_t count)
{
    if (count == 1) {
        emit1(b, size_pfx(size), size == 1 ? 0xd0 : 0xd1, op, a);
    } else {
        emit1(b, size_pfx(size), size == 1 ? 0xc0 : 0xc1, op, a);
        x_byte(b, count);
    }
}

void x_cqo(struct xbuf *b, unsigned size)
{
    if (size == 8)
        x_byte(b, 0x48);
    x_byte(b, 0x99);
}

void x_bswap(struct xbuf *b, unsigned size, int r)
{
    uint8_t rex = (uint8_t)(0x40 | (size == 8 ? 8 : 0) | (r >= 8 ? 1 : 0));
    if (rex != 0x40)
        x_byte(b, rex);
    x_byte(b, 0x0f);
    x_byte(b, (uint8_t)(0xc8 + (r & 7)));
}

void x_lzcnt(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit2(b, P_F3 | size_pfx(size), 0x0f, 0xbd, dst, src);
}

void x_tzcnt(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit2(b, P_F3 | size_pfx(size), 0x0f, 0xbc, dst, src);
}

void x_bsr(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit2(b, size_pfx(size), 0x0f, 0xbd, dst, src);
}

void x_bsf(struct xbuf *b, unsigned size, int dst, struct xrm src)
{
    emit2(b, size_pfx(size), 0x0f, 0xbc, dst, src);
}

void x_bt_i(struct xbuf *b, unsigned size, struct xrm a, uint8_t bit)
{
    emit2(b, size_pfx(size), 0x0f, 0xba, 4, a);
    x_byte(b, bit);
}

void x_cmc(struct xbuf *b) { x_byte(b, 0xf5); }
void x_lock(struct xbuf *b) { x_byte(b, 0xf0); }

void x_xadd(struct xbuf *b, unsigned size, struct xrm m, int r)
{
    emit2(b, size_pfx(size), 0x0f, size == 1 ? 0xc0 : 0xc1, r, m);
}

void x_cmpxchg(struct xbuf *b, unsigned size, struct xrm m, int r)
{
    emit2(b, size_pfx(size), 0x0f, size == 1 ? 0xb0 : 0xb1, r, m);
}

void x_cmpxchg16b(struct xbuf *b, struct xrm m)
{
    emit2(b, P_W, 0x0f, 0xc7, 1, m);
}

void x_mfence(struct xbuf *b)
{
    x_byte(b, 0x0f);
    x_byte(b, 0xae);
    x_byte(b, 0xf0);
}

void x_movups_load(struct xbuf *b, int xmm, struct xrm src)
{
    emit2(b, 0, 0x0f, 0x10, xmm, src);
}

void x_movups_store(struct xbuf *b, struct xrm dst, int xmm)
{
    emit2(b, 0, 0x0f, 0x11, xmm, dst);
}

void x_movd_load(struct xbuf *b, int xmm, struct xrm src)
{
    emit2(b, P_66, 0x0f, 0x6e, xmm, src);
}

void x_movq_load(struct xbuf *b, int xmm, struct xrm src)
{
    emit2(b, P_F3, 0x0f, 0x7e, xmm, src);
}

/* 66 [0F 38] opcode of each xsse op: low byte the opcode, 0x100 for the 0F 38 map */
static const uint16_t sse_op[XS_NUM] = {
    [XS_PADDB] = 0xfc, [XS_PADDW] = 0xfd, [XS_PADDD] = 0xfe, [XS_PADDQ] = 0xd4,
    [XS_PSUBB] = 0xf8, [XS_PSUBW] = 0xf9, [XS_PSUBD] = 0xfa, [XS_PSUBQ] = 0xfb,
    [XS_PMULLW] = 0xd5, [XS_PMULLD] = 0x140,
    [XS_PCMPEQB] = 0x74, [XS_PCMPEQW] = 0x75, [XS_PCMPEQD] = 0x76, [XS_PCMPEQQ] = 0x129,
    [XS_PCMPGTB] = 0x64, [XS_PCMPGTW] = 0x65, [XS_PCMPGTD] = 0x66, [XS_PCMPGTQ] = 0x137,
    [XS_PMAXSB] = 0x13c, [XS_PMAXSW] = 0xee, [XS_PMAXSD] = 0x13d,
    [XS_PMINSB] = 0x138, [XS_PMINSW] = 0xea, [XS_PMINSD] = 0x139,
    [XS_PMAXUB] = 0xde, [XS_PMAXUW] = 0x13e, [XS_PMAXUD] = 0x13f,
    [XS_PMINUB] = 0xda, [XS_PMINUW] = 0x13a, [XS_PMINUD] = 0x13b,
    [XS_PAND] = 0xdb, [XS_PANDN] = 0xdf, [XS_POR] = 0xeb, [XS_PXOR] = 0xef,
    [XS_PABSB] = 0x11c, [XS_PABSW] = 0x11d, [XS_PABSD] = 0x11e,
    [XS_PUNPCKLBW] = 0x60, [XS_PUNPCKLWD] = 0x61, [XS_PUNPCKLDQ] = 0x62, [XS_PUNPCKLQDQ] = 0x6c,
    [XS_PUNPCKHBW] = 0x68, [XS_PUNPCKHWD] = 0x69, [XS_PUNPCKHDQ] = 0x6a, [XS_PUNPCKHQDQ] = 0x6d,
    /* packed FP: 0x200 = no 66 prefix (ps) */
    [XS_ADDPS] = 0x258, [XS_ADDPD] = 0x58, [XS_SUBPS] = 0x25c, [XS_SUBPD] = 0x5c,
    [XS_MULPS] = 0x259, [XS_MULPD] = 0x59, [XS_DIVPS] = 0x25e, [XS_DIVPD] = 0x5e,
    [XS_AESENC] = 0x1dc, [XS_AESENCLAST] = 0x1dd, [XS_AESDEC] = 0x1de, [XS_AESDECLAST] = 0x1df,
    [XS_AESIMC] = 0x1db,
    [XS_SHA256RNDS2] = 0x3cb, [XS_SHA256MSG1] = 0x3cc, [XS_SHA256MSG2] = 0x3cd,
};
const char *const x_sse_names[XS_NUM] = {
    "paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq",
    "pmullw", "pmulld", "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpeqq",
    "pcmpgtb", "pcmpgtw", "pcmpgtd", "pcmpgtq",
    "pmaxsb", "pmaxsw", "pmaxsd", "pminsb", "pminsw", "pminsd",
    "pmaxub", "pmaxuw", "pmaxud", "pminub", "pminuw", "pminud",
    "pand", "pandn", "por", "pxor",
    "pabsb", "pabsw", "pabsd",
    "punpcklbw", "punpcklwd", "punpckldq", "punpcklqdq",
    "punpckhbw", "punpckhwd", "punpckhdq", "punpckhqdq",
    "addps", "addpd", "subps", "subpd", "mulps", "mulpd", "divps", "divpd",
    "aesenc", "aesenclast", "aesdec", "aesdeclast", "aesimc",
    "sha256rnds2", "sha256msg1", "sha256msg2",
};

void x_sse(struct xbuf *b, enum xsse op, int xmm, struct xrm src)
{
    uint16_t o = sse_op[op];
    if (o & 0x100) {
        uint8_t bytes[3] = { 0x0f, 0x38, (uint8_t)o };
        emit(b, (o & 0x200) ? 0 : P_66, bytes, 3, xmm, src);
    } else {
        emit2(b, (o & 0x200) ? 0 : P_66, 0x0f, (uint8_t)o, xmm, src);
    }
}

const char *const x_ssei_names[XSI_NUM] = { "pclmulqdq", "palignr", "shufps" };

void x_sse_i(struct xbuf *b, enum xssei op, int xmm, struct xrm src, uint8_t imm)
{
    if (op == XSI_SHUFPS) {
        emit2(b, 0, 0x0f, 0xc6, xmm, src);
    } else {
        uint8_t bytes[3] = { 0x0f, 0x3a, op == XSI_PCLMULQDQ ? 0x44 : 0x0f };
        emit(b, P_66, bytes, 3, xmm, src);
    }
    x_byte(b, imm);
}

void x_stmxcsr(struct xbuf *b, struct xrm m)
{
    emit2(b, 0, 0x0f, 0xae, 3, m);
}

void x_ldmxcsr(struct xbuf *b, struct xrm m)
{
    emit2(b, 0, 0x0f, 0xae, 2, m);
}

void x_movd_store(struct xbuf *b, int r32, int xmm)
{
    emit2(b, P_66, 0x0f, 0x7e, xmm, XR(r32));
}

void x_movq_store(struct xbuf *b, int r64, int xmm)
{
    emit2(b, P_66 | P_W, 0x0f, 0x7e, xmm, XR(r64));
}

void x_pshift_i(struct xbuf *b, unsigned elem, bool left, int xmm, uint8_t count)
{
    emit2(b, P_66, 0x0f, elem == 8 ? 0x73 : 0x72, left ? 6 : 2, XR(xmm));
    x_byte(b, count);
}

void x_psh(struct xbuf *b, unsigned elem, enum xpshift op, int xmm, uint8_t count)
{
    emit2(b, P_66, 0x0f, elem == 2 ? 0x71 : elem == 4 ? 0x72 : 0x73, op, XR(xmm));
    x_byte(b, count);
}

void x_pshufd(struct xbuf *b, int dst, int src, uint8_t imm)
{
    emit2(b, P_66, 0x0f, 0x70, dst, XR(src));
    x_byte(b, imm);
}

void x_psrldq(struct xbuf *b, int xmm, uint8_t bytes)
{
    emit2(b, P_66, 0x0f, 0x73, 3, XR(xmm));
    x_byte(b, bytes);
}

void x_movmsk(struct xbuf *b, unsigned elem, int r32, int xmm)
{
    emit2(b, elem == 8 ? P_66 : 0, 0x0f, 0x50, r32, XR(xmm));
}

void x_vfmadd231(struct xbuf *b, unsigned elem, bool neg, int acc, int a, int bx)
{
    /* C4 [R X B m-mmmm=0F38] [W vvvv L=0 pp=66] opcode ModRM(reg=acc, vvvv=a, rm=b) */
    x_byte(b, 0xc4);
    x_byte(b, (uint8_t)((acc >= 8 ? 0 : 0x80) | 0x40 | (bx >= 8 ? 0 : 0x20) | 0x02));
    x_byte(b, (uint8_t)((elem == 8 ? 0x80 : 0) | (~a & 15) << 3 | 0x01));
    x_byte(b, neg ? 0xbc : 0xb8);
    x_byte(b, (uint8_t)(0xc0 | (acc & 7) << 3 | (bx & 7)));
}

void x_movaps(struct xbuf *b, int dst, int src)
{
    emit2(b, 0, 0x0f, 0x28, dst, XR(src));
}

void x_movq_xx(struct xbuf *b, int dst, int src)
{
    emit2(b, P_F3, 0x0f, 0x7e, dst, XR(src));
}

void x_push(struct xbuf *b, int r)
{
    if (r >= 8)
        x_byte(b, 0x41);
    x_byte(b, (uint8_t)(0x50 + (r & 7)));
}

void x_pop(struct xbuf *b, int r)
{
    if (r >= 8)
        x_byte(b, 0x41);
    x_byte(b, (uint8_t)(0x58 + (r & 7)));
}

void x_ret(struct xbuf *b) { x_byte(b, 0xc3); }

void x_call_r(struct xbuf *b, int r)
{
    emit1(b, 0, 0xff, 2, XR(r));
}

void x_jmp_rm(struct xbuf *b, struct xrm a)
{
    emit1(b, 0, 0xff, 4, a);
}

size_t x_jmp32(struct xbuf *b)
{
    x_byte(b, 0xe9);
    size_t at = xb_off(b);
    x_u32(b, 0);
    return at;
}

size_t x_jcc32(struct xbuf *b, enum xcc cc)
{
    x_byte(b, 0x0f);
    x_byte(b, (uint8_t)(0x80 + cc));
    size_t at = xb_off(b);
    x_u32(b, 0);
    return at;
}

void x_jmp_to(struct xbuf *b, const uint8_t *target)
{
    x_byte(b, 0xe9);
    x_u32(b, (uint32_t)(int32_t)(target - (b->p + 4)));
}

void x_jcc8(struct xbuf *b, enum xcc cc, int8_t rel)
{
    x_byte(b, (uint8_t)(0x70 + cc));
    x_byte(b, (uint8_t)rel);
}

void x_jmp8(struct xbuf *b, int8_t rel)
{
    x_byte(b, 0xeb);
    x_byte(b, (uint8_t)rel);
}

void x_patch_rel32(struct xbuf *b, size_t at, size_t target)
{
    if (b->overflow || at + 4 > (size_t)(b->end - b->start))
        return;
    int32_t rel = (int32_t)((int64_t)target - (int64_t)(at + 4));
    memcpy(b->start + at, &rel, 4);
}

void x_nops(struct xbuf *b, unsigned n)
{
    static const uint8_t nop[10][9] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n) {
        unsigned k = n > 9 ? 9 : n;
        for (unsigned i = 0; i < k; i++)
            x_byte(b, nop[k][i]);
        n -= k;
    }
}

/* three-byte VEX prefix (map 0F38 / 0F3A), then opcode and ModRM */
static void emit_vex(struct xbuf *b, unsigned map, unsigned pp, bool w, int vvvv, uint8_t op,
                     int reg, struct xrm rm)
{
    bool rx = rm.mem && rm.index != XNONE && rm.index >= 8;
    bool rb = rm.mem ? (rm.base != XNONE && rm.base >= 8) : rm.reg >= 8;
    x_byte(b, 0xc4);
    x_byte(b, (uint8_t)((reg >= 8 ? 0 : 0x80) | (rx ? 0 : 0x40) | (rb ? 0 : 0x20) | map));
    x_byte(b, (uint8_t)((w ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp));
    x_byte(b, op);
    modrm(b, reg, rm);
}

void x_shiftx(struct xbuf *b, enum xshift op, unsigned size, int dst, struct xrm src, int count)
{
    /* shlx: 66, sarx: F3, shrx: F2 (VEX.pp 1, 2, 3) */
    unsigned pp = op == XSHL ? 1 : op == XSAR ? 2 : 3;
    emit_vex(b, 2, pp, size == 8, count, 0xf7, dst, src);
}
