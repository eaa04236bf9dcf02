/*
 * Random valid A64 instruction sequences, one generator per instruction
 * class, for the differential tester (tests/difftest/difftest.c).
 *
 * Conventions every generated sequence keeps, so that qemu and xemu start
 * and end in comparable states:
 *   - x28 holds the address of a 64-byte test buffer (DT_BUF_OFF bytes
 *     after the code); no generated instruction writes x28 or v28-v31;
 *   - a prologue stores v28-v31 into the buffer (so both sides start from
 *     the same bytes), an epilogue loads the buffer back into v28-v31 (so
 *     the state comparison covers memory);
 *   - memory instructions address only the buffer, through a base
 *     register set from x28 by an ADD just before them;
 *   - branches only skip forward, never past the epilogue.
 */
#ifndef XEMU_TESTS_DIFFTEST_GEN_H
#define XEMU_TESTS_DIFFTEST_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/a64_oracle.h"

#define DT_MAX_INSNS 64
#define DT_BUF_OFF   0x800      /* buffer = code start + DT_BUF_OFF */
#define DT_BUF_SIZE  64

struct dt_seq {
    uint32_t insn[DT_MAX_INSNS];
    int n;
    struct a64_state in;
};

struct dt_class {
    const char *name;
    const char *what;
    void (*gen)(struct dt_seq *q, uint64_t *rng);
};

extern const struct dt_class dt_classes[];
extern const int dt_nclasses;

/* The sequence for (class, seed): deterministic, so a reproducer needs
 * only these two. */
void dt_generate(const struct dt_class *c, uint64_t seed, struct dt_seq *q);

/* True if capstone decodes the word (the generators' validity filter). */
bool dt_valid(uint32_t w);
/* Capstone's "mnemonic operands" for w, or "(undecodable)". */
void dt_disas(uint32_t w, uint64_t pc, char *buf, unsigned len);

#endif
