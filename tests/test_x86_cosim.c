/*
 * Co-simulation of the x86-64 backend against the reference IR
 * interpreter (xlat/ir_interp.c): random blocks mixing every integer,
 * flag, compare, select, memory and exit op over edge-heavy random
 * operands run both ways from the same state; guest state, memory and
 * the exit taken must agree.  Also runs each block after opt_block, so
 * the shapes the optimizer produces (folded constants, cleared setflags)
 * are covered.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/x86_run.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/ir.h"
#include "xlat/ir_vop.h"
#include "xlat/opt.h"

static struct xrun R;

static void setup(void) { xrun_init(&R); }
static void teardown(void) { xrun_fini(&R); }

TestSuite(x86_cosim, .init = setup, .fini = teardown);

#define X(n) ((uint32_t)A64_OFF_X(n))
#define MEMREG 20

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rnd_val(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~1ull,
    };
    switch (rnd() % 4) {
    case 0: return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
    case 1: return rnd() % 256;
    case 2: return (uint64_t)-(int64_t)(rnd() % 256);
    default: return rnd();
    }
}

struct gen {
    struct ir_block *b;
    ir_ref vals[512];
    unsigned nvals;
};

static ir_ref pick(struct gen *g)
{
    if (!g->nvals || rnd() % 5 == 0) {
        ir_ref c = ir_const(g->b, rnd_val());
        g->vals[g->nvals++ % 512] = c;
        return c;
    }
    return g->vals[rnd() % (g->nvals < 512 ? g->nvals : 512)];
}

static void push(struct gen *g, ir_ref r)
{
    if (g->nvals < 512)
        g->vals[g->nvals++] = r;
}

/* membase + offset in [0, 56), sometimes as add / add+shl chains that
 * the backend folds into addressing modes */
static ir_ref gen_addr(struct gen *g, ir_ref membase, int64_t *off)
{
    struct ir_block *b = g->b;
    switch (rnd() % 4) {
    case 0:
        *off = (int64_t)(rnd() % 56);
        return membase;
    case 1: {
        *off = (int64_t)(rnd() % 8);
        return ir_op2(b, IR_add, IR_I64, membase, ir_const(b, rnd() % 48));
    }
    case 2: {
        unsigned sh = (unsigned)(rnd() % 4);
        ir_ref idx = ir_op2(b, IR_and, IR_I64, pick(g), ir_const(b, 40 >> sh));
        ir_ref sc = ir_op2(b, IR_shl, IR_I64, idx, ir_const(b, sh));
        *off = (int64_t)(rnd() % 8);
        return rnd() % 2 ? ir_op2(b, IR_add, IR_I64, membase, sc) : ir_op2(b, IR_add, IR_I64, sc, membase);
    }
    default: {
        ir_ref idx = ir_op2(b, IR_and, IR_I64, pick(g), ir_const(b, 31));
        *off = (int64_t)(rnd() % 16);
        ir_ref a = ir_op2(b, IR_add, IR_I64, membase, idx);
        push(g, a);
        return a;
    }
    }
}

/* a helper for generated calls: depends on its arguments and on env,
 * writes env, and trashes every caller-saved register it may */
