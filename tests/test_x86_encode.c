/*
 * Tests for the x86-64 encoder (xlat/host-x86_64/encode.c): every
 * instruction form it can emit is disassembled with capstone (the
 * oracle) and checked for mnemonic, operands (registers, memory base /
 * index / scale / displacement, immediates, operand sizes) and length,
 * over register combinations that hit the REX and ModRM/SIB special
 * cases (r8-r15, rsp/r12 needing a SIB, rbp/r13 needing a displacement,
 * spl/bpl/sil/dil needing a REX prefix), disp8/disp32 and imm8/imm32/imm64.
 */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>

#include "xlat/host-x86_64/encode.h"

static csh cs;

static void setup(void)
{
    cr_assert_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
}

static void teardown(void)
{
    cs_close(&cs);
}

static const x86_reg r64[16] = {
    X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP, X86_REG_RSI,
    X86_REG_RDI, X86_REG_R8, X86_REG_R9, X86_REG_R10, X86_REG_R11, X86_REG_R12, X86_REG_R13,
    X86_REG_R14, X86_REG_R15,
};
static const x86_reg r32[16] = {
    X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX, X86_REG_ESP, X86_REG_EBP, X86_REG_ESI,
    X86_REG_EDI, X86_REG_R8D, X86_REG_R9D, X86_REG_R10D, X86_REG_R11D, X86_REG_R12D,
    X86_REG_R13D, X86_REG_R14D, X86_REG_R15D,
};
static const x86_reg r16[16] = {
    X86_REG_AX, X86_REG_CX, X86_REG_DX, X86_REG_BX, X86_REG_SP, X86_REG_BP, X86_REG_SI,
    X86_REG_DI, X86_REG_R8W, X86_REG_R9W, X86_REG_R10W, X86_REG_R11W, X86_REG_R12W,
    X86_REG_R13W, X86_REG_R14W, X86_REG_R15W,
};
static const x86_reg r8[16] = {
    X86_REG_AL, X86_REG_CL, X86_REG_DL, X86_REG_BL, X86_REG_SPL, X86_REG_BPL, X86_REG_SIL,
    X86_REG_DIL, X86_REG_R8B, X86_REG_R9B, X86_REG_R10B, X86_REG_R11B, X86_REG_R12B,
    X86_REG_R13B, X86_REG_R14B, X86_REG_R15B,
};

static x86_reg creg(int r, unsigned size)
{
    if (r < 0)
        return X86_REG_INVALID;
    switch (size) {
    case 1: return r8[r];
    case 2: return r16[r];
    case 4: return r32[r];
    default: return r64[r];
    }
}

/* expected operand */
enum { OR, OM, OI, OX };
struct eop {
    int kind;
    unsigned size;      /* 0: do not check */
    int reg;
    struct xrm m;
    int64_t imm;
};
static struct eop ER(int r, unsigned size) { return (struct eop){ .kind = OR, .size = size, .reg = r }; }
static struct eop EM(struct xrm m, unsigned size) { return (struct eop){ .kind = OM, .size = size, .m = m }; }
static struct eop EI(int64_t v, unsigned size) { return (struct eop){ .kind = OI, .size = size, .imm = v }; }
static struct eop EX(int x) { return (struct eop){ .kind = OX, .size = 16, .reg = x }; }

static uint8_t buf[64];
static struct xbuf xb;

static void start(void) { xb_init(&xb, buf, sizeof(buf)); }

