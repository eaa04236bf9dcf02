/*
 * Lowering of the `vop` IR op (xlat/ir_vop.h): an AdvSIMD operation on two
 * env V slots, done as inline SSE2/SSE4.1/SSE4.2 code in xmm0..xmm2 (never
 * live across ops, so the register allocator does not know them):
 *     movups xmm0, [rbp+n]; movups xmm1, [rbp+m]; <op> xmm0, xmm1
 *     [movq xmm0, xmm0]   (64-bit operation: zero the high half)
 *     movups [rbp+d], xmm0
 * Lane garbage in the high half of 64-bit operations is computed and then
 * dropped, so every op is done at 128 bits.  Flags are untouched.
 * Called by lower.c's dispatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xlat/host-x86_64/lower.h"
#include "xlat/ir_vop.h"

/* ops that are one SSE instruction, per element size (-1: none) */
static int direct(unsigned op, unsigned size)
{
    static const int8_t tab[][4] = {
        [IR_VOP_ADD] = { XS_PADDB, XS_PADDW, XS_PADDD, XS_PADDQ },
        [IR_VOP_SUB] = { XS_PSUBB, XS_PSUBW, XS_PSUBD, XS_PSUBQ },
        [IR_VOP_MUL] = { -1, XS_PMULLW, XS_PMULLD, -1 },
        [IR_VOP_CMEQ] = { XS_PCMPEQB, XS_PCMPEQW, XS_PCMPEQD, XS_PCMPEQQ },
        [IR_VOP_CMGT] = { XS_PCMPGTB, XS_PCMPGTW, XS_PCMPGTD, XS_PCMPGTQ },
        [IR_VOP_SMAX] = { XS_PMAXSB, XS_PMAXSW, XS_PMAXSD, -1 },
        [IR_VOP_SMIN] = { XS_PMINSB, XS_PMINSW, XS_PMINSD, -1 },
        [IR_VOP_UMAX] = { XS_PMAXUB, XS_PMAXUW, XS_PMAXUD, -1 },
        [IR_VOP_UMIN] = { XS_PMINUB, XS_PMINUW, XS_PMINUD, -1 },
    };
    switch (op) {
    case IR_VOP_ADD: case IR_VOP_SUB: case IR_VOP_MUL: case IR_VOP_CMEQ: case IR_VOP_CMGT:
    case IR_VOP_SMAX: case IR_VOP_SMIN: case IR_VOP_UMAX: case IR_VOP_UMIN:
        break;
    default:
        return -1;              /* zero rows of tab[] are not PADDB */
    }
    return tab[op][size];
}

static enum xsse cmpeq(unsigned size) { return (enum xsse)(XS_PCMPEQB + size); }

/* xmm x = ~x (xmm2 is scratch) */
static void invert(struct xbuf *xb, int x)
{
    x_sse(xb, XS_PCMPEQD, 2, XR(2));
    x_sse(xb, XS_PXOR, x, XR(2));
}

void x86_lower_vop(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned op = in->cond, size = in->aux & IR_VOP_SIZE_MASK;
    x_movups_load(xb, 0, env_m((int32_t)ir_vop_src(in, 0)));
    x_movups_load(xb, 1, env_m((int32_t)ir_vop_src(in, 1)));
    int d = direct(op, size), res = 0;     /* xmm holding the result */
    if (d >= 0) {
        x_sse(xb, (enum xsse)d, 0, XR(1));
    } else {
        switch (op) {
        case IR_VOP_CMTST:                          /* ~((n & m) == 0) */
            x_sse(xb, XS_PAND, 0, XR(1));
            x_sse(xb, XS_PXOR, 1, XR(1));
            x_sse(xb, cmpeq(size), 0, XR(1));
            invert(xb, 0);
            break;
        case IR_VOP_CMGE:                           /* ~(m > n) */
            x_sse(xb, (enum xsse)(XS_PCMPGTB + size), 1, XR(0));
            invert(xb, 1);
            res = 1;
            break;
        case IR_VOP_CMHS:                           /* umax(n, m) == n */
            x_sse(xb, (enum xsse)(XS_PMAXUB + size), 1, XR(0));
            x_sse(xb, cmpeq(size), 0, XR(1));
            break;
        case IR_VOP_CMHI:                           /* ~(umax(n, m) == m) */
            x_sse(xb, (enum xsse)(XS_PMAXUB + size), 0, XR(1));
            x_sse(xb, cmpeq(size), 0, XR(1));
            invert(xb, 0);
            break;
        default:
            /* ir_validate rejects the rest; never run wrong code */
            fprintf(stderr, "xemu: x86-64 backend cannot lower vop %u size %u\n", op, size);
            abort();
        }
    }
    if (!(in->aux & IR_VOP_Q))
        x_movq_xx(xb, res, res);
    x_movups_store(xb, env_m((int32_t)in->aux2), res);
}
