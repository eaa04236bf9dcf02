/*
 * The qemu side of the A64 instruction oracle (tests/a64_oracle.c).
 * A static arm64 program, run under qemu-aarch64 once per batch: for each
 * record on stdin (code words + full register state, see wire.h) it puts
 * the code at the requested pc, loads every register (x0-x30, sp, NZCV,
 * FPCR, FPSR, v0-v31) from the record, runs the code, stores every
 * register back and writes the state to stdout.
 *
 * How: a position-independent template (state slot, save slot, prologue,
 * epilogue) is copied into an RWX page just below the code.  The prologue
 * saves the runner's callee-saved registers, loads the guest state and
 * branches to the code; the code is followed by a branch to the epilogue,
 * which parks x0 in TPIDR_EL0 to get a base register, stores the state and
 * restores the runner.  A fault inside the code (SIGILL, SIGSEGV, SIGTRAP,
 * ...) is caught on an alternate stack, the state is taken from the
 * signal frame, and the handler resumes at the restore part of the
 * epilogue.  Code still running after A64_ORACLE_TIMEOUT seconds (default
 * 5) is stopped the same way by SIGALRM.
 *
 * Built by mk/oracle.mk (or on demand by tests/a64_oracle.c) with
 * aarch64-linux-gnu-gcc -static.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/sigcontext.h>

#include "wire.h"

struct state {
    uint64_t x[31], sp, pc;
    uint32_t nzcv, fpcr, fpsr;
    _Alignas(16) unsigned __int128 v[32];
};
_Static_assert(offsetof(struct state, x) == A64W_OFF_X, "wire");
_Static_assert(offsetof(struct state, sp) == A64W_OFF_SP, "wire");
_Static_assert(offsetof(struct state, pc) == A64W_OFF_PC, "wire");
_Static_assert(offsetof(struct state, nzcv) == A64W_OFF_NZCV, "wire");
_Static_assert(offsetof(struct state, fpcr) == A64W_OFF_FPCR, "wire");
_Static_assert(offsetof(struct state, fpsr) == A64W_OFF_FPSR, "wire");
_Static_assert(offsetof(struct state, v) == A64W_OFF_V, "wire");
_Static_assert(sizeof(struct state) == A64W_STATE_SIZE, "wire");

#define S_(x) #x
#define S(x) S_(x)
#define SAVE_SIZE 128

/* The template.  Lives in .text of the runner but only ever runs from its
 * copy in the RWX page, so every address in it is adr-relative. */
