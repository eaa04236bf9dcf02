/*
 * The aarch64 guest descriptor: CPU state set-up and the Linux syscall
 * convention (number in x8, arguments in x0-x5, result in x0).
 */
#include <elf.h>
#include <string.h>

#include "cli/guest_arch.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/aarch64/sysregs.h"

static void a64_cpu_reset(struct xlat_env *env, uint64_t pc, uint64_t sp)
{
    struct a64_cpu *c = a64_cpu(env);
    xlat_env_init(env);
    memset(c->x, 0, sizeof(c->x));
    memset(c->v, 0, sizeof(c->v));
    c->fpcr = c->fpsr = 0;
    c->tpidr_el0 = c->tpidrro_el0 = 0;
    env->pc = pc;
    c->x[31] = sp;
}

static uint64_t a64_syscall_nr(struct xlat_env *env)
{
    return a64_cpu(env)->x[8];
}

static void a64_syscall_args(struct xlat_env *env, uint64_t a[6])
{
    memcpy(a, a64_cpu(env)->x, 6 * sizeof(uint64_t));
}

static void a64_syscall_ret(struct xlat_env *env, uint64_t v)
{
    a64_cpu(env)->x[0] = v;
}

struct guest_arch guest_aarch64 = {
    .name = "aarch64",
    .elf_machine = EM_AARCH64,
    .frontend = &a64_frontend,
    .cpu_size = sizeof(struct a64_cpu),
    .minsigstksz = 5120,    /* arm64 kernel's signal frame with fpsimd and esr records */
    .interp_default = "/lib/ld-linux-aarch64.so.1",
    .cpu_reset = a64_cpu_reset,
    .syscall_nr = a64_syscall_nr,
    .syscall_args = a64_syscall_args,
    .syscall_ret = a64_syscall_ret,
};

/* HWCAPs come from the frontend's feature table (sysregs.c), the one
 * place that knows what is implemented. */
__attribute__((constructor)) static void a64_fill_hwcaps(void)
{
    guest_aarch64.hwcap = a64_hwcap();
    guest_aarch64.hwcap2 = a64_hwcap2();
}
