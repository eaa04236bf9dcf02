/*
 * Textual IR, for `-d op` / `-d op_opt` and the optimizer tests.  One op a
 * line; a value-producing op is labelled with its ref:
 *
 *     %2 = add.i64.f %0, %1         width, .f when it sets NZCV
 *     %3 = const 0x10
 *     %4 = getenv.8 [env+0x48]      size in bytes
 *     setenv.4 [env+0x50], %2
 *     %5 = ld.s32.acq [%4+0x10]     memop: u/s + bits, .acq .rel .pair
 *     %6 = setcond.i32.ltu %2, %3
 *     %7 = testflags.ge
 *     %8 = call.rw 0x5555deadbeef(%2, %3)
 *     ldv.16 [%4+0x0], env+0x110
 *     exit_if %6, 0x400120
 *     exit 0x400124, syscall
 * ir_parse.c reads the same syntax back.
 */
#include <inttypes.h>
#include <stdio.h>

#include "xlat/ir.h"
#include "xlat/ir_text.h"
#include "xlat/xlat.h"
#include "xlat/ir_vop.h"

const char *const ir_cmp_names[12] = {
    "eq", "ne", "ltu", "geu", "leu", "gtu", "lt", "ge", "le", "gt", "tsteq", "tstne",
};
const char *const ir_cc_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};
const char *const ir_atomic_names[9] = {
    "add", "clr", "eor", "set", "smax", "smin", "umax", "umin", "swp",
};
const char *const ir_barrier_names[3] = { "full", "ld", "st" };
const char *const ir_exit_names[8] = {
    "0", "lookup", "request", "syscall", "undef", "brk", "fault", "halt",
};

static void memop_suffix(FILE *f, uint32_t mo, bool show_sign)
{
    fprintf(f, ".%c%u", show_sign && (mo & IR_MO_SIGN) ? 's' : 'u', 8u << (mo & IR_MO_SIZE_MASK));
    if (mo & IR_MO_ACQ)
        fputs(".acq", f);
    if (mo & IR_MO_REL)
        fputs(".rel", f);
    if (mo & IR_MO_PAIR)
        fputs(".pair", f);
}

static void addr(FILE *f, ir_ref base, int64_t off)
{
    if (off < 0)
        fprintf(f, "[%%%u-0x%" PRIx64 "]", base, (uint64_t)-off);
    else
        fprintf(f, "[%%%u+0x%" PRIx64 "]", base, (uint64_t)off);
}

