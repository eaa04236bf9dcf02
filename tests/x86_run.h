/*
 * Test harness for the x86-64 backend tests (test_x86_lower.c,
 * test_x86_golden.c): one RWX code buffer holding the backend prologue,
 * a helper to emit an IR block after it and run it on a struct a64_cpu
 * through the real enter() entry, and a helper to disassemble a block.
 */
#ifndef XEMU_TESTS_X86_RUN_H
#define XEMU_TESTS_X86_RUN_H

#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "xlat/aarch64/cpu.h"
#include "xlat/host-x86_64/x86.h"
#include "xlat/xlat.h"

#define XR_CODE_SIZE (1u << 20)

struct xrun {
    struct code_buf cb;
    uintptr_t (*enter)(struct xlat_env *, const void *);
    size_t base;            /* first byte after the prologue */
    size_t used;
    union {
        struct tb tb;
        char space[sizeof(struct tb) + 64 * sizeof(struct tb_exit)];
    } tbs[4];
    struct jc_entry jc[XLAT_JC_SIZE];
};

static inline void xrun_init(struct xrun *r)
{
    memset(r, 0, sizeof(*r));
    void *p = mmap(NULL, XR_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(p != MAP_FAILED);
    r->cb.rw = r->cb.rx = p;
    r->cb.size = XR_CODE_SIZE;
    r->base = host_x86_64.emit_prologue(&r->cb, r->cb.rw, XR_CODE_SIZE, &r->enter);
    cr_assert(r->base > 0 && r->enter);
    r->base = (r->base + 63) & ~(size_t)63;
    r->used = r->base;
}

static inline void xrun_fini(struct xrun *r)
{
    munmap(r->cb.rw, XR_CODE_SIZE);
}

/* emit b into slot `k` (0..3) of the buffer; returns its tb */
static inline struct tb *xrun_emit(struct xrun *r, const struct ir_block *b, unsigned k)
{
    if (r->used > XR_CODE_SIZE / 2)
        r->used = r->base;
    struct tb *tb = &r->tbs[k].tb;
    memset(tb, 0, sizeof(r->tbs[k]));
    tb->guest_pc = b->guest_pc;
    uint8_t *rw = r->cb.rw + r->used;
    size_t n = host_x86_64.emit_block(b, &r->cb, rw, XR_CODE_SIZE - r->used, tb);
    cr_assert(n > 0, "emit_block failed");
    cr_assert_eq(tb->host, r->cb.rx + r->used);
    r->used = (r->used + n + 15) & ~(size_t)15;
    return tb;
}

static inline void xrun_env_init(struct xrun *r, struct a64_cpu *c)
{
    memset(c, 0, sizeof(*c));
    c->hdr.jump_cache = r->jc;
    c->hdr.excl_addr = ~0ull;
    /* empty entries hold a pc that cannot hash to them (~0 hashes to the
     * last entry), so no guest pc ever matches an empty entry */
    for (unsigned k = 0; k < XLAT_JC_SIZE; k++)
        r->jc[k] = (struct jc_entry){ XLAT_JC_HASH(~0ull) == k ? 0 : ~0ull, NULL };
}

/* Run a block; a returned tb_exit pointer is checked against env->pc
 * and folded to XLAT_EXIT_LOOKUP, as ir_interp reports direct exits. */
static inline uint64_t xrun_go(struct xrun *r, struct tb *tb, struct a64_cpu *c)
{
    uintptr_t ret = r->enter(&c->hdr, tb->host);
    if (ret >= XLAT_EXIT_MAX) {
        struct tb_exit *e = (struct tb_exit *)ret;
        cr_assert(e >= tb->exits && e < tb->exits + tb->nexits, "stray exit pointer");
        cr_assert_eq(e->target_pc, c->hdr.pc);
        return XLAT_EXIT_LOOKUP;
    }
    return ret;
}

static inline uint64_t xrun_block(struct xrun *r, const struct ir_block *b, struct a64_cpu *c)
{
    return xrun_go(r, xrun_emit(r, b, 0), c);
}

/* "mnemonic op_str\n" lines of a block's code, up to its first stub */
static inline void xrun_disasm(struct tb *tb, size_t len, char *out, size_t outlen)
{
    csh cs;
    cr_assert_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
    cs_insn *insn;
    size_t n = cs_disasm(cs, tb->host, len, 0, 0, &insn);
    size_t pos = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && pos < outlen; i++)
        pos += (size_t)snprintf(out + pos, outlen - pos, "%s %s\n", insn[i].mnemonic,
                                insn[i].op_str);
    cs_free(insn, n);
    cs_close(&cs);
}

#endif
