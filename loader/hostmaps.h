/*
 * What the host has mapped in our process, whoever mapped it (guest or
 * xemu): read from /proc/self/maps, or probed with mincore for small
 * ranges.  Used by vmmap_host_busy and by the loader to size the brk
 * reservation.  Internal to loader/.
 */
#ifndef XEMU_LOADER_HOSTMAPS_H
#define XEMU_LOADER_HOSTMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if any page of [lo,hi) is mapped in the host. */
bool hostmaps_any_mapped(uint64_t lo, uint64_t hi);
/* The same for n ranges at once (at most one pass over /proc/self/maps). */
bool hostmaps_any_mapped_n(const uint64_t *lo, const uint64_t *hi, size_t n);
/* Start of the lowest host mapping that ends above addr (a mapping that
 * contains addr gives its own start); UINT64_MAX if there is none. */
uint64_t hostmaps_next_mapping(uint64_t addr);

#endif
