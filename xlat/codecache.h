/*
 * The code cache: one memfd mapped twice, RW for the backend to write and
 * RX to run (W^X), and the table of translated blocks keyed by guest pc.
 * Flushed whole when full or when guest code changes.  Locking rules:
 * codecache.c's header comment.
 */
#ifndef XEMU_XLAT_CODECACHE_H
#define XEMU_XLAT_CODECACHE_H

#include "xlat/xlat.h"

extern struct code_buf code_cache;

/* Map the cache (size bytes); false with errno on failure. */
bool codecache_init(size_t size);
/* Bytes of free space at the current write position. */
static inline size_t codecache_avail(void) { return code_cache.size - code_cache.used; }
/* Drop every block; keeps the first `keep` bytes (prologue/epilogue). */
void codecache_flush(size_t keep);

/* fork: the memfd cache is MAP_SHARED, so a forked child must get its own
 * copy, or parent and child would translate and patch chains in each
 * other's code.  prepare (in the parent, before fork) returns a token:
 * -1 on failure (errno set), else pass it to fork_parent in the parent
 * and fork_child in the child. */
int codecache_fork_prepare(void);
/* (exec.c) what prepare/parent/child use: hold the translation lock from
 * before the snapshot until after the fork, on both sides. */
void xlat_lock_for_fork(void);
void xlat_unlock_after_fork(void);
void codecache_fork_parent(int token);
void codecache_fork_child(int token);

struct tb *tb_find(uint64_t pc);
/* The block whose host code contains rx, or NULL. */
struct tb *tb_find_host(const void *rx);
void tb_insert(struct tb *tb);
/* Free every tb (calls fn on each first, if non-NULL). */
void tb_free_all(void);
/* True if some tb covers guest bytes in [start, end). */
bool tb_overlaps(uint64_t start, uint64_t end);

#endif
