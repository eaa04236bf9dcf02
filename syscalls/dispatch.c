/* Placeholder until the syscall tables land. */
#include <errno.h>
#include "syscalls/syscalls.h"
int64_t syscall_dispatch(struct xlat_env *env, uint64_t nr, const uint64_t a[6])
{ (void)env; (void)nr; (void)a; return -ENOSYS; }
