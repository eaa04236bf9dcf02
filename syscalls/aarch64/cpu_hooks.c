/*
 * The few places where arch-neutral syscall handlers must touch the
 * guest CPU state: the new stack and TLS of a clone child.
 */
#include "syscalls/sys_internal.h"
#include "xlat/aarch64/cpu.h"

void sys_arch_set_sp(struct xlat_env *env, uint64_t sp)
{
    a64_cpu(env)->x[31] = sp;
}

void sys_arch_set_tls(struct xlat_env *env, uint64_t tls)
{
    a64_cpu(env)->tpidr_el0 = tls;
}
