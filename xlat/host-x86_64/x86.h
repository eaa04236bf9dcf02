/*
 * Internals shared by the x86-64 backend's files: the generated-code frame
 * layout set up by the prologue (backend.c) and used by the lowering
 * (lower.c), host CPU features, and the lowering entry point.
 *
 * Frame (rsp is 16-byte aligned inside generated code, so helper calls
 * need no adjustment):
 *   [rsp + 0 .. 31]            four scratch temps for the lowering
 *   [rsp + 32 + 8*k]           spill slot k, k < X86_NSLOTS
 *   above: saved rbx rbp r12 r13 r14 r15, return address
 */
#ifndef XEMU_HOST_X86_64_X86_H
#define XEMU_HOST_X86_64_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/xlat.h"

#define X86_ENV RBP
#define X86_TEMP_OFF(k) (8 * (k))
#define X86_NSLOTS 1020
#define X86_SLOT_OFF(k) (32 + 8 * (k))
#define X86_FRAME_SIZE (32 + 8 * X86_NSLOTS + 8)   /* keeps rsp 16-aligned */

struct x86_features {
    bool lzcnt;     /* ABM */
    bool bmi1;      /* tzcnt */
    bool bmi2;      /* shlx/shrx/sarx */
    bool fma;       /* VEX FMA3 usable (CPU and OS AVX state): inline FMLA/FMLS */
    bool aes;       /* AES-NI: inline AESE/AESD/AESMC/AESIMC */
    bool pclmul;    /* PCLMULQDQ: inline PMULL/PMULL2 .1q */
    bool sha;       /* SHA-NI: inline SHA256H/H2/SU0/SU1 */
};
extern struct x86_features x86_features;
void x86_detect_features(void);

/* rx address of the shared epilogue (returns rax to enter()'s caller);
 * NULL until emit_prologue ran */
extern const uint8_t *x86_epilogue_rx;
void x86_emit_epilogue(struct xbuf *xb);

size_t x86_emit_block(const struct ir_block *b, struct code_buf *cb, uint8_t *rw,
                      size_t avail, struct tb *tb);

/* Precise faults: the guest pc of the instruction whose host code holds
 * byte `off` of the translation of b that was emitted at `host` (the same
 * optimized IR must be given again).  Re-lowers b into scratch memory;
 * returns b->guest_pc for offsets before the first instruction.  Not
 * async-signal-safe (mallocs): call it after leaving the signal handler. */
uint64_t x86_guest_pc_at(const struct ir_block *b, const void *host, size_t off);

#endif