__asm__(
    ".text\n"
    ".balign 16\n"
    ".globl tmpl_start\n"
    "tmpl_start:\n"
    "tmpl_state: .space " S(A64W_STATE_SIZE) "\n"
    "tmpl_save: .space " S(SAVE_SIZE) "\n"
    ".globl tmpl_prologue\n"
    "tmpl_prologue:\n"
    "  adr x16, tmpl_save\n"
    "  stp x19, x20, [x16, #0]\n"
    "  stp x21, x22, [x16, #16]\n"
    "  stp x23, x24, [x16, #32]\n"
    "  stp x25, x26, [x16, #48]\n"
    "  stp x27, x28, [x16, #64]\n"
    "  stp x29, x30, [x16, #80]\n"
    "  mov x17, sp\n"
    "  str x17, [x16, #96]\n"
    "  mrs x17, tpidr_el0\n"
    "  str x17, [x16, #104]\n"
    "  mrs x17, fpcr\n"
    "  str x17, [x16, #112]\n"
    "  mrs x17, fpsr\n"
    "  str x17, [x16, #120]\n"
    "  adr x16, tmpl_state\n"
    "  ldr w17, [x16, #" S(A64W_OFF_NZCV) "]\n"
    "  msr nzcv, x17\n"
    "  ldr w17, [x16, #" S(A64W_OFF_FPCR) "]\n"
    "  msr fpcr, x17\n"
    "  ldr w17, [x16, #" S(A64W_OFF_FPSR) "]\n"
    "  msr fpsr, x17\n"
    "  add x17, x16, #" S(A64W_OFF_V) "\n"
    "  ldp q0, q1, [x17, #0]\n"
    "  ldp q2, q3, [x17, #32]\n"
    "  ldp q4, q5, [x17, #64]\n"
    "  ldp q6, q7, [x17, #96]\n"
    "  ldp q8, q9, [x17, #128]\n"
    "  ldp q10, q11, [x17, #160]\n"
    "  ldp q12, q13, [x17, #192]\n"
    "  ldp q14, q15, [x17, #224]\n"
    "  ldp q16, q17, [x17, #256]\n"
    "  ldp q18, q19, [x17, #288]\n"
    "  ldp q20, q21, [x17, #320]\n"
    "  ldp q22, q23, [x17, #352]\n"
    "  ldp q24, q25, [x17, #384]\n"
    "  ldp q26, q27, [x17, #416]\n"
    "  ldp q28, q29, [x17, #448]\n"
    "  ldp q30, q31, [x17, #480]\n"
    "  ldr x17, [x16, #" S(A64W_OFF_SP) "]\n"
    "  mov sp, x17\n"
    "  ldp x0, x1, [x16, #0]\n"
    "  ldp x2, x3, [x16, #16]\n"
    "  ldp x4, x5, [x16, #32]\n"
    "  ldp x6, x7, [x16, #48]\n"
    "  ldp x8, x9, [x16, #64]\n"
    "  ldp x10, x11, [x16, #80]\n"
    "  ldp x12, x13, [x16, #96]\n"
    "  ldp x14, x15, [x16, #112]\n"
    "  ldp x18, x19, [x16, #144]\n"
    "  ldp x20, x21, [x16, #160]\n"
    "  ldp x22, x23, [x16, #176]\n"
    "  ldp x24, x25, [x16, #192]\n"
    "  ldp x26, x27, [x16, #208]\n"
    "  ldp x28, x29, [x16, #224]\n"
    "  ldr x30, [x16, #240]\n"
    "  ldp x16, x17, [x16, #128]\n"
    ".globl tmpl_branch\n"
    "tmpl_branch:\n"
    "  .word 0\n"                       /* patched: b <code> */
    ".globl tmpl_epilogue\n"
    "tmpl_epilogue:\n"
    "  msr tpidr_el0, x0\n"
    "  adr x0, tmpl_state\n"
    "  str x1, [x0, #8]\n"
    "  stp x2, x3, [x0, #16]\n"
    "  stp x4, x5, [x0, #32]\n"
    "  stp x6, x7, [x0, #48]\n"
    "  stp x8, x9, [x0, #64]\n"
    "  stp x10, x11, [x0, #80]\n"
    "  stp x12, x13, [x0, #96]\n"
    "  stp x14, x15, [x0, #112]\n"
    "  stp x16, x17, [x0, #128]\n"
    "  stp x18, x19, [x0, #144]\n"
    "  stp x20, x21, [x0, #160]\n"
    "  stp x22, x23, [x0, #176]\n"
    "  stp x24, x25, [x0, #192]\n"
    "  stp x26, x27, [x0, #208]\n"
    "  stp x28, x29, [x0, #224]\n"
    "  str x30, [x0, #240]\n"
    "  mrs x1, tpidr_el0\n"
    "  str x1, [x0, #0]\n"
    "  mov x1, sp\n"
    "  str x1, [x0, #" S(A64W_OFF_SP) "]\n"
    "  mrs x1, nzcv\n"
    "  str w1, [x0, #" S(A64W_OFF_NZCV) "]\n"
    "  mrs x1, fpcr\n"
    "  str w1, [x0, #" S(A64W_OFF_FPCR) "]\n"
    "  mrs x1, fpsr\n"
    "  str w1, [x0, #" S(A64W_OFF_FPSR) "]\n"
    "  add x1, x0, #" S(A64W_OFF_V) "\n"
    "  stp q0, q1, [x1, #0]\n"
    "  stp q2, q3, [x1, #32]\n"
    "  stp q4, q5, [x1, #64]\n"
    "  stp q6, q7, [x1, #96]\n"
    "  stp q8, q9, [x1, #128]\n"
    "  stp q10, q11, [x1, #160]\n"
    "  stp q12, q13, [x1, #192]\n"
    "  stp q14, q15, [x1, #224]\n"
    "  stp q16, q17, [x1, #256]\n"
    "  stp q18, q19, [x1, #288]\n"
    "  stp q20, q21, [x1, #320]\n"
    "  stp q22, q23, [x1, #352]\n"
    "  stp q24, q25, [x1, #384]\n"
    "  stp q26, q27, [x1, #416]\n"
    "  stp q28, q29, [x1, #448]\n"
    "  stp q30, q31, [x1, #480]\n"
    ".globl tmpl_restore\n"
    "tmpl_restore:\n"
    "  adr x16, tmpl_save\n"
    "  ldp x19, x20, [x16, #0]\n"
    "  ldp x21, x22, [x16, #16]\n"
    "  ldp x23, x24, [x16, #32]\n"
    "  ldp x25, x26, [x16, #48]\n"
    "  ldp x27, x28, [x16, #64]\n"
    "  ldp x29, x30, [x16, #80]\n"
    "  ldr x17, [x16, #96]\n"
    "  mov sp, x17\n"
    "  ldr x17, [x16, #104]\n"
    "  msr tpidr_el0, x17\n"
    "  ldr x17, [x16, #112]\n"
    "  msr fpcr, x17\n"
    "  ldr x17, [x16, #120]\n"
    "  msr fpsr, x17\n"
    "  ret\n"
    ".globl tmpl_end\n"
    "tmpl_end:\n");

extern const char tmpl_start[], tmpl_prologue[], tmpl_branch[], tmpl_epilogue[],
    tmpl_restore[], tmpl_end[];

#define PAGE 4096ull
#define OFF(sym) ((uint64_t)((sym) - tmpl_start))

