/*
 * -strace line formatting (syscalls/strace.c), used by the dispatcher:
 * the call part before the syscall runs, the result part after it.
 */
#ifndef XEMU_SYSCALLS_STRACE_H
#define XEMU_SYSCALLS_STRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "PID name(args)" with args decoded per the row's kind letters; with
 * done, output arguments are shown as the call (result ret) left them. */
void strace_format_call(char *buf, size_t len, const char *name, const char *kinds,
                        const uint64_t a[6], bool done, int64_t ret);
/* " = value" or " = -1 ENAME (message)". */
void strace_format_result(char *buf, size_t len, char ret_kind, int64_t r);

#endif