static uint64_t cosim_helper(void *env, uint64_t a, uint64_t b, uint64_t c)
{
    struct a64_cpu *cpu = env;
    __asm__ volatile("" ::: "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    cpu->x[7] ^= a + 1;
    return (a * 3) ^ (b << 1) ^ (c >> 1) ^ cpu->x[3];
}

static void gen_block(struct ir_block *b, unsigned len)
{
    struct gen g = { .b = b };
    static const enum ir_op bin[] = {
        IR_add, IR_sub, IR_and, IR_or, IR_xor, IR_andn, IR_shl, IR_shr, IR_sar, IR_ror,
        IR_mul, IR_udiv, IR_sdiv, IR_adc, IR_sbc,
    };
    static const enum ir_op un[] = { IR_neg, IR_not, IR_clz, IR_ctz, IR_rbit, IR_bswap, IR_sext, IR_zext };
    ir_ref membase = ir_getenv(b, X(MEMREG), 3);
    for (unsigned k = 0; k < 6; k++)
        push(&g, ir_getenv(b, X(k), (unsigned)(rnd() % 4)));
    for (unsigned n = 0; n < len; n++) {
        enum ir_type t = (enum ir_type)(rnd() & 1);
        unsigned what = (unsigned)(rnd() % 20);
        if (what < 7) {
            enum ir_op op = bin[rnd() % (sizeof(bin) / sizeof(bin[0]))];
            bool can_f = op == IR_add || op == IR_sub || op == IR_and || op == IR_andn ||
                         op == IR_adc || op == IR_sbc;
            ir_ref a = pick(&g), c = pick(&g);
            push(&g, can_f && rnd() % 2 ? ir_op2f(b, op, t, a, c) : ir_op2(b, op, t, a, c));
        } else if (what < 8 && rnd() % 3 == 0) {
            /* x + (y << 1..3): lea */
            ir_ref sc = ir_op2(b, IR_shl, t, pick(&g), ir_const(b, 1 + rnd() % 3));
            push(&g, rnd() % 2 ? ir_op2(b, IR_add, t, pick(&g), sc) : ir_op2(b, IR_add, t, sc, pick(&g)));
        } else if (what < 9) {
            enum ir_op op = un[rnd() % (sizeof(un) / sizeof(un[0]))];
            push(&g, ir_emit(b, op, t, pick(&g), IR_NONE, IR_NONE, 0, (uint32_t)(rnd() % 3)));
        } else if (what < 10) {
            ir_ref a = pick(&g), c = pick(&g);
            push(&g, ir_op2(b, rnd() & 1 ? IR_umulh : IR_smulh, IR_I64, a, c));
        } else if (what < 12) {
            ir_ref a = pick(&g), c = pick(&g);
            push(&g, ir_setcond(b, (enum ir_cmp)(rnd() % 12), t, a, c));
        } else if (what < 14) {
            push(&g, ir_testflags(b, (enum ir_cc)(rnd() % 16)));
        } else if (what < 16) {
            ir_ref c = pick(&g), x = pick(&g), y = pick(&g);
            if (rnd() % 2) {
                c = ir_testflags(b, (enum ir_cc)(rnd() % 16));
            }
            push(&g, ir_select(b, c, x, y));
        } else if (what < 17) {
            unsigned sz = (unsigned)(rnd() % 4);
            int64_t off;
            ir_ref base = gen_addr(&g, membase, &off);
            push(&g, ir_ld(b, t, base, off, sz | (rnd() % 2 ? IR_MO_SIGN : 0)));
        } else if (what < 18) {
            int64_t off;
            ir_ref base = gen_addr(&g, membase, &off);
            ir_st(b, base, off, (unsigned)(rnd() % 4), pick(&g));
        } else if (what < 19) {
            if (rnd() % 3) {
                ir_setenv(b, X(rnd() % 16), (unsigned)(rnd() % 4), pick(&g));
            } else {
                /* memory ops with side effects, on aligned addresses */
                unsigned sz = (unsigned)(rnd() % 4);
                ir_ref a = ir_op2(b, IR_add, IR_I64, membase, ir_const(b, (rnd() % 4) * 8));
                ir_ref r;
                switch (rnd() % 7) {
                case 0:
                    r = ir_emit(b, IR_atomic, t, a, pick(&g), IR_NONE, 0, sz);
                    b->insn[r].cond = (uint8_t)(rnd() % 9);
                    push(&g, r);
                    break;
                case 1:
                    push(&g, ir_emit(b, IR_cas, t, a, pick(&g), pick(&g), 0, sz));
                    break;
                case 2: {
                    ir_ref v = ir_emit(b, IR_ldv, IR_I64, a, IR_NONE, IR_NONE, (int64_t)(rnd() % 8),
                                       (uint32_t)(rnd() % 5));
                    b->insn[v].aux2 = (uint32_t)A64_OFF_V(rnd() % 4);
                    break;
                }
                case 3: {
                    ir_ref v = ir_emit(b, IR_stv, IR_I64, a, IR_NONE, IR_NONE, (int64_t)(rnd() % 8),
                                       (uint32_t)(rnd() % 5));
                    b->insn[v].aux2 = (uint32_t)A64_OFF_V(rnd() % 4);
                    break;
                }
                case 4:
                    ir_st(b, a, (int64_t)(rnd() % 8), sz | IR_MO_REL, pick(&g));
                    break;
                case 5: {
                    /* exclusive pair or single, maybe disturbed in between */
                    unsigned mo = rnd() % 3 ? sz : (2 + (unsigned)(rnd() % 2)) | IR_MO_PAIR;
                    if (mo == (3 | IR_MO_PAIR))   /* 16-byte alignment, as Arm requires */
                        a = ir_op2(b, IR_add, IR_I64, membase, ir_const(b, (rnd() % 2) * 16));
                    ir_ref v = ir_emit(b, IR_ldex, t, a, IR_NONE, IR_NONE, 0, mo | IR_MO_ACQ);
                    push(&g, v);
                    if (rnd() % 4 == 0)
                        ir_st(b, a, 0, mo & IR_MO_SIZE_MASK, pick(&g));
                    if (rnd() % 8 == 0)
                        ir_emit(b, IR_clrex, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
                    ir_ref a2 = rnd() % 6 ? a : ir_op2(b, IR_add, IR_I64, a, ir_const(b, 16));
                    ir_ref hi = (mo & IR_MO_PAIR) ? pick(&g) : IR_NONE;
                    push(&g, ir_emit(b, IR_stex, IR_I64, a2, pick(&g), hi, 0,
                                     (rnd() % 6 ? mo : (mo & IR_MO_PAIR) | ((mo + 1) & 3)) | IR_MO_REL));
                    break;
                }
                default: {
                    unsigned nargs = (unsigned)(rnd() % 4);
                    ir_ref c = ir_call(b, (const void *)cosim_helper,
                                       IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                                       nargs > 0 ? pick(&g) : IR_NONE, nargs > 1 ? pick(&g) : IR_NONE,
                                       nargs > 2 ? pick(&g) : IR_NONE);
                    push(&g, c);
                    break;
                }
                }
            }
        } else {
            switch (rnd() % 5) {
            case 0:
                push(&g, ir_emit(b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0));
                break;
            case 4: {
                /* the frontend's CCMP/CCMN shape */
                ir_ref c = ir_testflags(b, (enum ir_cc)(rnd() % 14));
                ir_ref x = pick(&g), y = pick(&g);
                ir_op2f(b, rnd() % 2 ? IR_sub : IR_add, t, x, y);
                ir_ref r = ir_emit(b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
                ir_ref k = ir_const(b, (rnd() % 16) << 28 | (rnd() % 2 ? 0x5a5 : 0));
                ir_ref s = rnd() % 2 ? ir_select(b, c, r, k) : ir_select(b, c, k, r);
                ir_emit(b, IR_wrflags, IR_I64, s, IR_NONE, IR_NONE, 0, 0);
                if (rnd() % 2)
                    ir_exit_if(b, ir_testflags(b, (enum ir_cc)(rnd() % 16)), 0x180000 + 4 * n);
                break;
            }
            case 1:
                ir_emit(b, IR_wrflags, IR_I64, pick(&g), IR_NONE, IR_NONE, 0, 0);
                break;
            case 2: {
                ir_ref c = rnd() % 2 ? ir_testflags(b, (enum ir_cc)(rnd() % 16))
                                     : ir_setcond(b, (enum ir_cmp)(rnd() % 12), t, pick(&g), pick(&g));
                ir_exit_if(b, c, 0x100000 + 4 * n);
                break;
            }
            default:
                push(&g, ir_getenv(b, X(rnd() % 16), (unsigned)(rnd() % 4)));
                break;
            }
        }
    }
    for (unsigned k = 0; k < 8; k++)
        ir_setenv(b, X(8 + k), 3, g.vals[(g.nvals - 1 - k * 3) % g.nvals]);
    switch (rnd() % 3) {
    case 0: ir_goto_tb(b, 0x200000); break;
    case 1: ir_goto_ptr(b, pick(&g)); break;
    default: ir_exit(b, 0x300000, XLAT_EXIT_SYSCALL); break;
    }
}

static _Alignas(16) uint8_t mem_n[64], mem_i[64];

static void init_state(struct a64_cpu *c, uint8_t *mem)
{
    xrun_env_init(&R, c);
    for (unsigned k = 0; k < 20; k++)
        c->x[k] = rnd_val();
    c->x[MEMREG] = (uintptr_t)mem;
    c->hdr.nf = (uint8_t)(rnd() & 1);
    c->hdr.zf = (uint8_t)(rnd() & 1);
    c->hdr.cf = (uint8_t)(rnd() & 1);
    c->hdr.vf = (uint8_t)(rnd() & 1);
    /* V0..V7: edge-heavy halves, sometimes equal to a neighbour's so the
     * equality compares see both outcomes */
    for (unsigned k = 0; k < 8; k++) {
        uint64_t h[2] = { rnd_val(), rnd_val() };
        if (k && rnd() % 4 == 0)
            memcpy(h, &c->v[k - 1], 16);
        if (rnd() % 4 == 0)
            h[0] ^= 0x8000800080008000ull;
        switch (rnd() % 4) {        /* plain FP numbers, so the FP fast paths run */
        case 0:
            for (unsigned j = 0; j < 2; j++)
                h[j] = (rnd() & 0x800fffff800fffffull) | 0x3f0000003f000000ull;
            break;
        case 1:
            for (unsigned j = 0; j < 2; j++)
                h[j] = (rnd() & 0x801fffffffffffffull) | (0x3f0ull + rnd() % 32) << 52;
            break;
        default:
            break;
        }
        memcpy(&c->v[k], h, 16);
    }
    /* FPCR mostly default (sometimes a rounding mode, FZ or DN), FPSR.IXC mostly set */
    c->fpcr = rnd() % 4 ? 0 : (uint32_t)(rnd() % 16) << 22;
    c->fpsr = rnd() % 4 ? 0x10 : 0;
}

static void cosim(const struct ir_block *b, unsigned seed, bool optimized)
{
    static struct a64_cpu cn, ci;
    uint64_t s = rng_state;
    for (unsigned k = 0; k < sizeof(mem_n); k++)
        mem_n[k] = mem_i[k] = (uint8_t)rnd();
    init_state(&cn, mem_n);
    rng_state = s;
    for (unsigned k = 0; k < sizeof(mem_n); k++)
        (void)rnd();
    init_state(&ci, mem_i);
    ci.x[MEMREG] = cn.x[MEMREG];   /* same guest address: run on mem_n first, copy */
    uint8_t mem0[64];
    memcpy(mem0, mem_n, 64);
    uint64_t rn = xrun_block(&R, b, &cn);
    uint8_t memn[64];
    memcpy(memn, mem_n, 64);
    memcpy(mem_n, mem0, 64);
    uint64_t ri = ir_interp(b, &ci);
    if (rn != ri || memcmp(&cn, &ci, sizeof(cn)) != 0 || memcmp(memn, mem_n, 64) != 0) {
        fprintf(stderr, "co-simulation mismatch, seed %u%s: ret %llu vs %llu\n", seed,
                optimized ? " (optimized)" : "", (unsigned long long)rn, (unsigned long long)ri);
        ir_dump(b, stderr);
        for (unsigned k = 0; k < 32; k++)
            if (cn.x[k] != ci.x[k])
                fprintf(stderr, "  x%u: native %#llx interp %#llx\n", k, (unsigned long long)cn.x[k],
                        (unsigned long long)ci.x[k]);
        fprintf(stderr, "  nzcv native %u%u%u%u interp %u%u%u%u pc %#llx %#llx\n", cn.hdr.nf,
                cn.hdr.zf, cn.hdr.cf, cn.hdr.vf, ci.hdr.nf, ci.hdr.zf, ci.hdr.cf, ci.hdr.vf,
                (unsigned long long)cn.hdr.pc, (unsigned long long)ci.hdr.pc);
        cr_assert_fail("native and ir_interp disagree (seed %u)", seed);
    }
}

#define V(n, byte) ((uint32_t)A64_OFF_V(n) + (byte))

/* Blocks of vops mixed with lane getenv/setenv on the same V slots (the
 * frontend's UMOV/INS/FMOV shapes) and helper calls, so env forwarding
 * around vops is covered too. */
static void gen_vector_block(struct ir_block *b, unsigned len)
{
    struct gen g = { .b = b };
    for (unsigned k = 0; k < 4; k++)
        push(&g, ir_getenv(b, X(k), 3));
    for (unsigned n = 0; n < len; n++) {
        unsigned what = (unsigned)(rnd() % 10);
        if (what < 5) {
            unsigned op, size;
            do {
                op = (unsigned)(rnd() % IR_VOP_NUM);
                size = (unsigned)(rnd() % 4);
            } while (!ir_vop_valid(op, size));
            bool q = rnd() % 3 != 0 || (size == 3 && (op == IR_VOP_ZIP1 || op == IR_VOP_ZIP2));
            if (op >= IR_VOP_SHL && op <= IR_VOP_SSHR)
                ir_vop_shift(b, (enum ir_vop)op, size, q, V(rnd() % 6, 0), V(rnd() % 6, 0),
                             (unsigned)(rnd() % ((8u << size) + 1)));
            else if (ir_vop_is_fp(op)) {
                ir_vop_fp(b, (enum ir_vop)op, size, q || size == 3, rnd() % 4 == 0, V(rnd() % 6, 0),
                          V(rnd() % 6, 0), V(rnd() % 6, 0), (uint32_t)A64_OFF_FPCR);
                if ((op == IR_VOP_FMUL || op == IR_VOP_FMLA || op == IR_VOP_FMLS) && rnd() % 2)
                    ir_vop_byelem(b, (unsigned)(rnd() % (16u >> size)));
            }
            else
                ir_vop(b, (enum ir_vop)op, size, q, V(rnd() % 6, 0), V(rnd() % 6, 0),
                       V(rnd() % 6, 0));
        } else if (what < 7) {
            unsigned sz = (unsigned)(rnd() % 4);
            push(&g, ir_getenv(b, V(rnd() % 6, ((unsigned)rnd() % 16) & ~((1u << sz) - 1)), sz));
        } else if (what < 9) {
            unsigned sz = (unsigned)(rnd() % 4);
            ir_setenv(b, V(rnd() % 6, ((unsigned)rnd() % 16) & ~((1u << sz) - 1)), sz, pick(&g));
        } else if (rnd() % 3 == 0) {
            push(&g, ir_call(b, (const void *)cosim_helper, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                             pick(&g), IR_NONE, IR_NONE));
        } else {
            ir_ref a = pick(&g), c = pick(&g);
            push(&g, ir_op2f(b, IR_add, IR_I64, a, c));
        }
    }
    for (unsigned k = 0; k < 8; k++)
        ir_setenv(b, X(8 + k), 3, g.vals[(g.nvals - 1 - k * 3) % g.nvals]);
    if (rnd() % 2)
        ir_exit_if(b, ir_testflags(b, (enum ir_cc)(rnd() % 14)), 0x100000);
    ir_goto_tb(b, 0x200000);
}

static char *dump_text(const struct ir_block *b)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ir_dump(b, f);
    fclose(f);
    return text;
}

/* the text form of vops (ir_dump.c / ir_parse.c) reads back to the same block */
static void text_round_trip(const struct ir_block *b)
{
    char *text = dump_text(b), err[200];
    struct ir_block p;
    ir_block_init(&p, b->guest_pc);
    cr_assert(ir_parse(&p, text, err, sizeof(err)), "%s\n%s", err, text);
    char *again = dump_text(&p);
    cr_assert_str_eq(again, text);
    free(again);
    free(text);
    ir_block_free(&p);
}

static void vector_cosim(unsigned nseeds);

Test(x86_cosim, random_vector_blocks_agree_with_ir_interp)
{
    const char *ns = getenv("XEMU_COSIM_SEEDS");
    vector_cosim(ns ? (unsigned)atoi(ns) : 300);
}

/* hosts without FMA3, AES-NI, PCLMULQDQ or SHA-NI: the same blocks take
 * the out-of-line exact versions */
Test(x86_cosim, vector_blocks_without_optional_host_features)
{
    x86_detect_features();
    struct x86_features saved = x86_features;
    x86_features.fma = x86_features.aes = x86_features.pclmul = x86_features.sha = false;
    vector_cosim(100);
    x86_features = saved;
}

static void vector_cosim(unsigned nseeds)
{
    for (unsigned seed = 1; seed <= nseeds; seed++) {
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        rng_state = 0x5eed0000ull + seed * 0x9e3779b97f4a7c15ull;
        gen_vector_block(&b, 4 + (unsigned)(rnd() % 40));
        char err[200];
        cr_assert(ir_validate(&b, err, sizeof(err)), "seed %u: %s", seed, err);
        text_round_trip(&b);
        uint64_t s = rng_state;
        cosim(&b, seed, false);
        rng_state = s;
        opt_block(&b);
        cosim(&b, seed, true);
        ir_block_free(&b);
    }
}

Test(x86_cosim, random_blocks_agree_with_ir_interp)
{
    /* XEMU_COSIM_SEEDS=N runs more (or fewer) blocks */
    const char *ns = getenv("XEMU_COSIM_SEEDS");
    unsigned nseeds = ns ? (unsigned)atoi(ns) : 1500;
    for (unsigned seed = 1; seed <= nseeds; seed++) {
        rng_state = 0x9e3779b97f4a7c15ull * seed;
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        gen_block(&b, 4 + (unsigned)(rnd() % (seed % 10 == 0 ? 120 : 24)));
        char err[256];
        cr_assert(ir_validate(&b, err, sizeof(err)), "generator made invalid IR: %s", err);
        const char *dump = getenv("XEMU_COSIM_DUMP");   /* print one seed's IR */
        if (getenv("XEMU_COSIM_TRACE"))
            fprintf(stderr, "seed %u\n", seed);
        if (dump && (unsigned)atoi(dump) == seed)
            ir_dump(&b, stderr);
        uint64_t s = rng_state;
        cosim(&b, seed, false);
        rng_state = s;
        opt_block(&b);
        cosim(&b, seed, true);
        ir_block_free(&b);
    }
}