void ir_dump_insn(const struct ir_block *b, ir_ref r, FILE *f)
{
    const struct ir_insn *i = &b->insn[r];
    const struct ir_op_info *info = &ir_op_info[i->op];
    if (info->result)
        fprintf(f, "%%%u = ", r);
    fputs(info->name, f);
    switch ((enum ir_op)i->op) {
    case IR_nop:
        break;
    case IR_insn_start:
    case IR_goto_tb:
        if (i->op == IR_goto_tb && (i->aux2 & IR_EXIT_NZCV_DEAD))
            fputs(".nzcv_dead", f);
        fprintf(f, " 0x%" PRIx64, (uint64_t)i->imm);
        break;
    case IR_const:
        fprintf(f, " 0x%" PRIx64, (uint64_t)i->imm);
        break;
    case IR_getenv:
        fprintf(f, ".%u [env+0x%" PRIx64 "]", 1u << i->aux, (uint64_t)i->imm);
        break;
    case IR_setenv:
        fprintf(f, ".%u [env+0x%" PRIx64 "], %%%u", 1u << i->aux, (uint64_t)i->imm, i->arg[0]);
        break;
    case IR_ld:
        fputs(i->type == IR_I32 ? ".i32" : ".i64", f);
        memop_suffix(f, i->aux, true);
        fputc(' ', f);
        addr(f, i->arg[0], i->imm);
        break;
    case IR_st:
        memop_suffix(f, i->aux, false);
        fputc(' ', f);
        addr(f, i->arg[0], i->imm);
        fprintf(f, ", %%%u", i->arg[1]);
        break;
    case IR_ldv:
    case IR_stv:
        fprintf(f, ".%u ", 1u << (i->aux & 7));
        addr(f, i->arg[0], i->imm);
        fprintf(f, ", env+0x%x", i->aux2);
        break;
    case IR_vop:
        fprintf(f, ".%s.%s%s%s env+0x%x, env+0x%x, env+0x%x",
                i->cond < IR_VOP_NUM ? ir_vop_names[i->cond] : "?",
                ir_vop_size_names[i->aux & IR_VOP_SIZE_MASK], i->aux & IR_VOP_Q ? ".q" : "",
                i->aux & IR_VOP_SCALAR ? ".sc" : "", i->aux2, ir_vop_src(i, 0), ir_vop_src(i, 1));
        if (ir_vop_is_fp(i->cond))
            fprintf(f, ", env+0x%x", ir_vop_src(i, 2));   /* FPCR/FPSR */
        if (IR_VOP_SHIFT(i->aux))
            fprintf(f, ", %u", IR_VOP_SHIFT(i->aux));         /* shift amount */
        if (i->aux & IR_VOP_BYELEM)
            fprintf(f, ", [%u]", IR_VOP_INDEX(i->aux));       /* m element */
        break;
    case IR_ldex:
    case IR_stex:
    case IR_cas:
    case IR_atomic:
        if (i->op == IR_atomic)
            fprintf(f, ".%s", i->cond < 9 ? ir_atomic_names[i->cond] : "?");
        memop_suffix(f, i->aux, false);
        for (unsigned k = 0; k < info->nargs && i->arg[k] != IR_NONE; k++)
            fprintf(f, "%s%%%u", k ? ", " : " ", i->arg[k]);
        break;
    case IR_barrier:
        fprintf(f, ".%s", i->aux < 3 ? ir_barrier_names[i->aux] : "?");
        break;
    case IR_testflags:
        fprintf(f, ".%s", ir_cc_names[i->cond & 15]);
        break;
    case IR_call: {
        unsigned n = i->aux & IR_CALL_NARGS_MASK;
        if (i->aux & IR_CALL_READS_ENV)
            fputs(".r", f);
        if (i->aux & IR_CALL_WRITES_ENV)
            fputs(".w", f);
        if (i->aux & IR_CALL_NORETURN)
            fputs(".noreturn", f);
        fprintf(f, " 0x%" PRIx64 "(", (uint64_t)i->imm);
        for (unsigned k = 0; k < n; k++)
            fprintf(f, "%s%%%u", k ? ", " : "", i->arg[k]);
        fputc(')', f);
        break;
    }
    case IR_exit_if:
        if (i->aux2 & IR_EXIT_NZCV_DEAD)
            fputs(".nzcv_dead", f);
        fprintf(f, " %%%u, 0x%" PRIx64, i->arg[0], (uint64_t)i->imm);
        break;
    case IR_goto_ptr:
        fprintf(f, " %%%u", i->arg[0]);
        break;
    case IR_exit:
        fprintf(f, " 0x%" PRIx64 ", %s", (uint64_t)i->imm,
                i->aux < 8 ? ir_exit_names[i->aux] : "?");
        break;
    default:
        /* plain arithmetic: .type[.cond][.f] args */
        fputs(i->type == IR_I32 ? ".i32" : ".i64", f);
        if (i->op == IR_setcond)
            fprintf(f, ".%s", i->cond < 12 ? ir_cmp_names[i->cond] : "?");
        if (i->op == IR_sext || i->op == IR_zext)
            fprintf(f, ".%u", 8u << i->aux);
        if (i->setflags)
            fputs(".f", f);
        for (unsigned k = 0; k < info->nargs; k++)
            fprintf(f, "%s%%%u", k ? ", " : " ", i->arg[k]);
        break;
    }
    fputc('\n', f);
}

void ir_dump(const struct ir_block *b, FILE *f)
{
    for (ir_ref r = 0; r < b->n; r++) {
        if (b->insn[r].op == IR_nop)
            continue;
        if (b->insn[r].op != IR_insn_start)
            fputs("    ", f);
        ir_dump_insn(b, r, f);
    }
}
