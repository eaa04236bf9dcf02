/*
 * Scalar and vector FP vops (xlat/ir_vop.h) as the x86 backend runs them
 * (lower_vec.c: inline host arithmetic behind a result check, else the
 * exact A64 version) against the exact version itself (ir_vop_exec, the
 * Arm FP core), on operands chosen so that results land on every side of
 * the fast path's limits: zeros of both signs, denormals, the smallest
 * normal and its neighbours, the largest finite, infinities, NaNs; under
 * the default FPCR and with FZ, DN and RMode set, with FPSR.IXC clear and
 * set.  Result bits and FPSR must agree.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tests/x86_run.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/ir.h"
#include "xlat/ir_vop.h"

static struct xrun R;
static struct a64_cpu cpu;

static void setup(void)
{
    xrun_init(&R);
    xrun_env_init(&R, &cpu);
}

static void teardown(void)
{
    xrun_fini(&R);
}

TestSuite(x86_fpvop, .init = setup, .fini = teardown);

#define V(n) ((uint32_t)A64_OFF_V(n))

static const uint64_t d_edges[] = {
    0, 1ull << 63, 1, 0x000fffffffffffffull, 0x0010000000000000ull, 0x0010000000000001ull,
    0x0020000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull,
    0x4000000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x3ff0000000000001ull,
    0x3ca0000000000000ull, 0x1ff0000000000000ull, 0x2000000000000000ull, 0x8010000000000000ull,
};
static const uint64_t s_edges[] = {
    0, 0x80000000u, 1, 0x007fffffu, 0x00800000u, 0x00800001u, 0x01000000u, 0x3f800000u,
    0xbf800000u, 0x3f000000u, 0x40000000u, 0x7f7fffffu, 0xff7fffffu, 0x7f800000u, 0xff800000u,
    0x7fc00000u, 0x7f800001u, 0x3f800001u, 0x33800000u, 0x1f800000u, 0x20000000u, 0x80800000u,
};
static const uint32_t fpcrs[] = { 0, 1u << 24, 1u << 25, 1u << 22, 3u << 22 };

static void check(enum ir_vop op, unsigned size, bool scalar, uint64_t x, uint64_t y, uint64_t acc,
                  uint32_t fpcr, uint32_t fpsr)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_vop_fp(&b, op, size, true, scalar, V(0), V(1), V(2), (uint32_t)A64_OFF_FPCR);
    ir_goto_tb(&b, 0x2000);
    struct a64_cpu ref;
    xrun_env_init(&R, &cpu);
    for (unsigned k = 0; k < 2; k++) {          /* both 64-bit halves (lanes) */
        cpu.v[1].d[k] = size == 3 ? x : x | x << 32;
        cpu.v[2].d[k] = size == 3 ? y : y | y << 32;
        cpu.v[0].d[k] = size == 3 ? acc : acc | acc << 32;
    }
    cpu.fpcr = fpcr;
    cpu.fpsr = fpsr;
    ref = cpu;
    for (uint32_t k = 0; k < b.n; k++)
        if (b.insn[k].op == IR_vop)
            ir_vop_exec(&b.insn[k], &ref);
    xrun_block(&R, &b, &cpu);
    cr_assert(!memcmp(&cpu.v[0], &ref.v[0], 16) && cpu.fpsr == ref.fpsr,
              "%s.%s%s x=%#llx y=%#llx acc=%#llx fpcr=%#x fpsr=%#x: got %016llx%016llx fpsr %#x, "
              "want %016llx%016llx fpsr %#x", ir_vop_names[op], ir_vop_size_names[size],
              scalar ? " scalar" : "", (unsigned long long)x, (unsigned long long)y,
              (unsigned long long)acc, fpcr, fpsr, (unsigned long long)cpu.v[0].d[1],
              (unsigned long long)cpu.v[0].d[0], cpu.fpsr, (unsigned long long)ref.v[0].d[1],
              (unsigned long long)ref.v[0].d[0], ref.fpsr);
    ir_block_free(&b);
}

Test(x86_fpvop, results_at_the_fast_path_limits_match_the_exact_version)
{
    static const enum ir_vop ops[] = { IR_VOP_FADD, IR_VOP_FSUB, IR_VOP_FMUL, IR_VOP_FDIV,
                                       IR_VOP_FMLA, IR_VOP_FMLS };
    unsigned n = sizeof(d_edges) / sizeof(d_edges[0]);
    for (unsigned size = 2; size <= 3; size++)
        for (unsigned o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
            for (unsigned i = 0; i < n; i++)
                for (unsigned j = 0; j < n; j++) {
                    const uint64_t *e = size == 3 ? d_edges : s_edges;
                    uint64_t acc = e[(i * 7 + j * 3) % n];
                    unsigned f = (i + j + o) % (sizeof(fpcrs) / sizeof(fpcrs[0]));
                    for (unsigned scalar = 0; scalar < 2; scalar++)
                        for (uint32_t fpsr = 0; fpsr <= 0x10; fpsr += 0x10)
                            check(ops[o], size, scalar, e[i], e[j], acc, fpcrs[f], fpsr);
                }
}
