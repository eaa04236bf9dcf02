/*
 * Wire format between the A64 oracle harness (tests/a64_oracle.c, x86-64
 * host) and its runner (tests/a64_oracle/runner.c, static arm64 program
 * run under qemu-aarch64).  Both sides lay out struct a64_state the same
 * way; these offsets are checked by _Static_assert on each side and used
 * by the runner's assembly.
 *
 * stdin:  records { u32 magic = A64W_MAGIC; u32 n; u32 insn[n]; state }
 *         ended by EOF.
 * stdout: per record { i32 sig; u32 pad; state } where sig is 0 if the
 *         code ran to its end, else the signal it raised (the state is
 *         then the one at the faulting instruction), or A64W_SIG_ERROR if
 *         the runner could not set the case up.
 */
#ifndef XEMU_TESTS_A64_ORACLE_WIRE_H
#define XEMU_TESTS_A64_ORACLE_WIRE_H

#define A64W_MAGIC      0x41363443u     /* "C46A" */
#define A64W_MAX_INSNS  1024
#define A64W_SIG_ERROR  (-1)

#define A64W_OFF_X      0
#define A64W_OFF_SP     248
#define A64W_OFF_PC     256
#define A64W_OFF_NZCV   264
#define A64W_OFF_FPCR   268
#define A64W_OFF_FPSR   272
#define A64W_OFF_V      288
#define A64W_STATE_SIZE 800

/* Where the code runs when the input state's pc is 0.  Far from both the
 * runner's and the test binary's own mappings. */
#define A64W_DEFAULT_PC 0x10000001000ull

#endif
