/*
 * arm64 rt_sigframe: layout and semantics of the kernel's
 * arch/arm64/kernel/signal.c (setup_rt_frame / rt_sigreturn): siginfo,
 * ucontext whose sigcontext.__reserved holds an fpsimd_context, an
 * esr_context for faults and a null terminator, then a frame record
 * {fp, lr} above it.  Used by signals/deliver.c.
 */
#include <stddef.h>
#include <string.h>

#include "signals/frame.h"
#include "syscalls/sys_internal.h"
#include "xlat/aarch64/cpu.h"

#define FPSIMD_MAGIC 0x46508001u
#define ESR_MAGIC 0x45535201u
#define A64_SA_SIGINFO 0x4u
#define A64_SA_RESTORER 0x04000000u

struct ctx_head {
    uint32_t magic, size;
};

struct fpsimd_ctx {
    struct ctx_head head;
    uint32_t fpsr, fpcr;
    _Alignas(16) unsigned __int128 vregs[32];
};

struct esr_ctx {
    struct ctx_head head;
    uint64_t esr;
};

struct a64_sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    _Alignas(16) uint8_t reserved[4096];
};

struct a64_ucontext {
    uint64_t uc_flags, uc_link;
    struct {
        uint64_t ss_sp;
        int32_t ss_flags, pad;
        uint64_t ss_size;
    } uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[128 - 8];
    _Alignas(16) struct a64_sigcontext uc_mcontext;
};

struct a64_rt_sigframe {
    uint8_t info[128];
    struct a64_ucontext uc;
};

/* offsets of the uapi (checked against aarch64-linux-gnu-gcc's headers) */
_Static_assert(sizeof(struct fpsimd_ctx) == 528, "fpsimd_context");
_Static_assert(offsetof(struct a64_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct a64_ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(offsetof(struct a64_sigcontext, reserved) == 288, "__reserved");
_Static_assert(sizeof(struct a64_rt_sigframe) == 4688, "rt_sigframe");

uint64_t sig_frame_sp(struct xlat_env *env)
{
    return a64_cpu(env)->x[31];
}

uint64_t sig_frame_x0(struct xlat_env *env)
{
    return a64_cpu(env)->x[0];
}

int sig_frame_setup(struct xlat_env *env, const struct sig_frame_args *f)
{
    struct a64_cpu *c = a64_cpu(env);
    static __thread struct a64_rt_sigframe fr;
    memset(&fr, 0, sizeof fr);

    uint64_t rec = (f->sp - 16) & ~15ull;                  /* frame record */
    uint64_t base = (rec & ~15ull) - sizeof fr;            /* 16-aligned size */

    fr.uc.uc_stack.ss_sp = f->ss_sp;
    fr.uc.uc_stack.ss_flags = f->ss_flags;
    fr.uc.uc_stack.ss_size = f->ss_size;
    fr.uc.uc_sigmask = f->mask;
    struct a64_sigcontext *sc = &fr.uc.uc_mcontext;
    memcpy(sc->regs, c->x, sizeof sc->regs);
    sc->sp = c->x[31];
    sc->pc = env->pc;
    sc->pstate = (uint64_t)env->nf << 31 | (uint64_t)env->zf << 30 |
                 (uint64_t)env->cf << 29 | (uint64_t)env->vf << 28;
    sc->fault_address = f->fault_address;
    struct fpsimd_ctx fp;
    memset(&fp, 0, sizeof fp);
    fp.head.magic = FPSIMD_MAGIC;
    fp.head.size = sizeof fp;
    fp.fpsr = c->fpsr;
    fp.fpcr = c->fpcr;
    for (int i = 0; i < 32; i++)
        memcpy(&fp.vregs[i], &c->v[i], 16);
    memcpy(sc->reserved, &fp, sizeof fp);
    size_t off = sizeof fp;
    if (f->esr) {
        struct esr_ctx e = { { ESR_MAGIC, sizeof e }, f->esr };
        memcpy(sc->reserved + off, &e, sizeof e);
        off += sizeof e;
    }
    /* the terminator is the zeroed record at off */
    bool siginfo = f->flags & A64_SA_SIGINFO;
    if (siginfo)
        memcpy(fr.info, f->info, sizeof fr.info);

    uint64_t record[2] = { c->x[29], c->x[30] };
    if (gmem_write(base, &fr, sizeof fr) < 0 || gmem_write(rec, record, sizeof record) < 0)
        return -1;

    c->x[0] = (uint64_t)f->sig;
    if (siginfo) {
        c->x[1] = base + offsetof(struct a64_rt_sigframe, info);
        c->x[2] = base + offsetof(struct a64_rt_sigframe, uc);
    }
    c->x[31] = base;
    c->x[29] = rec;
    c->x[30] = (f->flags & A64_SA_RESTORER) ? f->restorer : f->trampoline;
    env->pc = f->handler;
    return 0;
}

/* The kernel's parse_user_sigframe: fpsimd exactly once, esr ignored,
 * anything else (SVE, extra_context: xemu has neither) is invalid. */
static const struct fpsimd_ctx *parse_records(const struct a64_sigcontext *sc)
{
    const struct fpsimd_ctx *fp = NULL;
    size_t off = 0, limit = sizeof sc->reserved;
    for (;;) {
        if (limit - off < sizeof(struct ctx_head))
            return NULL;
        struct ctx_head h;
        memcpy(&h, sc->reserved + off, sizeof h);
        if (h.magic == 0) {
            if (h.size)
                return NULL;
            return fp;
        }
        if (h.size < sizeof h || h.size > limit - off)
            return NULL;
        if (h.magic == FPSIMD_MAGIC) {
            if (fp || h.size != sizeof(struct fpsimd_ctx))
                return NULL;
            fp = (const struct fpsimd_ctx *)(sc->reserved + off);
        } else if (h.magic != ESR_MAGIC) {
            return NULL;
        }
        off += h.size;
    }
}

int sig_frame_restore(struct xlat_env *env, uint64_t *mask)
{
    struct a64_cpu *c = a64_cpu(env);
    static __thread struct a64_rt_sigframe fr;
    uint64_t sp = c->x[31];
    if (sp & 15)
        return -1;
    if (gmem_read(&fr, sp, sizeof fr) < 0)
        return -1;
    const struct a64_sigcontext *sc = &fr.uc.uc_mcontext;
    /* valid_user_regs: EL0t, AArch64, DAIF clear (res0 bits dropped) */
    if (sc->pstate & 0x3df)
        return -1;
    const struct fpsimd_ctx *fp = parse_records(sc);
    if (!fp)
        return -1;
    memcpy(c->x, sc->regs, sizeof sc->regs);
    c->x[31] = sc->sp;
    env->pc = sc->pc;
    env->nf = sc->pstate >> 31 & 1;
    env->zf = sc->pstate >> 30 & 1;
    env->cf = sc->pstate >> 29 & 1;
    env->vf = sc->pstate >> 28 & 1;
    struct fpsimd_ctx fpc;
    memcpy(&fpc, fp, sizeof fpc);
    c->fpsr = fpc.fpsr;
    c->fpcr = fpc.fpcr;
    for (int i = 0; i < 32; i++)
        memcpy(&c->v[i], &fpc.vregs[i], 16);
    *mask = fr.uc.uc_sigmask;
    env->excl_addr = ~0ull;     /* the exception return clears the monitor */
    return 0;
}
