/*
 * Reads the textual IR written by ir_dump back into a block, so optimizer
 * tests can be written as "IR in, IR out" text.  Value labels (%N) in the
 * input may use any numbering; they are mapped to the new refs.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlat/ir.h"
#include "xlat/ir_text.h"
#include "xlat/xlat.h"
#include "xlat/ir_vop.h"

#define MAX_LABELS 4096

struct parser {
    struct ir_block *b;
    ir_ref label[MAX_LABELS];
    const char *p;          /* cursor in the current line */
    char *err;
    size_t errlen;
    int line;
};

static bool fail(struct parser *ps, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(ps->err, ps->errlen, "line %d: ", ps->line);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < ps->errlen)
        vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

static void skip_ws(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == ',')
        ps->p++;
}

static bool expect(struct parser *ps, const char *s)
{
    skip_ws(ps);
    size_t n = strlen(s);
    if (strncmp(ps->p, s, n))
        return fail(ps, "expected '%s' at '%s'", s, ps->p);
    ps->p += n;
    return true;
}

static bool number(struct parser *ps, uint64_t *v)
{
    skip_ws(ps);
    char *end;
    bool neg = *ps->p == '-';
    *v = strtoull(ps->p + neg, &end, 0);
    if (end == ps->p + neg)
        return fail(ps, "expected a number at '%s'", ps->p);
    if (neg)
        *v = (uint64_t)0 - *v;
    ps->p = end;
    return true;
}

static bool ref(struct parser *ps, ir_ref *r)
{
    uint64_t n;
    if (!expect(ps, "%") || !number(ps, &n))
        return false;
    if (n >= MAX_LABELS || ps->label[n] == IR_NONE)
        return fail(ps, "%%%" PRIu64 " is not defined before use", n);
    *r = ps->label[n];
    return true;
}

/* [%N+OFF] or [%N-OFF] */
static bool mem(struct parser *ps, ir_ref *base, int64_t *off)
{
    uint64_t v;
    if (!expect(ps, "[") || !ref(ps, base))
        return false;
    bool neg = *ps->p == '-';
    if (*ps->p != '+' && *ps->p != '-')
        return fail(ps, "expected +/- offset");
    ps->p++;
    if (!number(ps, &v) || !expect(ps, "]"))
        return false;
    *off = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}

/* Parse the ".a.b.c" suffixes of the mnemonic into the insn. */
static bool suffixes(struct parser *ps, struct ir_insn *i, char *sfx)
{
    for (char *save = NULL, *t = strtok_r(sfx, ".", &save); t; t = strtok_r(NULL, ".", &save)) {
        int k;
        if (i->op == IR_vop) {
            if ((k = lookup(ir_vop_names, IR_VOP_NUM, t)) >= 0)
                i->cond = (uint8_t)k;
            else if ((k = lookup(ir_vop_size_names, 4, t)) >= 0)
                i->aux = (i->aux & ~(uint32_t)IR_VOP_SIZE_MASK) | (uint32_t)k;
            else if (!strcmp(t, "q"))
                i->aux |= IR_VOP_Q;
            else if (!strcmp(t, "sc"))
                i->aux |= IR_VOP_SCALAR;
            else
                return fail(ps, "unknown vop suffix '.%s'", t);
            continue;
        }
        if (!strcmp(t, "i32"))
            i->type = IR_I32;
        else if (!strcmp(t, "i64"))
            i->type = IR_I64;
        else if (!strcmp(t, "f"))
            i->setflags = 1;
        else if (!strcmp(t, "acq"))
            i->aux |= IR_MO_ACQ;
        else if (!strcmp(t, "rel"))
            i->aux |= IR_MO_REL;
        else if (!strcmp(t, "pair"))
            i->aux |= IR_MO_PAIR;
        else if (!strcmp(t, "r") && i->op == IR_call)
            i->aux |= IR_CALL_READS_ENV;
        else if (!strcmp(t, "w") && i->op == IR_call)
            i->aux |= IR_CALL_WRITES_ENV;
        else if (!strcmp(t, "noreturn"))
            i->aux |= IR_CALL_NORETURN;
        else if (!strcmp(t, "nzcv_dead") && (i->op == IR_exit_if || i->op == IR_goto_tb))
            i->aux2 |= IR_EXIT_NZCV_DEAD;
        else if ((t[0] == 'u' || t[0] == 's') && isdigit((unsigned char)t[1])) {
            unsigned bits = (unsigned)atoi(t + 1);
            unsigned lg = bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : bits == 64 ? 3 : 9;
            if (lg > 3)
                return fail(ps, "bad access size %s", t);
            i->aux = (i->aux & ~(uint32_t)IR_MO_SIZE_MASK) | lg | (t[0] == 's' ? IR_MO_SIGN : 0);
        } else if (isdigit((unsigned char)t[0])) {
            unsigned n = (unsigned)atoi(t);
            if (i->op == IR_sext || i->op == IR_zext)
                i->aux = n == 8 ? 0 : n == 16 ? 1 : 2;
            else /* getenv/setenv/ldv/stv byte sizes */
                i->aux = (uint32_t)__builtin_ctz(n);
        } else if (i->op == IR_setcond && (k = lookup(ir_cmp_names, 12, t)) >= 0)
            i->cond = (uint8_t)k;
        else if (i->op == IR_testflags && (k = lookup(ir_cc_names, 16, t)) >= 0)
            i->cond = (uint8_t)k;
        else if (i->op == IR_atomic && (k = lookup(ir_atomic_names, 9, t)) >= 0)
            i->cond = (uint8_t)k;
        else if (i->op == IR_barrier && (k = lookup(ir_barrier_names, 3, t)) >= 0)
            i->aux = (uint32_t)k;
        else
            return fail(ps, "unknown suffix '.%s'", t);
    }
    return true;
}