static void check_ops(const char *mnem, unsigned nops, const struct eop *ops)
{
    size_t len = xb_off(&xb);
    cr_assert(!xb.overflow);
    cs_insn *insn;
    size_t n = cs_disasm(cs, buf, len, 0x1000, 0, &insn);
    cr_assert_eq(n, 1, "%s: %zu insns from %zu bytes (%02x %02x %02x %02x)", mnem, n, len,
                 buf[0], buf[1], buf[2], buf[3]);
    cr_assert_eq(insn[0].size, len);
    cr_assert_str_eq(insn[0].mnemonic, mnem, "got %s %s", insn[0].mnemonic, insn[0].op_str);
    const cs_x86 *x = &insn[0].detail->x86;
    cr_assert_eq(x->op_count, nops, "%s %s: %u operands", insn[0].mnemonic, insn[0].op_str,
                 x->op_count);
    for (unsigned k = 0; k < nops; k++) {
        const cs_x86_op *o = &x->operands[k];
        const struct eop *e = &ops[k];
        const char *txt = insn[0].op_str;
        if (e->size && e->kind != OI)
            cr_assert_eq(o->size, e->size, "%s %s: operand %u size %u", mnem, txt, k, o->size);
        switch (e->kind) {
        case OR:
            cr_assert_eq(o->type, X86_OP_REG, "%s %s: op %u not reg", mnem, txt, k);
            cr_assert_eq(o->reg, creg(e->reg, e->size), "%s %s: op %u reg", mnem, txt, k);
            break;
        case OX:
            cr_assert_eq(o->type, X86_OP_REG, "%s %s: op %u not reg", mnem, txt, k);
            cr_assert_eq(o->reg, X86_REG_XMM0 + e->reg, "%s %s: op %u xmm", mnem, txt, k);
            break;
        case OM:
            cr_assert_eq(o->type, X86_OP_MEM, "%s %s: op %u not mem", mnem, txt, k);
            cr_assert_eq(o->mem.base, creg(e->m.base, 8), "%s %s: base", mnem, txt);
            cr_assert_eq(o->mem.index, creg(e->m.index, 8), "%s %s: index", mnem, txt);
            if (e->m.index != XNONE)
                cr_assert_eq(o->mem.scale, e->m.scale, "%s %s: scale", mnem, txt);
            cr_assert_eq(o->mem.disp, e->m.disp, "%s %s: disp", mnem, txt);
            break;
        case OI: {
            cr_assert_eq(o->type, X86_OP_IMM, "%s %s: op %u not imm", mnem, txt, k);
            uint64_t m = e->size >= 8 ? ~0ull : (1ull << (8 * e->size)) - 1;
            cr_assert_eq((uint64_t)o->imm & m, (uint64_t)e->imm & m, "%s %s: imm", mnem, txt);
            break;
        }
        }
    }
    cs_free(insn, n);
}

#define CHECK(mnem, ...)                                                      \
    do {                                                                      \
        const struct eop ops_[] = { __VA_ARGS__ };                            \
        check_ops(mnem, sizeof(ops_) / sizeof(ops_[0]), ops_);                \
    } while (0)
#define CHECK0(mnem) check_ops(mnem, 0, NULL)

static const unsigned sizes[4] = { 1, 2, 4, 8 };
static const char *alu_names[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };

/* memory operands covering every ModRM/SIB special case */
static struct xrm mem_case(unsigned k)
{
    static const int32_t disps[] = { 0, 8, -8, 127, 128, -128, -129, 0x12345678 };
    unsigned nd = sizeof(disps) / sizeof(disps[0]);
    int base = (int)(k % 17) - 1;           /* XNONE, rax..r15 */
    unsigned rest = k / 17;
    int32_t disp = disps[rest % nd];
    rest /= nd;
    int index = (int)(rest % 17) - 1;       /* XNONE, rax..r15 except rsp */
    if (index == RSP)
        index = XNONE;
    unsigned scale = 1u << ((rest / 17) % 4);
    return index == XNONE ? XM(base, disp) : XMI(base, index, scale, disp);
}
#define NMEM (17 * 8 * 17 * 4)

TestSuite(x86_encode, .init = setup, .fini = teardown);

Test(x86_encode, alu_reg_reg_all_pairs_and_sizes)
{
    for (unsigned op = 0; op < 8; op++)
        for (unsigned s = 0; s < 4; s++)
            for (int d = 0; d < 16; d++)
                for (int r = 0; r < 16; r++) {
                    start();
                    x_alu_rmr(&xb, (enum xalu)op, sizes[s], XR(d), r);
                    CHECK(alu_names[op], ER(d, sizes[s]), ER(r, sizes[s]));
                }
}

