/*
 * Unit tests for the arm64 signal frame (signals/frame_aarch64.c): the
 * offsets are those of the arm64 uapi (asm/sigcontext.h, asm/ucontext.h
 * compiled with aarch64-linux-gnu-gcc: uc_sigmask 40, uc_mcontext 176,
 * __reserved 288 in sigcontext, sizeof rt_sigframe 4688, fpsimd_context
 * 528), the register conventions those of the kernel's setup_return, and
 * rt_sigreturn's checks those of restore_sigframe/parse_user_sigframe.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "signals/frame.h"
#include "xlat/aarch64/cpu.h"

#define FRAME 4688
#define UC 128
#define MCTX (UC + 176)
#define RESERVED (MCTX + 288)

static _Alignas(64) struct a64_cpu cpu;
static _Alignas(16) uint8_t stack[3 * 4096 * 2];

static uint64_t rd64(uint64_t addr)
{
    uint64_t v;
    memcpy(&v, (void *)(uintptr_t)addr, 8);
    return v;
}

static uint32_t rd32(uint64_t addr)
{
    uint32_t v;
    memcpy(&v, (void *)(uintptr_t)addr, 4);
    return v;
}

static uint64_t top(void)
{
    return (uint64_t)(uintptr_t)(stack + sizeof stack) - 8;   /* misaligned on purpose */
}

static void init_cpu(void)
{
    memset(&cpu, 0, sizeof cpu);
    for (int i = 0; i < 31; i++)
        cpu.x[i] = 0x1000 + (uint64_t)i;
    cpu.x[31] = top();
    cpu.hdr.pc = 0x400123;
    cpu.hdr.nf = 1;
    cpu.hdr.cf = 1;
    cpu.fpsr = 0x8000010;
    cpu.fpcr = 0x3000000;
    for (int i = 0; i < 32; i++)
        cpu.v[i].d[0] = 0xabc0 + (uint64_t)i, cpu.v[i].d[1] = (uint64_t)i << 32;
}

static struct sig_frame_args args(uint64_t flags, uint64_t esr, const siginfo_t *si)
{
    struct sig_frame_args f = {
        .sig = SIGUSR1, .info = si, .handler = 0x500000, .flags = flags, .restorer = 0x600000,
        .mask = 0x5a5a, .sp = top(), .fault_address = 0x77, .esr = esr, .trampoline = 0x700000,
        .ss_sp = 0, .ss_size = 0, .ss_flags = SS_DISABLE,
    };
    return f;
}

Test(signals_frame, layout_and_registers)
{
    init_cpu();
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = -6;
    struct sig_frame_args f = args(SA_SIGINFO, 0x92000007, &si);
    cr_assert_eq(sig_frame_setup(&cpu.hdr, &f), 0);
    uint64_t base = cpu.x[31];
    cr_assert_eq(base & 15, 0);
    /* get_sigframe: frame record 16-aligned below sp, the frame below it */
    uint64_t rec = (top() - 16) & ~15ull;
    cr_assert_eq(base, rec - FRAME);
    cr_assert_eq(rd64(rec), 0x1000 + 29);
    cr_assert_eq(rd64(rec + 8), 0x1000 + 30);
    cr_assert_eq(cpu.x[29], rec);
    cr_assert_eq(cpu.x[30], 0x700000);
    cr_assert_eq(cpu.hdr.pc, 0x500000);
    cr_assert_eq(cpu.x[0], SIGUSR1);
    cr_assert_eq(cpu.x[1], base);
    cr_assert_eq(cpu.x[2], base + UC);
    cr_assert_eq(rd32(base), SIGUSR1);
    cr_assert_eq((int32_t)rd32(base + 8), -6);
    cr_assert_eq(rd64(base + UC + 40), 0x5a5a);                 /* uc_sigmask */
    cr_assert_eq(rd64(base + UC + 16 + 8), SS_DISABLE);         /* uc_stack.ss_flags */
    cr_assert_eq(rd64(base + MCTX), 0x77);                      /* fault_address */
    cr_assert_eq(rd64(base + MCTX + 8 + 8 * 5), 0x1005);        /* regs[5] */
    cr_assert_eq(rd64(base + MCTX + 8 + 31 * 8), top());        /* sp */
    cr_assert_eq(rd64(base + MCTX + 8 + 32 * 8), 0x400123);     /* pc */
    cr_assert_eq(rd64(base + MCTX + 8 + 33 * 8), 0xa0000000);   /* pstate: N, C */
    cr_assert_eq(rd32(base + RESERVED), 0x46508001);
    cr_assert_eq(rd32(base + RESERVED + 4), 528);
    cr_assert_eq(rd32(base + RESERVED + 8), 0x8000010);         /* fpsr */
    cr_assert_eq(rd32(base + RESERVED + 12), 0x3000000);        /* fpcr */
    cr_assert_eq(rd64(base + RESERVED + 16 + 16 * 3), 0xabc3);  /* vregs[3] low */
    cr_assert_eq(rd32(base + RESERVED + 528), 0x45535201);      /* esr_context */
    cr_assert_eq(rd32(base + RESERVED + 528 + 4), 16);
    cr_assert_eq(rd64(base + RESERVED + 528 + 8), 0x92000007);
    cr_assert_eq(rd64(base + RESERVED + 544), 0);               /* terminator */
}

