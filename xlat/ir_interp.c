/*
 * The reference IR interpreter: the executable definition of what each IR
 * op means.  Tests compare the host backend and the guest frontends
 * against it, and `-d interp` runs whole programs through it (slow, but
 * independent of the backend: box64-style co-simulation).
 *
 * Direct exits (exit_if, goto_tb) and goto_ptr set env->pc and return
 * XLAT_EXIT_LOOKUP; `exit` returns its reason.
 */
#include <stdlib.h>
#include <string.h>

#include "xlat/ir.h"
#include "xlat/xlat.h"
#include "xlat/ir_vop.h"

static uint64_t width_mask(const struct ir_insn *i)
{
    return i->type == IR_I32 ? 0xffffffffull : ~0ull;
}

static unsigned width_bits(const struct ir_insn *i)
{
    return i->type == IR_I32 ? 32 : 64;
}

static uint64_t sext_from(uint64_t v, unsigned bits)
{
    if (bits >= 64)
        return v;
    uint64_t m = 1ull << (bits - 1);
    v &= (1ull << bits) - 1;
    return (v ^ m) - m;
}

static void set_nz(struct xlat_env *env, uint64_t r, unsigned bits)
{
    env->nf = (r >> (bits - 1)) & 1;
    env->zf = r == 0;
}

/* Arm AddWithCarry at the given width: result, and C/V out. */
static uint64_t add_with_carry(struct xlat_env *env, uint64_t a, uint64_t b,
                               unsigned carry, unsigned bits, bool setflags)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    a &= mask;
    b &= mask;
    uint64_t r = (a + b + carry) & mask;
    if (setflags) {
        set_nz(env, r, bits);
        /* unsigned carry: the true sum exceeds mask */
        unsigned c = bits == 64 ? (r < a || (carry && r == a)) : ((a + b + carry) >> bits) & 1;
        uint64_t sign = 1ull << (bits - 1);
        unsigned v = ((~(a ^ b) & (a ^ r)) & sign) != 0;
        env->cf = c;
        env->vf = v;
    }
    return r;
}

static bool test_cc(const struct xlat_env *env, unsigned cc)
{
    bool r;
    switch (cc >> 1) {
    case 0: r = env->zf; break;
    case 1: r = env->cf; break;
    case 2: r = env->nf; break;
    case 3: r = env->vf; break;
    case 4: r = env->cf && !env->zf; break;
    case 5: r = env->nf == env->vf; break;
    case 6: r = env->nf == env->vf && !env->zf; break;
    default: return true; /* AL, NV */
    }
    return (cc & 1) ? !r : r;
}

static bool cmp(unsigned c, uint64_t a, uint64_t b, unsigned bits)
{
    int64_t sa = (int64_t)sext_from(a, bits), sb = (int64_t)sext_from(b, bits);
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    a &= m;
    b &= m;
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LTU: return a < b;
    case IR_GEU: return a >= b;
    case IR_LEU: return a <= b;
    case IR_GTU: return a > b;
    case IR_LT: return sa < sb;
    case IR_GE: return sa >= sb;
    case IR_LE: return sa <= sb;
    case IR_GT: return sa > sb;
    case IR_TSTEQ: return (a & b) == 0;
    case IR_TSTNE: return (a & b) != 0;
    }
    abort();
}

static uint64_t load(uint64_t addr, unsigned log2)
{
    switch (log2) {
    case 0: return *(volatile uint8_t *)addr;
    case 1: { uint16_t v; memcpy(&v, (void *)addr, 2); return v; }
    case 2: { uint32_t v; memcpy(&v, (void *)addr, 4); return v; }
    default: { uint64_t v; memcpy(&v, (void *)addr, 8); return v; }
    }
}

static void store(uint64_t addr, unsigned log2, uint64_t v)
{
    switch (log2) {
    case 0: *(volatile uint8_t *)addr = (uint8_t)v; break;
    case 1: { uint16_t x = (uint16_t)v; memcpy((void *)addr, &x, 2); break; }
    case 2: { uint32_t x = (uint32_t)v; memcpy((void *)addr, &x, 4); break; }
    default: memcpy((void *)addr, &v, 8); break;
    }
}

static uint64_t size_mask(unsigned log2)
{
    return log2 >= 3 ? ~0ull : (1ull << (8u << log2)) - 1;
}

static uint64_t rbit(uint64_t v, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < bits; i++)
        r |= ((v >> i) & 1) << (bits - 1 - i);
    return r;
}

static uint64_t atomic_op(unsigned kind, uint64_t old, uint64_t v, unsigned log2)
{
    unsigned bits = 8u << log2;
    int64_t so = (int64_t)sext_from(old, bits), sv = (int64_t)sext_from(v, bits);
    uint64_t m = size_mask(log2);
    old &= m;
    v &= m;
    switch (kind) {
    case IR_AT_ADD: return old + v;
    case IR_AT_CLR: return old & ~v;
    case IR_AT_EOR: return old ^ v;
    case IR_AT_SET: return old | v;
    case IR_AT_SMAX: return so > sv ? old : v;
    case IR_AT_SMIN: return so < sv ? old : v;
    case IR_AT_UMAX: return old > v ? old : v;
    case IR_AT_UMIN: return old < v ? old : v;
    case IR_AT_SWP: return v;
    }
    abort();
}

