/*
 * Pre-pass of the x86-64 lowering (plan.c): decides, before register
 * allocation, which condition values can be consumed straight from host
 * EFLAGS (cmp+jcc / cmp+cmov fusion), which values need a home at all,
 * and which host registers each op clobbers.  lower.c follows the plan.
 */
#ifndef XEMU_HOST_X86_64_PLAN_H
#define XEMU_HOST_X86_64_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/ir.h"

#define PLAN_CC_ALWAYS 16   /* condition known true (AL/NV) */

/* an address (or lea) folded from add/shl ops: base + index*scale + disp */
struct plan_addr {
    ir_ref base, index;     /* index IR_NONE: none */
    uint8_t scale;
    bool active;
    int32_t disp;           /* added to the memory op's own offset */
};

struct plan {
    void *mem;              /* one allocation holding every array below */
    struct plan_addr *addr; /* ld/st/ldv/stv and add ops: folded operand form */
    uint8_t *folded;        /* op emits no code: absorbed by a user's addressing */
    ir_ref *xuse;           /* 2 per op: values read through folded ops */
    uint8_t *lea;           /* add/sub without flags lowered as lea (keeps EFLAGS) */
    uint8_t *nzcv_store;    /* setflags op: NZCV must reach env (someone reads it there) */
    uint8_t *envmem;        /* getenv.8 read straight from env by its only user */
    /* wrflags(select(c, rdflags, K)) (Arm CCMP/CCMN): NZCV stays as it is
     * when (c != 0) == ccmp_keep_on, else becomes the bytes ccmp_word */
    ir_ref *ccmp_cond;      /* IR_NONE: not this pattern */
    uint32_t *ccmp_word;
    uint8_t *ccmp_keep_on;
    int8_t *cc;         /* testflags/setcond: x86 cc the value is true on, or PLAN_CC_ALWAYS */
    uint8_t *tf_host;   /* testflags: host flags already hold NZCV, emit no compare */
    uint8_t *fused;     /* exit_if/select: consume arg0's host cc directly */
    uint8_t *need;      /* value needs a register or slot */
    uint16_t *clobber;  /* host registers destroyed by the op */
};

bool plan_block(const struct ir_block *b, struct plan *p);
void plan_free(struct plan *p);

/* the x86 cc that is true after `cmp a0, a1` (or `test`) for an ir_cmp */
int plan_cmp_cc(unsigned ir_cmp);
/* the x86 cc equal to Arm condition `cc` right after the compare that
 * lower.c emits to evaluate it from the env NZCV bytes */
int plan_env_cc(unsigned cc);

#endif
