/*
 * Safe syscalls: a host syscall that cannot miss a signal which arrives
 * between xemu's last "anything pending?" check and the moment the kernel
 * blocks.  The check and the syscall instruction are one known code range;
 * a host signal handler that interrupts inside it (the syscall not yet
 * made) moves the pc to the exit that returns -EINTR, so the guest's
 * signal is delivered and the call restarted or failed as Linux would.
 * Used by pass-through syscalls (syscalls/table.c) and syscalls/signal.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <ucontext.h>

#include "signals/signals.h"

__thread volatile int signals_flag;

long safe_syscall_asm(volatile int *flag, long nr, long a0, long a1, long a2, long a3,
                      long a4, long a5);
extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_eintr[];

/* rdi=flag rsi=nr rdx,rcx,r8,r9=a0..a3, stack: a4, a5 */
__asm__(".text\n"
        ".globl safe_syscall_asm\n"
        ".type safe_syscall_asm, @function\n"
        "safe_syscall_asm:\n"
        "    push %r12\n"
        "    mov %rdi, %r12\n"
        "    mov %rsi, %rax\n"
        "    mov %rdx, %rdi\n"
        "    mov %rcx, %rsi\n"
        "    mov %r8, %rdx\n"
        "    mov %r9, %r10\n"
        "    mov 16(%rsp), %r8\n"
        "    mov 24(%rsp), %r9\n"
        ".globl safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    cmpl $0, (%r12)\n"
        "    jne safe_syscall_eintr\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    pop %r12\n"
        "    ret\n"
        ".globl safe_syscall_eintr\n"
        "safe_syscall_eintr:\n"
        "    mov $-4, %rax\n"
        "    pop %r12\n"
        "    ret\n"
        ".size safe_syscall_asm, .-safe_syscall_asm\n");

long safe_syscall(long nr, ...)
{
    va_list ap;
    va_start(ap, nr);
    long a[6];
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    long r = safe_syscall_asm(&signals_flag, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

void safe_syscall_rewind(void *uc_)
{
    ucontext_t *uc = uc_;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_start && pc < (uintptr_t)safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_eintr;
}