static bool parse_line(struct parser *ps)
{
    uint64_t label = ~0ull, v;
    skip_ws(ps);
    if (*ps->p == '%') {
        ps->p++;
        if (!number(ps, &label) || !expect(ps, "="))
            return false;
        if (label >= MAX_LABELS)
            return fail(ps, "label too large");
    }
    skip_ws(ps);
    char mnem[64];
    size_t n = strcspn(ps->p, " \t");
    if (n == 0 || n >= sizeof(mnem))
        return fail(ps, "expected an op name");
    memcpy(mnem, ps->p, n);
    mnem[n] = 0;
    ps->p += n;
    char *dot = strchr(mnem, '.');
    if (dot)
        *dot++ = 0;
    int op = -1;
    for (int k = 0; k < IR_NUM_OPS; k++)
        if (!strcmp(ir_op_info[k].name, mnem))
            op = k;
    if (op < 0)
        return fail(ps, "unknown op '%s'", mnem);

    ir_ref r = ir_emit(ps->b, (enum ir_op)op, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
    struct ir_insn *i = &ps->b->insn[r];
    if (dot && !suffixes(ps, i, dot))
        return false;
    const struct ir_op_info *info = &ir_op_info[op];
    if ((label != ~0ull) != (info->result != 0))
        return fail(ps, "'%s' %s a result label", mnem, info->result ? "needs" : "takes no");

    switch ((enum ir_op)op) {
    case IR_nop:
    case IR_clrex:
    case IR_barrier:
    case IR_testflags:
    case IR_rdflags:
        break;
    case IR_insn_start:
    case IR_goto_tb:
    case IR_const:
        if (!number(ps, &v))
            return false;
        i->imm = (int64_t)v;
        break;
    case IR_getenv:
        if (!expect(ps, "[env+") || !number(ps, &v) || !expect(ps, "]"))
            return false;
        i->imm = (int64_t)v;
        break;
    case IR_setenv:
        if (!expect(ps, "[env+") || !number(ps, &v) || !expect(ps, "]") || !ref(ps, &i->arg[0]))
            return false;
        i->imm = (int64_t)v;
        break;
    case IR_ld:
        if (!mem(ps, &i->arg[0], &i->imm))
            return false;
        break;
    case IR_st:
        if (!mem(ps, &i->arg[0], &i->imm) || !ref(ps, &i->arg[1]))
            return false;
        break;
    case IR_ldv:
    case IR_stv:
        if (!mem(ps, &i->arg[0], &i->imm) || !expect(ps, "env+") || !number(ps, &v))
            return false;
        i->aux2 = (uint32_t)v;
        break;
    case IR_vop: {
        uint64_t n, m;
        if (!expect(ps, "env+") || !number(ps, &v) || !expect(ps, "env+") || !number(ps, &n) ||
            !expect(ps, "env+") || !number(ps, &m))     /* skip_ws eats the commas */
            return false;
        if (v > 0xffff || n > 0xffff || m > 0xffff)
            return fail(ps, "vop env offset too large");
        i->aux2 = (uint32_t)v;
        i->imm = (int64_t)(n | m << 16);
        if (ir_vop_is_fp(i->cond)) {            /* control/status words */
            if (!expect(ps, "env+") || !number(ps, &v))
                return false;
            if (v > 0xffff)
                return fail(ps, "vop env offset too large");
            i->imm |= (int64_t)(v << 32);
        }
        skip_ws(ps);
        if (isdigit((unsigned char)*ps->p)) {   /* shift amount */
            if (!number(ps, &v))
                return false;
            if (v > 64)
                return fail(ps, "vop shift too large");
            i->aux |= (uint32_t)v << 8;
        }
        skip_ws(ps);
        if (*ps->p == '[') {                    /* by element: m[index] (IR_VOP_BYELEM) */
            if (!expect(ps, "[") || !number(ps, &v) || !expect(ps, "]"))
                return false;
            if (v > 15)
                return fail(ps, "vop element index too large");
            i->aux |= IR_VOP_BYELEM | (uint32_t)v << 16;
        }
        break;
    }
    case IR_call:
        if (!number(ps, &v) || !expect(ps, "("))
            return false;
        i->imm = (int64_t)v;
        for (unsigned k = 0; k < 3; k++) {
            skip_ws(ps);
            if (*ps->p == ')')
                break;
            if (!ref(ps, &i->arg[k]))
                return false;
            i->aux = (i->aux & ~(uint32_t)IR_CALL_NARGS_MASK) | (k + 1);
        }
        if (!expect(ps, ")"))
            return false;
        break;
    case IR_exit_if:
        if (!ref(ps, &i->arg[0]) || !number(ps, &v))
            return false;
        i->imm = (int64_t)v;
        break;
    case IR_exit: {
        if (!number(ps, &v))
            return false;
        i->imm = (int64_t)v;
        skip_ws(ps);
        int k = lookup(ir_exit_names, 8, ps->p);
        if (k < 0)
            return fail(ps, "unknown exit reason '%s'", ps->p);
        i->aux = (uint32_t)k;
        ps->p += strlen(ps->p);
        break;
    }
    default:
        for (unsigned k = 0; k < info->nargs; k++) {
            skip_ws(ps);
            if (!*ps->p && (op == IR_stex || op == IR_call))
                break;
            if (!ref(ps, &i->arg[k]))
                return false;
        }
        break;
    }
    skip_ws(ps);
    if (*ps->p)
        return fail(ps, "trailing text '%s'", ps->p);
    if (label != ~0ull)
        ps->label[label] = r;
    return true;
}

bool ir_parse(struct ir_block *b, const char *text, char *err, size_t errlen)
{
    struct parser *ps = malloc(sizeof(*ps));
    if (!ps)
        return false;
    ps->b = b;
    ps->err = err;
    ps->errlen = errlen;
    ps->line = 0;
    for (unsigned k = 0; k < MAX_LABELS; k++)
        ps->label[k] = IR_NONE;
    bool ok = true;
    while (ok && *text) {
        size_t n = strcspn(text, "\n");
        char line[512];
        ps->line++;
        if (n >= sizeof(line)) {
            ok = fail(ps, "line too long");
            break;
        }
        memcpy(line, text, n);
        line[n] = 0;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        ps->p = line;
        skip_ws(ps);
        if (*ps->p)
            ok = parse_line(ps);
        text += n + (text[n] == '\n');
    }
    free(ps);
    return ok && ir_validate(b, err, errlen);
}