static char *region;            /* RWX: template page(s), then the code */
static unsigned time_limit = 5; /* seconds per case; A64_ORACLE_TIMEOUT */
static uint64_t region_size;
static volatile int fault_sig;
static struct state fault_state;

static uint32_t enc_b(uint64_t from, uint64_t to)
{
    return 0x14000000u | (uint32_t)(((int64_t)(to - from) >> 2) & 0x3ffffff);
}

static int read_full(void *buf, size_t len)
{
    char *p = buf;
    while (len) {
        ssize_t r = read(0, p, len);
        if (r <= 0)
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

static int write_full(const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t r = write(1, p, len);
        if (r <= 0)
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

/* Catch a fault raised by the code under test: record the state from the
 * signal frame and resume at the template's restore sequence. */
static void on_fault(int sig, siginfo_t *si, void *ucp)
{
    (void)si;
    ucontext_t *uc = ucp;
    struct sigcontext *mc = (struct sigcontext *)&uc->uc_mcontext;
    struct state *st = &fault_state;
    memcpy(st->x, mc->regs, sizeof(st->x));
    st->sp = mc->sp;
    st->pc = mc->pc;
    st->nzcv = (uint32_t)(mc->pstate & 0xf0000000u);
    for (size_t off = 0; off + sizeof(struct _aarch64_ctx) <= sizeof(mc->__reserved);) {
        struct _aarch64_ctx *h = (struct _aarch64_ctx *)(mc->__reserved + off);
        if (h->magic == 0 || h->size == 0)
            break;
        if (h->magic == FPSIMD_MAGIC) {
            struct fpsimd_context *f = (struct fpsimd_context *)h;
            st->fpsr = f->fpsr;
            st->fpcr = f->fpcr;
            memcpy(st->v, f->vregs, sizeof(st->v));
        }
        off += h->size;
    }
    fault_sig = sig;
    mc->pc = (uint64_t)(region + OFF(tmpl_restore));
}

static int map_region(uint64_t pc, uint32_t n)
{
    uint64_t tsize = (OFF(tmpl_end) + PAGE - 1) & ~(PAGE - 1);
    uint64_t base = (pc & ~(PAGE - 1)) - tsize;
    uint64_t end = (pc + 4ull * n + 4 + PAGE - 1) & ~(PAGE - 1);
    if (region && (uint64_t)region == base && region_size >= end - base)
        return 0;
    if (region)
        munmap(region, region_size);
    region = NULL;
    void *p = mmap((void *)base, end - base, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    if (p != (void *)base) {
        munmap(p, end - base);
        return -1;
    }
    region = p;
    region_size = end - base;
    memcpy(region, tmpl_start, OFF(tmpl_end));
    return 0;
}

static int run_case(const uint32_t *insns, uint32_t n, struct state *st, int32_t *sig)
{
    if (st->pc == 0)
        st->pc = A64W_DEFAULT_PC;
    if ((st->pc & 3) || map_region(st->pc, n) < 0) {
        *sig = A64W_SIG_ERROR;
        return 0;
    }
    char *code = (char *)st->pc;
    memcpy(code, insns, 4ull * n);
    uint64_t after = st->pc + 4ull * n;
    *(uint32_t *)after = enc_b(after, (uint64_t)(region + OFF(tmpl_epilogue)));
    *(uint32_t *)(region + OFF(tmpl_branch)) =
        enc_b((uint64_t)(region + OFF(tmpl_branch)), st->pc);
    memcpy(region, st, sizeof(*st));
    __builtin___clear_cache(region, (char *)after + 4);

    fault_sig = 0;
    alarm(time_limit);
    ((void (*)(void))(region + OFF(tmpl_prologue)))();
    alarm(0);
    if (fault_sig) {
        *sig = fault_sig;
        *st = fault_state;
    } else {
        *sig = 0;
        memcpy(st, region, sizeof(*st));
        st->pc = after;
    }
    return 0;
}

int main(void)
{
    const char *t = getenv("A64_ORACLE_TIMEOUT");
    if (t && atoi(t) > 0)
        time_limit = (unsigned)atoi(t);
    static char altstack[1 << 16];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    static const int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGTRAP, SIGFPE, SIGALRM, SIGSYS };
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);

    static uint32_t insns[A64W_MAX_INSNS];
    for (;;) {
        uint32_t hdr[2];
        if (read_full(hdr, sizeof(hdr)) < 0)
            return 0;
        if (hdr[0] != A64W_MAGIC || hdr[1] > A64W_MAX_INSNS)
            return 2;
        struct state st;
        if (read_full(insns, 4ull * hdr[1]) < 0 || read_full(&st, sizeof(st)) < 0)
            return 2;
        int32_t out[2] = { 0, 0 };
        run_case(insns, hdr[1], &st, &out[0]);
        if (write_full(out, sizeof(out)) < 0 || write_full(&st, sizeof(st)) < 0)
            return 3;
    }
}