/* Value of a pure op (no flags) from its operand values: shared by the
 * interpreter and the constant folder, so both agree by construction.
 * Returns false for ops that are not pure arithmetic. */
bool ir_eval_pure(const struct ir_insn *i, const uint64_t *a, uint64_t *res)
{
    uint64_t m = width_mask(i), out;
    unsigned bits = width_bits(i);
    switch ((enum ir_op)i->op) {
    case IR_const: *res = (uint64_t)i->imm; return true;
    case IR_mov: *res = a[0]; return true;
    case IR_select: *res = a[0] ? a[1] : a[2]; return true;
    case IR_add: out = a[0] + a[1]; break;
    case IR_sub: out = a[0] - a[1]; break;
    case IR_and: out = a[0] & a[1]; break;
    case IR_andn: out = a[0] & ~a[1]; break;
    case IR_or: out = a[0] | a[1]; break;
    case IR_xor: out = a[0] ^ a[1]; break;
    case IR_shl: out = (a[0] & m) << (a[1] & (bits - 1)); break;
    case IR_shr: out = (a[0] & m) >> (a[1] & (bits - 1)); break;
    case IR_sar: out = (uint64_t)((int64_t)sext_from(a[0], bits) >> (a[1] & (bits - 1))); break;
    case IR_ror: {
        unsigned sh = a[1] & (bits - 1);
        uint64_t v = a[0] & m;
        out = sh ? (v >> sh) | (v << (bits - sh)) : v;
        break;
    }
    case IR_mul: out = a[0] * a[1]; break;
    case IR_umulh: out = (uint64_t)(((unsigned __int128)a[0] * a[1]) >> 64); break;
    case IR_smulh: out = (uint64_t)(((__int128)(int64_t)a[0] * (int64_t)a[1]) >> 64); break;
    case IR_udiv: {
        uint64_t d = a[1] & m;
        out = d ? (a[0] & m) / d : 0;
        break;
    }
    case IR_sdiv: {
        int64_t n = (int64_t)sext_from(a[0], bits), d = (int64_t)sext_from(a[1], bits);
        if (d == 0)
            out = 0;
        else if (d == -1)
            out = (uint64_t)0 - (uint64_t)n; /* MIN / -1 wraps to MIN */
        else
            out = (uint64_t)(n / d);
        break;
    }
    case IR_neg: out = (uint64_t)0 - a[0]; break;
    case IR_not: out = ~a[0]; break;
    case IR_clz: {
        uint64_t v = a[0] & m;
        out = v ? (uint64_t)(__builtin_clzll(v) - (64 - bits)) : bits;
        break;
    }
    case IR_ctz: {
        uint64_t v = a[0] & m;
        out = v ? (uint64_t)__builtin_ctzll(v) : bits;
        break;
    }
    case IR_rbit: out = rbit(a[0], bits); break;
    case IR_bswap:
        out = bits == 32 ? __builtin_bswap32((uint32_t)a[0]) : __builtin_bswap64(a[0]);
        break;
    case IR_sext: out = sext_from(a[0], 8u << i->aux); break;
    case IR_zext: out = a[0] & ((1ull << (8u << i->aux)) - 1); break;
    case IR_setcond: out = cmp(i->cond, a[0], a[1], bits); break;
    default:
        return false;
    }
    *res = out & m;
    return true;
}