Test(x86_encode, alu_with_memory_operands)
{
    for (unsigned k = 0; k < NMEM; k += 3) {
        struct xrm m = mem_case(k);
        int r = (int)(k % 16);
        unsigned s = sizes[k % 4];
        unsigned op = k % 8;
        start();
        x_alu_rmr(&xb, (enum xalu)op, s, m, r);
        CHECK(alu_names[op], EM(m, s), ER(r, s));
        start();
        x_alu_rrm(&xb, (enum xalu)op, s, r, m);
        CHECK(alu_names[op], ER(r, s), EM(m, s));
    }
}

Test(x86_encode, alu_immediates_imm8_and_imm32)
{
    static const int32_t imms[] = { 0, 1, -1, 127, -128, 128, -129, 0x7fffffff, INT32_MIN, 0x1234 };
    for (unsigned op = 0; op < 8; op++)
        for (unsigned s = 0; s < 4; s++)
            for (unsigned k = 0; k < sizeof(imms) / sizeof(imms[0]); k++)
                for (int d = 0; d < 16; d += 5) {
                    start();
                    x_alu_rmi(&xb, (enum xalu)op, sizes[s], XR(d), imms[k]);
                    CHECK(alu_names[op], ER(d, sizes[s]), EI(imms[k], sizes[s]));
                    start();
                    x_alu_rmi(&xb, (enum xalu)op, sizes[s], XM(d, imms[k]), imms[k]);
                    CHECK(alu_names[op], EM(XM(d, imms[k]), sizes[s]), EI(imms[k], sizes[s]));
                }
}

Test(x86_encode, test_forms)
{
    for (unsigned s = 0; s < 4; s++)
        for (int a = 0; a < 16; a++) {
            int r = 15 - a;
            start();
            x_test_rmr(&xb, sizes[s], XR(a), r);
            CHECK("test", ER(a, sizes[s]), ER(r, sizes[s]));
            start();
            x_test_rmi(&xb, sizes[s], XM(a, 16), 0x5a);
            CHECK("test", EM(XM(a, 16), sizes[s]), EI(0x5a, sizes[s]));
        }
}

Test(x86_encode, mov_loads_stores_every_addressing_mode)
{
    for (unsigned k = 0; k < NMEM; k++) {
        struct xrm m = mem_case(k);
        int r = (int)((k * 7) % 16);
        unsigned s = sizes[(k / 3) % 4];
        start();
        x_mov_rrm(&xb, s, r, m);
        CHECK("mov", ER(r, s), EM(m, s));
        start();
        x_mov_rmr(&xb, s, m, r);
        CHECK("mov", EM(m, s), ER(r, s));
    }
}

Test(x86_encode, mov_immediates)
{
    static const int32_t imms[] = { 0, 5, -1, 0x7f, 0x1234, 0x7fffffff, INT32_MIN };
    for (unsigned s = 0; s < 4; s++)
        for (unsigned k = 0; k < 7; k++)
            for (int d = 0; d < 16; d += 3) {
                start();
                x_mov_rmi(&xb, sizes[s], XM(d, -32), imms[k]);
                CHECK("mov", EM(XM(d, -32), sizes[s]), EI(imms[k], sizes[s]));
                start();
                x_mov_rmi(&xb, sizes[s], XR(d), imms[k]);
                CHECK("mov", ER(d, sizes[s]), EI(imms[k], sizes[s]));
            }
}

Test(x86_encode, mov_ri64_picks_shortest_exact_form)
{
    static const uint64_t vals[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff,
                                     0xffffffffffffffffull, 0xffffffff80000000ull,
                                     0x100000000ull, 0x123456789abcdef0ull };
    for (int d = 0; d < 16; d++)
        for (unsigned k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
            uint64_t v = vals[k];
            start();
            x_mov_ri64(&xb, d, v);
            if (v <= 0xffffffffu) {
                cr_assert_leq(xb_off(&xb), 6);
                CHECK("mov", ER(d, 4), EI((int64_t)v, 4));
            } else if (x_fits_i32((int64_t)v)) {
                cr_assert_eq(xb_off(&xb), 7);
                CHECK("mov", ER(d, 8), EI((int64_t)v, 8));
            } else {
                cr_assert_eq(xb_off(&xb), 10);
                CHECK("movabs", ER(d, 8), EI((int64_t)v, 8));
            }
        }
}

