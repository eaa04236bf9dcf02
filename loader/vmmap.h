/*
 * The guest's view of its address space: every range the guest owns
 * (ELF segments, stack, brk heap, its mmaps), with protection and name.
 * The loader and the mm syscalls keep it current; /proc/self/maps is
 * printed from it, so xemu's own mappings never show.  Guest MAP_FIXED,
 * munmap and mprotect are refused over ranges the guest does not own
 * and that are in use by xemu (vmmap_host_busy).
 */
#ifndef XEMU_LOADER_VMMAP_H
#define XEMU_LOADER_VMMAP_H

#include <stdbool.h>
#include <stdint.h>

struct vm_area {
    uint64_t start, end;        /* [start, end), page aligned */
    int prot;                   /* PROT_* */
    int flags;                  /* MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS ... (host values) */
    uint64_t offset;            /* file offset of start */
    uint64_t dev, ino;
    char name[256];             /* path, "[stack]", "[heap]", or "" */
};

/* Add [start,end) replacing whatever the guest had there. */
void vmmap_add(uint64_t start, uint64_t end, int prot, int flags, uint64_t offset,
               uint64_t dev, uint64_t ino, const char *name);
void vmmap_remove(uint64_t start, uint64_t end);
void vmmap_protect(uint64_t start, uint64_t end, int prot);
/* The area containing addr, or NULL. */
const struct vm_area *vmmap_find(uint64_t addr);
/* True if some part of [start,end) is mapped in the host but not owned by
 * the guest (i.e. belongs to xemu). */
bool vmmap_host_busy(uint64_t start, uint64_t end);
/* Calls cb for each area in address order; stops early if cb returns non-zero. */
int vmmap_foreach(int (*cb)(const struct vm_area *a, void *arg), void *arg);
/* fork: hold the lock across it (prepare), then release it in the parent
 * and in the child (the same thread).  Used by loader/brk.c's atfork
 * handlers. */
void vmmap_fork_lock(void);
void vmmap_fork_unlock(void);

#endif
