/*
 * The aarch64 guest CPU state.  Generated code reaches every field at a
 * fixed offset from env (see A64_OFF_*), so field order is ABI between
 * the frontend, helpers and the signal-frame code.
 */
#ifndef XEMU_XLAT_AARCH64_CPU_H
#define XEMU_XLAT_AARCH64_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "xlat/xlat.h"

typedef union {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
    float f[4];
    double df[2];
    unsigned __int128 q;
} a64_vreg;

struct a64_cpu {
    struct xlat_env hdr;        /* pc, NZCV, exclusive monitor, exit flag */
    uint64_t x[32];             /* x[31] is SP; XZR is handled by the frontend */
    uint32_t fpcr, fpsr;
    uint64_t tpidr_el0;
    uint64_t tpidrro_el0;
    _Alignas(16) a64_vreg v[32];
};

#define A64_OFF_X(n)   (offsetof(struct a64_cpu, x) + 8 * (n))
#define A64_OFF_SP     A64_OFF_X(31)
#define A64_OFF_V(n)   (offsetof(struct a64_cpu, v) + 16 * (n))
#define A64_OFF_FPCR   offsetof(struct a64_cpu, fpcr)
#define A64_OFF_FPSR   offsetof(struct a64_cpu, fpsr)
#define A64_OFF_TPIDR  offsetof(struct a64_cpu, tpidr_el0)

static inline struct a64_cpu *a64_cpu(struct xlat_env *env)
{
    return (struct a64_cpu *)env;
}

/* The frontend descriptor (xlat/aarch64/translate.c). */
extern const struct guest_frontend a64_frontend;

#endif