Test(x86_encode, movzx_movsx_lea)
{
    for (int d = 0; d < 16; d++)
        for (int s = 0; s < 16; s++) {
            for (unsigned ds = 4; ds <= 8; ds += 4) {
                start();
                x_movzx(&xb, ds, d, 1, XR(s));
                CHECK("movzx", ER(d, ds), ER(s, 1));
                start();
                x_movzx(&xb, ds, d, 2, XR(s));
                CHECK("movzx", ER(d, ds), ER(s, 2));
                start();
                x_movsx(&xb, ds, d, 1, XR(s));
                CHECK("movsx", ER(d, ds), ER(s, 1));
                start();
                x_movsx(&xb, ds, d, 2, XR(s));
                CHECK("movsx", ER(d, ds), ER(s, 2));
            }
            start();
            x_movsx(&xb, 8, d, 4, XR(s));
            CHECK("movsxd", ER(d, 8), ER(s, 4));
            start();
            x_movzx(&xb, 4, d, 1, XM(s, 0x40));
            CHECK("movzx", ER(d, 4), EM(XM(s, 0x40), 1));
            start();
            x_movsx(&xb, 8, d, 4, XM(s, -0x40));
            CHECK("movsxd", ER(d, 8), EM(XM(s, -0x40), 4));
            if (s != RSP) {
                start();
                x_lea(&xb, 8, d, XMI(d, s, 4, 12));
                CHECK("lea", ER(d, 8), EM(XMI(d, s, 4, 12), 0));
                start();
                x_lea(&xb, 4, d, XMI(XNONE, s, 4, 0));
                CHECK("lea", ER(d, 4), EM(XMI(XNONE, s, 4, 0), 0));
            }
        }
}

Test(x86_encode, unary_group3_shifts_and_bit_ops)
{
    static const struct { void (*fn)(struct xbuf *, unsigned, struct xrm); const char *name; } g3[] = {
        { x_neg, "neg" }, { x_not, "not" }, { x_mul, "mul" }, { x_imul1, "imul" },
        { x_div, "div" }, { x_idiv, "idiv" },
    };
    static const struct { enum xshift op; const char *name; } sh[] = {
        { XROL, "rol" }, { XROR, "ror" }, { XSHL, "shl" }, { XSHR, "shr" }, { XSAR, "sar" },
    };
    for (unsigned s = 0; s < 4; s++)
        for (int r = 0; r < 16; r++) {
            unsigned sz = sizes[s];
            for (unsigned k = 0; k < 6; k++) {
                start();
                g3[k].fn(&xb, sz, XR(r));
                if (k >= 2) {
                    /* capstone lists the implicit rax/rdx operands only
                     * sometimes; check mnemonic and the explicit one */
                    size_t len = xb_off(&xb);
                    cs_insn *insn;
                    cr_assert_eq(cs_disasm(cs, buf, len, 0, 0, &insn), 1);
                    cr_assert_str_eq(insn[0].mnemonic, g3[k].name);
                    cr_assert_eq(insn[0].size, len);
                    const cs_x86 *x = &insn[0].detail->x86;
                    bool found = false;
                    for (unsigned o = 0; o < x->op_count; o++)
                        found |= x->operands[o].type == X86_OP_REG &&
                                 x->operands[o].reg == creg(r, sz);
                    cr_assert(found, "%s %s", insn[0].mnemonic, insn[0].op_str);
                    cs_free(insn, 1);
                } else {
                    CHECK(g3[k].name, ER(r, sz));
                }
            }
            for (unsigned k = 0; k < 5; k++) {
                start();
                x_shift_cl(&xb, sh[k].op, sz, XR(r));
                CHECK(sh[k].name, ER(r, sz), ER(RCX, 1));
                start();
                x_shift_i(&xb, sh[k].op, sz, XR(r), 1);
                CHECK(sh[k].name, ER(r, sz), EI(1, 1));
                start();
                x_shift_i(&xb, sh[k].op, sz, XR(r), (uint8_t)(sz * 8 - 1));
                CHECK(sh[k].name, ER(r, sz), EI(sz * 8 - 1, 1));
            }
            if (sz >= 2) {
                int d = 15 - r;
                start();
                x_imul_rrm(&xb, sz, d, XR(r));
                CHECK("imul", ER(d, sz), ER(r, sz));
                start();
                x_imul_rrmi(&xb, sz, d, XR(r), 100);
                CHECK("imul", ER(d, sz), ER(r, sz), EI(100, sz));
                start();
                x_imul_rrmi(&xb, sz, d, XM(r, 8), 1000);
                CHECK("imul", ER(d, sz), EM(XM(r, 8), sz), EI(1000, sz));
                static const struct {
                    void (*fn)(struct xbuf *, unsigned, int, struct xrm);
                    const char *name;
                } bits[] = { { x_lzcnt, "lzcnt" }, { x_tzcnt, "tzcnt" }, { x_bsr, "bsr" },
                             { x_bsf, "bsf" } };
                for (unsigned k = 0; k < 4; k++) {
                    start();
                    bits[k].fn(&xb, sz, d, XR(r));
                    CHECK(bits[k].name, ER(d, sz), ER(r, sz));
                }
                for (unsigned cc = 0; cc < 16; cc++) {
                    static const char *names[16] = {
                        "cmovo", "cmovno", "cmovb", "cmovae", "cmove", "cmovne", "cmovbe",
                        "cmova", "cmovs", "cmovns", "cmovp", "cmovnp", "cmovl", "cmovge",
                        "cmovle", "cmovg",
                    };
                    start();
                    x_cmov(&xb, (enum xcc)cc, sz, d, XR(r));
                    CHECK(names[cc], ER(d, sz), ER(r, sz));
                }
                start();
                x_bt_i(&xb, sz, XR(r), 7);
                CHECK("bt", ER(r, sz), EI(7, 1));
            }
            if (sz >= 4) {
                start();
                x_bswap(&xb, sz, r);
                CHECK("bswap", ER(r, sz));
            }
        }
}

