/*
 * The `vop` IR op (see ir_vop.h): builder, names for the text form, the
 * size rules and the reference semantics that ir_interp runs and the x86
 * backend is co-simulated against.
 */
#include <string.h>

#include "xlat/ir_vop.h"

const char *const ir_vop_names[IR_VOP_NUM] = {
    "add", "sub", "mul", "cmeq", "cmtst", "cmgt", "cmge", "cmhi", "cmhs",
    "smax", "smin", "umax", "umin", "abs", "neg", "not",
    "cmeq0", "cmge0", "cmgt0", "cmle0", "cmlt0", "shl", "ushr", "sshr", "mla", "mls", "zip1", "zip2", "fadd", "fsub", "fmul", "fdiv", "fmla", "fmls",
    "aese", "aesd", "aesmc", "aesimc", "pmull", "sha256h", "sha256h2", "sha256su0", "sha256su1",
};

void (*ir_vop_fp_exact)(void *env, const struct ir_insn *i);
void (*ir_vop_crypto_exact)(void *env, const struct ir_insn *i);
const char *const ir_vop_size_names[4] = { "b", "h", "s", "d" };

bool ir_vop_valid(unsigned op, unsigned size)
{
    if (size > 3)
        return false;
    switch (op) {
    case IR_VOP_ADD: case IR_VOP_SUB:
    case IR_VOP_CMEQ: case IR_VOP_CMTST: case IR_VOP_CMGT: case IR_VOP_CMGE:
        return true;
    case IR_VOP_CMHI: case IR_VOP_CMHS:
    case IR_VOP_SMAX: case IR_VOP_SMIN: case IR_VOP_UMAX: case IR_VOP_UMIN:
        return size <= 2;
    case IR_VOP_MUL: case IR_VOP_MLA: case IR_VOP_MLS:
        return size == 1 || size == 2;     /* no byte multiply in SSE */
    case IR_VOP_FADD: case IR_VOP_FSUB: case IR_VOP_FMUL: case IR_VOP_FDIV:
    case IR_VOP_FMLA: case IR_VOP_FMLS:
        return size == 2 || size == 3;
    case IR_VOP_ABS:
        return size <= 2;                   /* pabsb/w/d */
    case IR_VOP_NEG:
    case IR_VOP_CMEQ0: case IR_VOP_CMGE0: case IR_VOP_CMGT0: case IR_VOP_CMLE0: case IR_VOP_CMLT0:
        return true;
    case IR_VOP_NOT:
        return size == 0;
    case IR_VOP_SHL: case IR_VOP_USHR:
        return size >= 1;                   /* no byte shifts in SSE */
    case IR_VOP_SSHR:
        return size == 1 || size == 2;      /* psraw/psrad */
    case IR_VOP_ZIP1: case IR_VOP_ZIP2:
        return true;
    case IR_VOP_AESE: case IR_VOP_AESD: case IR_VOP_AESMC: case IR_VOP_AESIMC:
        return size == 0;
    case IR_VOP_PMULL:
        return size == 3;
    case IR_VOP_SHA256H: case IR_VOP_SHA256H2: case IR_VOP_SHA256SU0: case IR_VOP_SHA256SU1:
        return size == 2;
    default:
        return false;
    }
}

void ir_vop(struct ir_block *b, enum ir_vop op, unsigned size, bool q,
            uint32_t dst, uint32_t n, uint32_t m)
{
    ir_ref r = ir_emit(b, IR_vop, IR_I64, IR_NONE, IR_NONE, IR_NONE,
                       (int64_t)((uint64_t)n | (uint64_t)m << 16),
                       (size & IR_VOP_SIZE_MASK) | (q ? IR_VOP_Q : 0));
    b->insn[r].cond = (uint8_t)op;
    b->insn[r].aux2 = dst;
}

void ir_vop_fp(struct ir_block *b, enum ir_vop op, unsigned size, bool q, bool scalar,
               uint32_t dst, uint32_t n, uint32_t m, uint32_t ctl)
{
    ir_vop(b, op, size, q, dst, n, m);
    struct ir_insn *i = &b->insn[b->n - 1];
    i->imm |= (int64_t)((uint64_t)ctl << 32);
    if (scalar)
        i->aux |= IR_VOP_SCALAR;
}

void ir_vop_shift(struct ir_block *b, enum ir_vop op, unsigned size, bool q, uint32_t dst,
                  uint32_t n, unsigned sh)
{
    ir_vop(b, op, size, q, dst, n, n);
    b->insn[b->n - 1].aux |= (sh & 0xff) << 8;
}

void ir_vop_byelem(struct ir_block *b, unsigned index)
{
    b->insn[b->n - 1].aux |= IR_VOP_BYELEM | (index & 0xf) << 16;
}

