/*
 * Internals shared by the x86-64 lowering files: lower.c (integer ops,
 * flags, calls, exits, the per-block driver) and lower_mem.c (guest
 * memory, exclusives, atomics).  The lowering context, operand locations
 * and the helpers every op uses.
 */
#ifndef XEMU_HOST_X86_64_LOWER_H
#define XEMU_HOST_X86_64_LOWER_H

#include <stddef.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/host-x86_64/plan.h"
#include "xlat/host-x86_64/regalloc.h"
#include "xlat/host-x86_64/x86.h"

#define OFF_PC ((int32_t)offsetof(struct xlat_env, pc))
#define OFF_NF ((int32_t)offsetof(struct xlat_env, nf))
#define OFF_ZF ((int32_t)offsetof(struct xlat_env, zf))
#define OFF_CF ((int32_t)offsetof(struct xlat_env, cf))
#define OFF_VF ((int32_t)offsetof(struct xlat_env, vf))
#define OFF_JC ((int32_t)offsetof(struct xlat_env, jump_cache))
#define OFF_EXCL_ADDR ((int32_t)offsetof(struct xlat_env, excl_addr))
#define OFF_EXCL_VAL ((int32_t)offsetof(struct xlat_env, excl_val))
#define OFF_EXCL_HI ((int32_t)offsetof(struct xlat_env, excl_val_hi))
#define OFF_EXCL_SIZE ((int32_t)offsetof(struct xlat_env, excl_size))

_Static_assert(offsetof(struct xlat_env, vf) == offsetof(struct xlat_env, cf) + 1,
               "C and V bytes are cleared with one 16-bit store");
_Static_assert(sizeof(struct jc_entry) == 16, "jump cache entries are indexed by <<4");

/* the monitor is armed for the same access when size and pair-ness match;
 * acquire/release bits may differ (LDAXR + STLXR) */
#define EXCL_MATCH_MASK (IR_MO_SIZE_MASK | IR_MO_PAIR)

enum { K_NONE, K_REG, K_MEM, K_IMM };
struct opd {
    int k;
    int reg;
    struct xrm m;
    uint64_t imm;
};

enum stub_kind { STUB_REQUEST, STUB_EXIT };
struct stub {
    uint8_t kind;
    uint32_t jmp_at;    /* offset of the rel32 that targets the stub */
    uint32_t exit_idx;
    uint64_t pc;
};

/* xmm10.. hold copies of V slots that vops of this block wrote (lower_vec.c):
 * a later vop reading the slot takes the register instead of waiting for
 * the store to forward.  Write-through: env is always up to date. */
enum { X86_VC_N = 6, X86_VC_XMM = 10 };
struct vc_entry {
    bool valid;
    uint8_t zero_from;      /* bytes from here to 16 are known zero */
    int32_t off;            /* env offset of the 16-byte slot */
};

struct lctx {
    struct xbuf xb;
    struct vc_entry vc[X86_VC_N];
    unsigned vc_next;       /* round-robin victim */
    const struct ir_block *b;
    struct code_buf *cb;
    struct tb *tb;
    struct plan plan;
    struct ra_result ra;
    uint32_t i;             /* op being lowered */
    struct stub *stubs;
    uint32_t nstubs, nexits;
    /* x86_guest_pc_at: host offset to find, and the insn found so far */
    size_t want_off;
    uint64_t found_pc;
};

static inline bool is_i32(const struct ir_insn *in) { return in->type == IR_I32; }
static inline unsigned width(const struct ir_insn *in) { return is_i32(in) ? 4 : 8; }
static inline struct xrm env_m(int32_t off) { return XM(X86_ENV, off); }
static inline struct xrm slot_m(int32_t slot) { return XM(RSP, X86_SLOT_OFF(slot)); }
static inline struct xrm temp_m(int k) { return XM(RSP, X86_TEMP_OFF(k)); }

static inline bool in_reg(const struct opd *o, int r) { return o->k == K_REG && o->reg == r; }

/* where an operand is when the current op runs */
struct opd lw_opd(struct lctx *L, ir_ref r);
/* imm usable as a sign-extended 32-bit immediate at this size */
bool lw_imm_ok(const struct opd *o, unsigned size, int32_t *imm);
/* w = o (size 4 zero-extends); nothing if already there */
void lw_load_to(struct lctx *L, int w, const struct opd *o, unsigned size);
/* o as an r/m operand, immediates loaded into scratch */
struct xrm lw_rm_of(struct lctx *L, const struct opd *o, int scratch, unsigned size);
/* register holding value r, loading it into scratch if needed */
int lw_reg_or_load(struct lctx *L, ir_ref r, int scratch);
/* register that receives the current op's result (its home or rax), and
 * the store to its slot when it has no register */
int lw_dst_w(struct lctx *L);
void lw_dst_fin(struct lctx *L, int w);
/* rel8 forward branch (cc < 0: jmp) within one op's code, and its target */
size_t lw_j8(struct lctx *L, int cc);
void lw_bind8(struct lctx *L, size_t at);
/* zero-extending load of s bytes */
void lw_load_sized(struct lctx *L, int w, unsigned s, struct xrm m);

/* lower_mem.c */
void x86_lower_ld(struct lctx *L, const struct ir_insn *in);
void x86_lower_st(struct lctx *L, const struct ir_insn *in);
void x86_lower_ldv(struct lctx *L, const struct ir_insn *in);
void x86_lower_stv(struct lctx *L, const struct ir_insn *in);
void x86_lower_ldex(struct lctx *L, const struct ir_insn *in);
void x86_lower_stex(struct lctx *L, const struct ir_insn *in);
void x86_lower_cas(struct lctx *L, const struct ir_insn *in);
void x86_lower_atomic(struct lctx *L, const struct ir_insn *in);

/* lower_vec.c */
void x86_lower_vop(struct lctx *L, const struct ir_insn *in);
/* env bytes [off, off + size) are written by something else than a vop */
void x86_vc_forget(struct lctx *L, int64_t off, unsigned size);
/* every xmm register may be clobbered (a call) */
void x86_vc_forget_all(struct lctx *L);

#endif