Test(x86_encode, setcc_on_every_byte_register_and_memory)
{
    static const char *names[16] = {
        "seto", "setno", "setb", "setae", "sete", "setne", "setbe", "seta",
        "sets", "setns", "setp", "setnp", "setl", "setge", "setle", "setg",
    };
    for (unsigned cc = 0; cc < 16; cc++)
        for (int r = 0; r < 16; r++) {
            start();
            x_setcc(&xb, (enum xcc)cc, XR(r));
            CHECK(names[cc], ER(r, 1));
            start();
            x_setcc(&xb, (enum xcc)cc, XM(r, 6));
            CHECK(names[cc], EM(XM(r, 6), 1));
        }
}

Test(x86_encode, atomics_and_exchange)
{
    for (unsigned s = 0; s < 4; s++)
        for (int r = 0; r < 16; r++) {
            int m = (r + 3) % 16;
            unsigned sz = sizes[s];
            start();
            x_xchg(&xb, sz, XM(m, 0), r);
            CHECK("xchg", EM(XM(m, 0), sz), ER(r, sz));
            start();
            x_lock(&xb);
            x_xadd(&xb, sz, XM(m, 0), r);
            CHECK("lock xadd", EM(XM(m, 0), sz), ER(r, sz));
            cr_assert_eq(buf[0], 0xf0);
            start();
            x_lock(&xb);
            x_cmpxchg(&xb, sz, XM(m, 0), r);
            CHECK("lock cmpxchg", EM(XM(m, 0), sz), ER(r, sz));
        }
    for (int m = 0; m < 16; m++) {
        start();
        x_lock(&xb);
        x_cmpxchg16b(&xb, XM(m, 0));
        CHECK("lock cmpxchg16b", EM(XM(m, 0), 16));
    }
    start();
    x_mfence(&xb);
    CHECK0("mfence");
    start();
    x_cmc(&xb);
    CHECK0("cmc");
}

Test(x86_encode, sse_moves)
{
    for (int x = 0; x < 16; x += 5)
        for (int r = 0; r < 16; r++) {
            start();
            x_movups_load(&xb, x, XM(r, 0x100));
            CHECK("movups", EX(x), EM(XM(r, 0x100), 16));
            start();
            x_movups_store(&xb, XM(r, -4), x);
            CHECK("movups", EM(XM(r, -4), 16), EX(x));
            start();
            x_movd_load(&xb, x, XR(r));
            CHECK("movd", EX(x), ER(r, 4));
            start();
            x_movq_load(&xb, x, XM(r, 8));
            CHECK("movq", EX(x), EM(XM(r, 8), 8));
        }
}

