/*
 * xemu's intermediate representation.
 *
 * A *block* is a straight-line sequence of IR instructions translated from
 * one guest basic block (or a few, in the future).  Control leaves a block
 * only through exit ops: `exit_if` (conditional, to a constant guest pc),
 * and a final `goto_tb` (constant pc), `goto_ptr` (computed pc) or `exit`
 * (back to the execution loop with a reason such as "syscall").  There are
 * no labels and no branches inside a block.
 *
 * Values are SSA: the result of instruction i is referred to by its index
 * i (an `ir_ref`), is defined exactly once and never changes.  Every value
 * is a 64-bit integer container.  An op's `type` gives the width it
 * operates at: an I32 op reads the low 32 bits of its operands and its
 * result is zero-extended to 64 bits (exactly like an Arm W register or an
 * x86 32-bit op).  So a value produced at I32 can be stored to a 64-bit
 * guest register slot as is.  (mov, select, const, call and getenv ignore
 * the type: they always produce a full 64-bit value.)
 *
 * Guest state lives in memory pointed to by `env` (struct xlat_env and the
 * arch-specific state after it).  `getenv`/`setenv` read and write it at a
 * byte offset; the optimizer forwards stored values to later loads and
 * drops stores that are overwritten before anything can observe them, so
 * guest registers stay in host registers within a block.
 *
 * Condition flags (NZCV, Arm semantics: C is NOT-borrow after subtract)
 * are part of the env header.  An op with `setflags` set (only ops marked
 * IRF_CAN_SETFLAGS) also writes NZCV; readers are testflags, rdflags,
 * adc and sbc.  The dead-flags pass clears `setflags` where the flags are
 * overwritten before being read; the backend fuses flag producers with an
 * immediately following testflags+select/exit_if into host cmp/jcc/cmov.
 *
 * Helper calls receive env first.  A call marked IR_CALL_READS_ENV may
 * read any guest state (so pending setenvs must reach memory before it),
 * IR_CALL_WRITES_ENV may change any (so getenvs after it reload).  Both
 * imply the flags too.
 *
 * AdvSIMD/FP work on the V registers in env goes through one op, `vop`,
 * whose operands are env offsets; xlat/ir_vop.h defines its encoding and
 * operations, xlat/ir_vop.c their exact semantics.
 *
 * Textual form (dump and parse, see ir_dump.c / ir_parse.c), one op a line:
 *     %3 = add.i64 %1, %2
 *     %4 = sub.i32.f %3, %0            (.f: sets flags)
 *     setenv.8 [env+0x48], %4
 *     %5 = getenv.8 [env+0x50]
 *     %6 = ld.u32 [%5+0x10]
 *     exit_if %7, 0x400120
 *     goto_tb 0x400124
 */
#ifndef XEMU_XLAT_IR_H
#define XEMU_XLAT_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ir_op {
#define IR_OP(name, nargs, result, flags) IR_##name,
#include "xlat/ir_ops.def"
#undef IR_OP
    IR_NUM_OPS
};

/* op property flags (column 4 of ir_ops.def) */
enum {
    IRF_PURE         = 1 << 0,  /* no side effect, result depends only on args */
    IRF_CAN_SETFLAGS = 1 << 1,
    IRF_READS_FLAGS  = 1 << 2,
    IRF_WRITES_FLAGS = 1 << 3,
    IRF_READS_ENV    = 1 << 4,
    IRF_WRITES_ENV   = 1 << 5,
    IRF_MEM          = 1 << 6,  /* touches guest memory; may fault */
    IRF_SIDE         = 1 << 7,  /* must not be removed or reordered */
    IRF_CALL         = 1 << 8,
    IRF_EXIT         = 1 << 9,
    IRF_END          = 1 << 10, /* ends the block */
    IRF_MARK         = 1 << 11, /* bookkeeping, emits no code */
};

struct ir_op_info {
    const char *name;
    uint8_t nargs;
    uint8_t result;
    uint16_t flags;
};
extern const struct ir_op_info ir_op_info[IR_NUM_OPS];

enum ir_type { IR_I32, IR_I64 };

/* integer comparisons for setcond */
enum ir_cmp {
    IR_EQ, IR_NE,
    IR_LTU, IR_GEU, IR_LEU, IR_GTU,
    IR_LT, IR_GE, IR_LE, IR_GT,
    IR_TSTEQ, IR_TSTNE,          /* (a0 & a1) == 0, != 0 */
};

/* conditions on NZCV, numbered exactly as Arm's cond field */
enum ir_cc {
    IR_CC_EQ, IR_CC_NE, IR_CC_CS, IR_CC_CC, IR_CC_MI, IR_CC_PL, IR_CC_VS, IR_CC_VC,
    IR_CC_HI, IR_CC_LS, IR_CC_GE, IR_CC_LT, IR_CC_GT, IR_CC_LE, IR_CC_AL, IR_CC_NV,
};

/* memory op descriptor (aux of ld/st/ldex/stex/cas/atomic) */
enum {
    IR_MO_SIZE_MASK = 3,         /* log2 of the access size in bytes: 0..3 */
    IR_MO_SIGN      = 1 << 2,    /* ld: sign-extend to the op's type width */
    IR_MO_ACQ       = 1 << 3,    /* acquire */
    IR_MO_REL       = 1 << 4,    /* release */
    IR_MO_PAIR      = 1 << 5,    /* ldex/stex of a pair: see ir_interp.c */
};

enum ir_atomic {
    IR_AT_ADD, IR_AT_CLR, IR_AT_EOR, IR_AT_SET,
    IR_AT_SMAX, IR_AT_SMIN, IR_AT_UMAX, IR_AT_UMIN, IR_AT_SWP,
};

enum ir_barrier { IR_BAR_FULL, IR_BAR_LOAD, IR_BAR_STORE };