void ir_vop_exec_packed(void *env, uint64_t imm, uint64_t rest)
{
    struct ir_insn i = { .op = IR_vop, .cond = (uint8_t)rest, .aux = (uint32_t)(rest >> 32),
                         .aux2 = (uint32_t)(rest >> 8) & 0xffff, .imm = (int64_t)imm };
    ir_vop_exec(&i, env);
}

static uint64_t elem(const uint8_t *v, unsigned k, unsigned bytes)
{
    uint64_t x = 0;
    memcpy(&x, v + k * bytes, bytes);
    return x;
}

static int64_t sext(uint64_t x, unsigned bits)
{
    return bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static uint64_t one(unsigned op, uint64_t n, uint64_t m, unsigned bits, unsigned sh, uint64_t d)
{
    int64_t sn = sext(n, bits), sm = sext(m, bits);
    switch (op) {
    case IR_VOP_ABS: return (uint64_t)(sn < 0 ? -sn : sn);
    case IR_VOP_NEG: return (uint64_t)0 - n;
    case IR_VOP_NOT: return ~n;
    case IR_VOP_CMEQ0: return n == 0 ? ~0ull : 0;
    case IR_VOP_CMGE0: return sn >= 0 ? ~0ull : 0;
    case IR_VOP_CMGT0: return sn > 0 ? ~0ull : 0;
    case IR_VOP_CMLE0: return sn <= 0 ? ~0ull : 0;
    case IR_VOP_CMLT0: return sn < 0 ? ~0ull : 0;
    case IR_VOP_SHL: return sh >= bits ? 0 : n << sh;
    case IR_VOP_USHR: return sh >= bits ? 0 : n >> sh;
    case IR_VOP_SSHR: return (uint64_t)(sn >> (sh >= bits ? bits - 1 : sh));
    case IR_VOP_ADD: return n + m;
    case IR_VOP_SUB: return n - m;
    case IR_VOP_MUL: return n * m;
    case IR_VOP_MLA: return d + n * m;
    case IR_VOP_MLS: return d - n * m;
    case IR_VOP_CMEQ: return n == m ? ~0ull : 0;
    case IR_VOP_CMTST: return (n & m) ? ~0ull : 0;
    case IR_VOP_CMGT: return sn > sm ? ~0ull : 0;
    case IR_VOP_CMGE: return sn >= sm ? ~0ull : 0;
    case IR_VOP_CMHI: return n > m ? ~0ull : 0;
    case IR_VOP_CMHS: return n >= m ? ~0ull : 0;
    case IR_VOP_SMAX: return (uint64_t)(sn > sm ? sn : sm);
    case IR_VOP_SMIN: return (uint64_t)(sn < sm ? sn : sm);
    case IR_VOP_UMAX: return n > m ? n : m;
    case IR_VOP_UMIN: return n < m ? n : m;
    default: return 0;
    }
}

void ir_vop_exec(const struct ir_insn *i, void *env)
{
    if (ir_vop_is_fp(i->cond)) {
        ir_vop_fp_exact(env, i);
        return;
    }
    if (ir_vop_is_crypto(i->cond)) {
        ir_vop_crypto_exact(env, i);
        return;
    }
    uint8_t n[16], m[16], d[16] = { 0 }, acc[16];
    unsigned bytes = 1u << (i->aux & IR_VOP_SIZE_MASK), bits = 8 * bytes;
    unsigned len = (i->aux & IR_VOP_Q) ? 16 : 8;
    memcpy(n, (char *)env + ir_vop_src(i, 0), 16);
    memcpy(m, (char *)env + ir_vop_src(i, 1), 16);
    memcpy(acc, (char *)env + i->aux2, 16);
    if (i->cond == IR_VOP_ZIP1 || i->cond == IR_VOP_ZIP2) {
        unsigned pairs = len / bytes / 2, base = i->cond == IR_VOP_ZIP2 ? pairs : 0;
        for (unsigned p = 0; p < pairs; p++) {
            memcpy(d + 2 * p * bytes, n + (base + p) * bytes, bytes);
            memcpy(d + (2 * p + 1) * bytes, m + (base + p) * bytes, bytes);
        }
        memcpy((char *)env + i->aux2, d, 16);
        return;
    }
    for (unsigned k = 0; k < len / bytes; k++) {
        uint64_t r = one(i->cond, elem(n, k, bytes), elem(m, k, bytes), bits, IR_VOP_SHIFT(i->aux),
                         elem(acc, k, bytes));
        memcpy(d + k * bytes, &r, bytes);
    }
    memcpy((char *)env + i->aux2, d, 16);
}