Test(x86_encode, stack_calls_and_cqo)
{
    for (int r = 0; r < 16; r++) {
        start();
        x_push(&xb, r);
        CHECK("push", ER(r, 8));
        start();
        x_pop(&xb, r);
        CHECK("pop", ER(r, 8));
        start();
        x_call_r(&xb, r);
        CHECK("call", ER(r, 8));
        start();
        x_jmp_rm(&xb, XR(r));
        CHECK("jmp", ER(r, 8));
        start();
        x_jmp_rm(&xb, XM(r, 8));
        CHECK("jmp", EM(XM(r, 8), 8));
    }
    start();
    x_ret(&xb);
    CHECK0("ret");
    start();
    x_cqo(&xb, 8);
    CHECK0("cqo");
    start();
    x_cqo(&xb, 4);
    CHECK0("cdq");
}

Test(x86_encode, branches_and_patching)
{
    static const char *jcc[16] = {
        "jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja",
        "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg",
    };
    for (unsigned cc = 0; cc < 16; cc++) {
        start();
        size_t at = x_jcc32(&xb, (enum xcc)cc);
        cr_assert_eq(at, 2);
        x_patch_rel32(&xb, at, 0x40);
        CHECK(jcc[cc], EI(0x1040, 8));
        start();
        x_jcc8(&xb, (enum xcc)cc, -2);
        CHECK(jcc[cc], EI(0x1000, 8));
    }
    start();
    size_t at = x_jmp32(&xb);
    cr_assert_eq(at, 1);
    x_patch_rel32(&xb, at, 0);
    CHECK("jmp", EI(0x1000, 8));
    start();
    x_jmp8(&xb, 0x10);
    CHECK("jmp", EI(0x1012, 8));
    start();
    x_jmp_to(&xb, buf + 0x30);
    CHECK("jmp", EI(0x1030, 8));
}

Test(x86_encode, nops_of_every_length_are_one_or_more_nops)
{
    for (unsigned n = 1; n <= 15; n++) {
        start();
        x_nops(&xb, n);
        cr_assert_eq(xb_off(&xb), n);
        cs_insn *insn;
        size_t k = cs_disasm(cs, buf, n, 0, 0, &insn);
        size_t total = 0;
        for (size_t i = 0; i < k; i++) {
            cr_assert_str_eq(insn[i].mnemonic, "nop");
            total += insn[i].size;
        }
        cr_assert_eq(total, n);
        cs_free(insn, k);
    }
}

Test(x86_encode, overflow_is_reported_not_written)
{
    uint8_t small[4] = { 0 };
    struct xbuf b;
    xb_init(&b, small, 3);
    x_movabs(&b, RAX, 0x1122334455667788ull);
    cr_assert(b.overflow);
    cr_assert_eq(xb_off(&b), 3);
    cr_assert_eq(small[3], 0);
}

Test(x86_encode, bmi2_shifts_by_register)
{
    static const struct { enum xshift op; const char *name; } sh[] = {
        { XSHL, "shlx" }, { XSHR, "shrx" }, { XSAR, "sarx" },
    };
    for (unsigned k = 0; k < 3; k++)
        for (unsigned sz = 4; sz <= 8; sz += 4)
            for (int d = 0; d < 16; d++) {
                int s = (d * 5 + 3) % 16, c = (d * 7 + 1) % 16;
                start();
                x_shiftx(&xb, sh[k].op, sz, d, XR(s), c);
                CHECK(sh[k].name, ER(d, sz), ER(s, sz), ER(c, sz));
                start();
                x_shiftx(&xb, sh[k].op, sz, d, XMI(s, c == RSP ? XNONE : c, 4, 0x44), 15 - d);
                CHECK(sh[k].name, ER(d, sz), EM(XMI(s, c == RSP ? XNONE : c, 4, 0x44), sz),
                      ER(15 - d, sz));
            }
}

