/* Placeholder until the guest address-space map lands. */
#include <stddef.h>
#include "loader/vmmap.h"
void vmmap_add(uint64_t s, uint64_t e, int p, int f, uint64_t o, uint64_t d, uint64_t i, const char *n)
{ (void)s; (void)e; (void)p; (void)f; (void)o; (void)d; (void)i; (void)n; }
void vmmap_remove(uint64_t s, uint64_t e) { (void)s; (void)e; }
void vmmap_protect(uint64_t s, uint64_t e, int p) { (void)s; (void)e; (void)p; }
const struct vm_area *vmmap_find(uint64_t a) { (void)a; return NULL; }
bool vmmap_host_busy(uint64_t s, uint64_t e) { (void)s; (void)e; return false; }
int vmmap_foreach(int (*cb)(const struct vm_area *, void *), void *arg) { (void)cb; (void)arg; return 0; }