Test(signals_frame, plain_handler_and_restorer)
{
    init_cpu();
    struct sig_frame_args f = args(0x04000000 /* SA_RESTORER */, 0, NULL);
    cr_assert_eq(sig_frame_setup(&cpu.hdr, &f), 0);
    /* without SA_SIGINFO the kernel leaves x1/x2 alone */
    cr_assert_eq(cpu.x[1], 0x1001);
    cr_assert_eq(cpu.x[2], 0x1002);
    cr_assert_eq(cpu.x[30], 0x600000);
    cr_assert_eq(rd32(cpu.x[31] + RESERVED + 528), 0);          /* no esr record */
}

Test(signals_frame, sigreturn_round_trip)
{
    init_cpu();
    struct sig_frame_args f = args(SA_SIGINFO, 0, NULL);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    f.info = &si;
    cr_assert_eq(sig_frame_setup(&cpu.hdr, &f), 0);
    uint64_t base = cpu.x[31];
    /* the handler edits x7, pc, NZCV (Z V) and v9 in the ucontext */
    uint64_t v = 0x7777, pc = 0x400200, ps = 0x50000000, q = 0x9999;
    memcpy((void *)(uintptr_t)(base + MCTX + 8 + 7 * 8), &v, 8);
    memcpy((void *)(uintptr_t)(base + MCTX + 8 + 32 * 8), &pc, 8);
    memcpy((void *)(uintptr_t)(base + MCTX + 8 + 33 * 8), &ps, 8);
    memcpy((void *)(uintptr_t)(base + RESERVED + 16 + 16 * 9), &q, 8);
    cpu.x[3] = 0;
    cpu.fpsr = 0;
    uint64_t mask = 0;
    cr_assert_eq(sig_frame_restore(&cpu.hdr, &mask), 0);
    cr_assert_eq(mask, 0x5a5a);
    cr_assert_eq(cpu.x[7], 0x7777);
    cr_assert_eq(cpu.x[3], 0x1003);
    cr_assert_eq(cpu.x[31], top());
    cr_assert_eq(cpu.hdr.pc, 0x400200);
    cr_assert(!cpu.hdr.nf && cpu.hdr.zf && !cpu.hdr.cf && cpu.hdr.vf);
    cr_assert_eq(cpu.v[9].d[0], 0x9999);
    cr_assert_eq(cpu.fpsr, 0x8000010);
}

static int restore_after(uint64_t off, uint32_t val)
{
    init_cpu();
    struct sig_frame_args f = args(0, 0, NULL);
    cr_assert_eq(sig_frame_setup(&cpu.hdr, &f), 0);
    memcpy((void *)(uintptr_t)(cpu.x[31] + off), &val, 4);
    uint64_t mask;
    return sig_frame_restore(&cpu.hdr, &mask);
}

Test(signals_frame, bad_frames_rejected)
{
    cr_assert_eq(restore_after(RESERVED, 0xdeadbeef), -1);      /* unknown record */
    cr_assert_eq(restore_after(RESERVED + 4, 512), -1);         /* fpsimd size */
    cr_assert_eq(restore_after(MCTX + 8 + 33 * 8, 0x5), -1);    /* pstate EL1h */
    cr_assert_eq(restore_after(MCTX + 8 + 33 * 8, 0x3c0), -1);  /* DAIF set */
    cr_assert_eq(restore_after(RESERVED + 532, 8), -1);         /* terminator size */
    cr_assert_eq(restore_after(RESERVED + 536, 0), 0);          /* harmless */
    init_cpu();
    cpu.x[31] = top();          /* not 16-aligned */
    uint64_t mask;
    cr_assert_eq(sig_frame_restore(&cpu.hdr, &mask), -1);
}