uint64_t ir_interp(const struct ir_block *b, void *envp)
{
    struct xlat_env *env = envp;
    uint64_t stackbuf[256];
    uint64_t *val = b->n <= 256 ? stackbuf : malloc(b->n * sizeof(uint64_t));
    uint64_t ret = XLAT_EXIT_LOOKUP;
#define A(k) val[i->arg[k]]
    for (uint32_t r = 0; r < b->n; r++) {
        const struct ir_insn *i = &b->insn[r];
        uint64_t m = width_mask(i), out = 0;
        unsigned bits = width_bits(i);
        if (!i->setflags && i->op != IR_const && i->op != IR_getenv) {
            uint64_t args[3];
            for (unsigned k = 0; k < 3; k++)
                args[k] = i->arg[k] != IR_NONE && k < ir_op_info[i->op].nargs ? val[i->arg[k]] : 0;
            if (ir_eval_pure(i, args, &out)) {
                val[r] = out;
                continue;
            }
        }
        switch ((enum ir_op)i->op) {
        case IR_nop:
        case IR_insn_start:
            break;
        case IR_const: out = (uint64_t)i->imm; break;
        case IR_getenv: {
            uint64_t v = 0;
            memcpy(&v, (char *)env + i->imm, 1u << i->aux);
            out = v;
            break;
        }
        case IR_setenv: {
            uint64_t v = A(0);
            memcpy((char *)env + i->imm, &v, 1u << i->aux);
            break;
        }
        case IR_add: out = add_with_carry(env, A(0), A(1), 0, bits, i->setflags); break;
        case IR_sub: out = add_with_carry(env, A(0), ~A(1), 1, bits, i->setflags); break;
        case IR_adc: out = add_with_carry(env, A(0), A(1), env->cf, bits, i->setflags); break;
        case IR_sbc: out = add_with_carry(env, A(0), ~A(1), env->cf, bits, i->setflags); break;
        case IR_and:
        case IR_andn:
            out = (A(0) & (i->op == IR_andn ? ~A(1) : A(1))) & m;
            if (i->setflags) {
                set_nz(env, out, bits);
                env->cf = env->vf = 0;
            }
            break;
        case IR_testflags: out = test_cc(env, i->cond); break;
        case IR_rdflags:
            out = (uint64_t)env->nf << 31 | (uint64_t)env->zf << 30 |
                  (uint64_t)env->cf << 29 | (uint64_t)env->vf << 28;
            break;
        case IR_wrflags: {
            uint64_t v = A(0);
            env->nf = (v >> 31) & 1;
            env->zf = (v >> 30) & 1;
            env->cf = (v >> 29) & 1;
            env->vf = (v >> 28) & 1;
            break;
        }
        case IR_ld: {
            unsigned sz = i->aux & IR_MO_SIZE_MASK;
            out = load(A(0) + (uint64_t)i->imm, sz);
            if (i->aux & IR_MO_SIGN)
                out = sext_from(out, 8u << sz);
            break;
        }
        case IR_st:
            store(A(0) + (uint64_t)i->imm, i->aux & IR_MO_SIZE_MASK, A(1));
            break;
        case IR_ldv: {
            char *slot = (char *)env + i->aux2;
            unsigned n = 1u << (i->aux & 7);
            memset(slot, 0, 16);
            memcpy(slot, (void *)(A(0) + (uint64_t)i->imm), n);
            break;
        }
        case IR_vop:
            ir_vop_exec(i, env);
            break;
        case IR_stv:
            memcpy((void *)(A(0) + (uint64_t)i->imm), (char *)env + i->aux2, 1u << (i->aux & 7));
            break;
        case IR_ldex: {
            unsigned sz = i->aux & IR_MO_SIZE_MASK;
            out = load(A(0), sz);
            env->excl_addr = A(0);
            env->excl_size = i->aux;
            env->excl_val = out;
            if (i->aux & IR_MO_PAIR) {
                /* pair: second element follows the first */
                env->excl_val_hi = load(A(0) + (1u << sz), sz);
            }
            break;
        }
        case IR_stex: {
            unsigned sz = i->aux & IR_MO_SIZE_MASK;
            /* ordering bits may differ (LDAXR then STLXR): compare size and pairing */
            uint32_t shape = IR_MO_SIZE_MASK | IR_MO_PAIR;
            bool ok = env->excl_addr == A(0) && (env->excl_size & shape) == (i->aux & shape) &&
                      load(A(0), sz) == env->excl_val &&
                      (!(i->aux & IR_MO_PAIR) || load(A(0) + (1u << sz), sz) == env->excl_val_hi);
            if (ok) {
                store(A(0), sz, A(1));
                if (i->aux & IR_MO_PAIR)
                    store(A(0) + (1u << sz), sz, A(2));
            }
            env->excl_addr = ~0ull;
            out = !ok;
            break;
        }
        case IR_clrex: env->excl_addr = ~0ull; break;
        case IR_cas: {
            unsigned sz = i->aux & IR_MO_SIZE_MASK;
            out = load(A(0), sz);
            if (out == (A(1) & size_mask(sz)))
                store(A(0), sz, A(2));
            break;
        }
        case IR_atomic: {
            unsigned sz = i->aux & IR_MO_SIZE_MASK;
            out = load(A(0), sz);
            store(A(0), sz, atomic_op(i->cond, out, A(1), sz));
            break;
        }
        case IR_barrier: __sync_synchronize(); break;
        case IR_call: {
            typedef uint64_t (*helper_fn)(void *, uint64_t, uint64_t, uint64_t);
            helper_fn fn = (helper_fn)(uintptr_t)i->imm;
            unsigned n = i->aux & IR_CALL_NARGS_MASK;
            out = fn(env, n > 0 ? A(0) : 0, n > 1 ? A(1) : 0, n > 2 ? A(2) : 0);
            m = ~0ull;
            break;
        }
        case IR_exit_if:
            if (A(0)) {
                env->pc = (uint64_t)i->imm;
                goto done;
            }
            break;
        case IR_goto_tb:
            env->pc = (uint64_t)i->imm;
            goto done;
        case IR_goto_ptr:
            env->pc = A(0);
            goto done;
        case IR_exit:
            env->pc = (uint64_t)i->imm;
            ret = i->aux;
            goto done;
        default:
            abort(); /* pure ops were evaluated by ir_eval_pure above */
        }
        if (ir_op_info[i->op].result) {
            /* I32 results are zero-extended; the 64-bit-only ops ignore type */
            val[r] = (i->op == IR_getenv || i->op == IR_const || i->op == IR_mov ||
                      i->op == IR_testflags || i->op == IR_rdflags) ? out : out & m;
        }
    }
done:
#undef A
    if (val != stackbuf)
        free(val);
    return ret;
}
