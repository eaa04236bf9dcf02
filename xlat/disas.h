/*
 * Disassembly for logs (-d in_asm, out_asm, unimp), through capstone.
 */
#ifndef XEMU_XLAT_DISAS_H
#define XEMU_XLAT_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One guest instruction word as text ("add x0, x1, #1"), or "?" when
 * capstone does not know it. */
void disas_guest(uint64_t pc, uint32_t insn, char *buf, size_t len);
/* Every guest instruction of [pc, pc+bytes) to f, one a line. */
void disas_guest_range(FILE *f, uint64_t pc, size_t bytes);
/* Host code: code is readable memory, shown at address rx. */
void disas_host_range(FILE *f, const uint8_t *code, size_t bytes, uint64_t rx);

#endif