/* aux2 of exit_if / goto_tb: the target overwrites NZCV before anything
 * reads it, so NZCV need not be in env when leaving through this exit.
 * (A fault in the target before that write would show the guest's signal
 * handler an older NZCV; see docs/ARCHITECTURE.md.) */
enum { IR_EXIT_NZCV_DEAD = 1 };

enum {
    IR_CALL_NARGS_MASK = 3,
    IR_CALL_READS_ENV  = 1 << 2,
    IR_CALL_WRITES_ENV = 1 << 3,
    IR_CALL_NORETURN   = 1 << 4,  /* helper longjmps/never returns normally */
};

typedef uint32_t ir_ref;
#define IR_NONE ((ir_ref)0xffffffffu)

struct ir_insn {
    uint16_t op;        /* enum ir_op */
    uint8_t type;       /* enum ir_type */
    uint8_t cond;       /* enum ir_cmp / ir_cc / ir_atomic, op-specific */
    uint8_t setflags;   /* op also writes NZCV (IRF_CAN_SETFLAGS ops only) */
    uint8_t pad[3];
    ir_ref arg[3];
    uint32_t aux;       /* size / memop / call flags / exit reason */
    uint32_t aux2;      /* second offset (ldv/stv env offset) */
    int64_t imm;        /* constant, env offset, memory offset, pc, helper */
};

/* Guest code outside the block that the frontend read to decide
 * something about this block (e.g. that an exit's target overwrites NZCV
 * before reading it): if that code changes, the block must go too. */
#define IR_MAX_PEEKS 4
struct ir_peek {
    uint64_t lo, hi;        /* [lo, hi) */
};

struct ir_block {
    struct ir_insn *insn;
    uint32_t n, cap;
    uint64_t guest_pc;      /* first guest insn */
    uint32_t guest_bytes;   /* bytes of guest code covered */
    uint32_t guest_insns;
    uint32_t npeeks;
    struct ir_peek peeks[IR_MAX_PEEKS];
};

void ir_block_init(struct ir_block *b, uint64_t pc);
void ir_block_reset(struct ir_block *b, uint64_t pc);
void ir_block_free(struct ir_block *b);

/* Generic emitter; returns the new instruction's ref. */
ir_ref ir_emit(struct ir_block *b, enum ir_op op, enum ir_type type,
               ir_ref a0, ir_ref a1, ir_ref a2, int64_t imm, uint32_t aux);

/* Convenience builders (all thin wrappers of ir_emit). */
ir_ref ir_const(struct ir_block *b, uint64_t v);
ir_ref ir_getenv(struct ir_block *b, uint32_t off, unsigned log2size);
void   ir_setenv(struct ir_block *b, uint32_t off, unsigned log2size, ir_ref v);
ir_ref ir_op2(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a, ir_ref c);
ir_ref ir_op2f(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a, ir_ref c); /* sets flags */
ir_ref ir_op1(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a);
ir_ref ir_ext(struct ir_block *b, bool sign, enum ir_type t, unsigned from_log2, ir_ref a);
ir_ref ir_setcond(struct ir_block *b, enum ir_cmp c, enum ir_type t, ir_ref a, ir_ref d);
ir_ref ir_testflags(struct ir_block *b, enum ir_cc cc);
ir_ref ir_select(struct ir_block *b, ir_ref c, ir_ref a, ir_ref d);
ir_ref ir_ld(struct ir_block *b, enum ir_type t, ir_ref addr, int64_t off, uint32_t memop);
void   ir_st(struct ir_block *b, ir_ref addr, int64_t off, uint32_t memop, ir_ref v);
ir_ref ir_call(struct ir_block *b, const void *fn, uint32_t flags,
               ir_ref a0, ir_ref a1, ir_ref a2);
void   ir_insn_start(struct ir_block *b, uint64_t pc);
void   ir_exit_if(struct ir_block *b, ir_ref c, uint64_t pc);
void   ir_goto_tb(struct ir_block *b, uint64_t pc);
void   ir_goto_ptr(struct ir_block *b, ir_ref pc);
void   ir_exit(struct ir_block *b, uint64_t pc, unsigned reason);

static inline const struct ir_op_info *ir_info(const struct ir_insn *i)
{
    return &ir_op_info[i->op];
}
/* true if insn i's ref is a const op; *v receives its value */
bool ir_is_const(const struct ir_block *b, ir_ref r, uint64_t *v);
/* true if value r is known to have its upper 32 bits clear (an I32
 * arithmetic result, a small const, a narrow getenv/zext).  mov and
 * select copy all 64 bits whatever their type, so they do not count. */
bool ir_is_zext32(const struct ir_block *b, ir_ref r);

/* Text form. ir_dump appends to a FILE; ir_parse reads a dump back
 * (returns false and fills err on a syntax error). */
#include <stdio.h>
void ir_dump(const struct ir_block *b, FILE *f);
void ir_dump_insn(const struct ir_block *b, ir_ref r, FILE *f);
bool ir_parse(struct ir_block *b, const char *text, char *err, size_t errlen);
/* Checks SSA and operand rules; returns false with a message on error. */
bool ir_validate(const struct ir_block *b, char *err, size_t errlen);

/* Reference interpreter: runs the block on env, returns what the block
 * returns to the execution loop (see xlat.h: an xlat_exit code with
 * env->pc set).  Used by tests and by `-d interp` co-simulation. */
uint64_t ir_interp(const struct ir_block *b, void *env);
/* Value of a pure op (no flags) given its operand values; false if the op
 * is not pure arithmetic.  The constant folder uses it, so folding and
 * execution agree by construction. */
bool ir_eval_pure(const struct ir_insn *i, const uint64_t *args, uint64_t *res);

#endif
