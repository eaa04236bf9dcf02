/*
 * System V IPC whose guest view needs xemu: shmat/shmdt map and unmap
 * guest memory (loader/vmmap must know), and struct semid64_ds has
 * x86-64-only padding (88 bytes on arm64, 104 on x86-64).  The other
 * IPC calls pass through (layouts checked by the ABI generator).
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "loader/vmmap.h"
#include "syscalls/sys_defs.h"

SYS(shmat)
{
    struct shmid_ds ds;
    if (shmctl((int)a[0], IPC_STAT, &ds) < 0)
        return sys_err(errno);
    uint64_t len = (ds.shm_segsz + 4095) & ~4095ull;
    if (a[1] && vmmap_host_busy(a[1], a[1] + len))
        return sys_err(EINVAL);
    void *p = shmat((int)a[0], (void *)(uintptr_t)a[1], (int)a[2]);
    if (p == (void *)-1)
        return sys_err(errno);
    int prot = PROT_READ | ((a[2] & SHM_RDONLY) ? 0 : PROT_WRITE) | ((a[2] & SHM_EXEC) ? PROT_EXEC : 0);
    char name[64];
    snprintf(name, sizeof name, "/SYSV%08x (deleted)", (unsigned)ds.shm_perm.__key);
    uint64_t start = (uint64_t)(uintptr_t)p;
    vmmap_add(start, start + len, prot, MAP_SHARED, 0, 0, (uint64_t)a[0], name);
    return (int64_t)start;
}

SYS(shmdt)
{
    const struct vm_area *v = vmmap_find(a[0]);
    uint64_t start = v ? v->start : 0, end = v ? v->end : 0;
    bool exec = v && (v->prot & PROT_EXEC);
    if (shmdt((void *)(uintptr_t)a[0]) < 0)
        return sys_err(errno);
    if (v && start == a[0]) {
        if (exec)
            xlat_invalidate(start, end);
        vmmap_remove(start, end);
    }
    return 0;
}

SYS(semctl)
{
    int cmd = (int)a[2] & ~0x100;   /* IPC_64 is implied on 64-bit arches */
    switch (cmd) {
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
        struct semid_ds ds;
        long r = syscall(SYS_semctl, (int)a[0], (int)a[1], cmd, &ds);
        if (r < 0)
            return sys_err(errno);
        return gmem_write_struct(ABI_L_semid64_ds, a[3], &ds) < 0 ? sys_err(EFAULT) : r;
    }
    case IPC_SET: {
        struct semid_ds ds;
        if (gmem_read_struct(ABI_L_semid64_ds, &ds, a[3]) < 0)
            return sys_err(EFAULT);
        return sys_ret(syscall(SYS_semctl, (int)a[0], (int)a[1], cmd, &ds));
    }
    default:
        /* GETVAL, SETVAL, GETALL (u16 arrays), IPC_RMID, IPC_INFO...: same */
        return sys_ret(syscall(SYS_semctl, (int)a[0], (int)a[1], (int)a[2], a[3]));
    }
}
