/*
 * The A64 instruction oracle, shared by the frontend tests
 * (tests/test_a64_*.c): run a few A64 instruction words from a full
 * register state under qemu-aarch64 (the reference) and under xemu's
 * frontend + IR interpreter, and compare the states afterwards.
 *
 * Typical use (batch many cases: one qemu process per batch):
 *
 *     struct a64_case c[N];
 *     for (i...) { c[i].insns = words; c[i].n = 1; a64_state_random(&c[i].in, &rng); }
 *     cr_assert_eq(a64_oracle_check(c, N, "ADD (shifted register)"), 0);
 *
 * The code runs at in.pc (A64W_DEFAULT_PC if 0) on both sides, so
 * PC-relative results agree; both map that page themselves, writable, and
 * the rest of the code's page (zero-filled on a fresh mapping, else left
 * from earlier cases) may serve as scratch memory for loads and stores,
 * away from the code and the word after it (a branch back to the runner
 * under qemu, a BRK under xemu); earlier cases' code differs the same way.
 * out.pc is in.pc + 4n when the code ran to its end (sig == 0), else the
 * pc of the instruction that raised the signal.  Code running longer than
 * A64_ORACLE_TIMEOUT seconds (default 5) ends with sig = SIGALRM.
 */
#ifndef XEMU_TESTS_A64_ORACLE_H
#define XEMU_TESTS_A64_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlat/aarch64/cpu.h"
#include "tests/a64_oracle/wire.h"

struct a64_state {
    uint64_t x[31], sp, pc;
    uint32_t nzcv;              /* NZCV in bits 31..28, as MRS NZCV reads it */
    uint32_t fpcr, fpsr;
    a64_vreg v[32];
};

struct a64_case {
    const uint32_t *insns;
    int n;
    struct a64_state in;
    struct a64_state out;       /* filled by the oracle */
    int sig;                    /* 0: ran to the end; else the signal (SIGILL...) */
};

/* Run n A64 instruction words starting from state in; *out = state after.
 * Return true if the code ran to its end without a signal. */
bool a64_oracle_qemu(const uint32_t *insns, int n, const struct a64_state *in,
                     struct a64_state *out);
bool a64_oracle_xemu(const uint32_t *insns, int n, const struct a64_state *in,
                     struct a64_state *out);

/* How the xemu side runs the code:
 *   A64_XEMU_INTERP  frontend -> IR (validated) -> reference interpreter
 *   A64_XEMU_OPT     the same with the optimizer in between
 *   A64_XEMU_JIT     xemu's execution loop: optimizer and host backend
 *                    (available once the backend can emit blocks)
 *   A64_XEMU_JIT_ONE the same with one instruction per block, so every
 *                    value and flag crosses a block boundary
 * a64_oracle_xemu*() use a64_oracle_xemu_mode; a64_oracle_check() tries
 * every available mode. */
enum a64_xemu_mode {
    A64_XEMU_INTERP, A64_XEMU_OPT, A64_XEMU_JIT, A64_XEMU_JIT_ONE, A64_XEMU_NMODES
};
extern enum a64_xemu_mode a64_oracle_xemu_mode;

/* The same for many cases at once (fills out and sig).  When QEMU_CPU
 * names a CPU model, xemu's side runs as that model too (a64_cpu_select),
 * so both agree on which instructions exist.  Return false only
 * if the oracle itself could not run (qemu or the runner missing, xemu's
 * frontend not linked in); sig is A64W_SIG_ERROR for a case it could not
 * set up. */
bool a64_oracle_qemu_batch(struct a64_case *c, int ncases);
bool a64_oracle_xemu_batch(struct a64_case *c, int ncases);

/* Run every case under qemu and under xemu in every available mode,
 * compare sig and the full state; print each
 * mismatch (disassembly, input, differences) to stderr, at most a few per
 * call.  Returns the number of mismatching cases, or -1 if an oracle could
 * not run.  `what` names the instruction class in the messages.  With
 * A64_ORACLE_VERBOSE set in the environment it also prints how many cases
 * ran to the end and how many raised a signal. */
int a64_oracle_check(struct a64_case *c, int ncases, const char *what);

/* Number of differing fields between two states; describes them in buf
 * (may be NULL). */
int a64_state_diff(const struct a64_state *want, const struct a64_state *got,
                   char *buf, size_t len);

/* Whole arm64 programs: build tests/a64_oracle/NAME.c with
 * aarch64-linux-gnu-gcc -static -O2 and the extra flags (NULL-terminated
 * list, may be NULL) into BUILD/a64-oracle-NAME (or /tmp) unless that is
 * newer than the source; *path receives where. */
bool a64_oracle_build_program(const char *name, const char *const flags[], char *path,
                              size_t len);
/* BUILD/xemu-aarch64, next to the test binary; false if it is not there. */
bool a64_oracle_xemu_binary(char *path, size_t len);

/* Deterministic random numbers (xorshift*); *rng is the state, never 0. */
uint64_t a64_rand(uint64_t *rng);
/* A random 64-bit value, biased towards edge cases (0, 1, -1, MIN/MAX of
 * 32 and 64 bits, single bits, values around them). */
uint64_t a64_rand_edge(uint64_t *rng);
/* A random full state: x0-x30 from a64_rand_edge, random NZCV, random v
 * registers, a 16-byte aligned sp, pc 0 (default), FPCR = FPSR = 0. */
void a64_state_random(struct a64_state *s, uint64_t *rng);

#endif