Test(x86_encode, sse_integer_ops)
{
    for (int op = 0; op < XS_NUM; op++)
        for (int x = 0; x < 16; x += 3)
            for (int y = 0; y < 16; y += 5) {
                start();
                x_sse(&xb, (enum xsse)op, x, XR(y));
                CHECK(x_sse_names[op], EX(x), EX(y));
                start();
                x_sse(&xb, (enum xsse)op, x, XM(y, 0x40));
                CHECK(x_sse_names[op], EX(x), EM(XM(y, 0x40), 16));
            }
    for (int x = 0; x < 16; x += 3)
        for (int y = 0; y < 16; y += 5) {
            start();
            x_movaps(&xb, x, y);
            CHECK("movaps", EX(x), EX(y));
            start();
            x_movq_xx(&xb, x, y);
            CHECK("movq", EX(x), EX(y));
        }
}

Test(x86_encode, sse_immediate_forms)
{
    for (int op = 0; op < XSI_NUM; op++)
        for (int x = 0; x < 16; x += 3)
            for (int y = 0; y < 16; y += 5) {
                start();
                x_sse_i(&xb, (enum xssei)op, x, XR(y), 0x11);
                CHECK(x_ssei_names[op], EX(x), EX(y), EI(0x11, 1));
                start();
                x_sse_i(&xb, (enum xssei)op, x, XM(y, -0x40), 4);
                CHECK(x_ssei_names[op], EX(x), EM(XM(y, -0x40), 16), EI(4, 1));
            }
}

Test(x86_encode, sse_fp_and_mask_forms)
{
    for (int x = 0; x < 16; x += 3)
        for (int y = 0; y < 16; y += 5) {
            start();
            x_movd_store(&xb, y, x);
            CHECK("movd", ER(y, 4), EX(x));
            start();
            x_movq_store(&xb, y, x);
            CHECK("movq", ER(y, 8), EX(x));
            start();
            x_pshufd(&xb, x, y, 0xee);
            CHECK("pshufd", EX(x), EX(y), EI(0xee, 1));
            start();
            x_psrldq(&xb, x, 8);
            CHECK("psrldq", EX(x), EI(8, 1));
            start();
            x_stmxcsr(&xb, XM(y, 8));
            CHECK("stmxcsr", EM(XM(y, 8), 4));
            start();
            x_ldmxcsr(&xb, XM(y, -8));
            CHECK("ldmxcsr", EM(XM(y, -8), 4));
            start();
            x_movmsk(&xb, 4, y, x);
            CHECK("movmskps", ER(y, 4), EX(x));
            start();
            x_movmsk(&xb, 8, y, x);
            CHECK("movmskpd", ER(y, 4), EX(x));
            for (int e = 2; e <= 8; e *= 2)
                for (int k = 0; k < 3; k++) {
                    static const enum xpshift ops[3] = { XPS_SRL, XPS_SRA, XPS_SLL };
                    static const char *const names[3][3] = {
                        { "psrlw", "psraw", "psllw" }, { "psrld", "psrad", "pslld" },
                        { "psrlq", "?", "psllq" } };
                    if (e == 8 && k == 1)
                        continue;               /* no psraq */
                    start();
                    x_psh(&xb, (unsigned)e, ops[k], x, 7);
                    CHECK(names[e == 2 ? 0 : e == 4 ? 1 : 2][k], EX(x), EI(7, 1));
                }
            for (int e = 4; e <= 8; e += 4)
                for (int left = 0; left < 2; left++) {
                    static const char *const names[2][2] = { { "psrld", "pslld" }, { "psrlq", "psllq" } };
                    start();
                    x_pshift_i(&xb, (unsigned)e, left, x, 23);
                    CHECK(names[e == 8][left], EX(x), EI(23, 1));
                }
            for (int z = 0; z < 16; z += 7)
                for (int e = 4; e <= 8; e += 4)
                    for (int neg = 0; neg < 2; neg++) {
                        static const char *const names[2][2] = {
                            { "vfmadd231ps", "vfnmadd231ps" }, { "vfmadd231pd", "vfnmadd231pd" } };
                        start();
                        x_vfmadd231(&xb, (unsigned)e, neg, x, y, z);
                        CHECK(names[e == 8][neg], EX(x), EX(y), EX(z));
                    }
        }
}
