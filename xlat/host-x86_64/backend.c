/*
 * The x86-64 host backend descriptor (struct host_backend, xlat/xlat.h):
 * the enter() prologue and shared epilogue, block emission (lower.c) and
 * patching of direct exits.  Used by the code cache / execution loop.
 */
#include <capstone/capstone.h>
#include <cpuid.h>
#include <unistd.h>
#include <string.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/host-x86_64/x86.h"
#include "xlat/xlat.h"

struct x86_features x86_features;
const uint8_t *x86_epilogue_rx;

void x86_detect_features(void)
{
    unsigned a, b, c, d;
    memset(&x86_features, 0, sizeof(x86_features));
    if (__get_cpuid(0x80000001u, &a, &b, &c, &d))
        x86_features.lzcnt = (c >> 5) & 1;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        x86_features.aes = (c >> 25) & 1;
        x86_features.pclmul = (c >> 1) & 1;
    }
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 12)) && (c & (1u << 27)) &&
        (c & (1u << 28))) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        x86_features.fma = (lo & 6) == 6;       /* OS saves xmm and ymm state */
    }
    if (__get_cpuid_max(0, NULL) >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        x86_features.bmi1 = (b >> 3) & 1;
        x86_features.bmi2 = (b >> 8) & 1;
        x86_features.sha = (b >> 29) & 1;
    }
    /* the vector lowering (lower_vec.c) emits SSE4.1/4.2 unconditionally */
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || !(c & (1u << 20))) {
        static const char msg[] = "xemu: this host CPU lacks SSE4.2, which xemu's x86-64 "
                                  "backend requires\n";
        (void)!write(2, msg, sizeof(msg) - 1);
        _exit(127);
    }
}

static const int saved[] = { RBX, RBP, R12, R13, R14, R15 };
#define NSAVED (sizeof(saved) / sizeof(saved[0]))

void x86_emit_epilogue(struct xbuf *xb)
{
    x_alu_rmi(xb, XADD, 8, XR(RSP), X86_FRAME_SIZE);
    for (int k = NSAVED - 1; k >= 0; k--)
        x_pop(xb, saved[k]);
    x_ret(xb);
}

/* enter(env, code): save callee-saved registers, set up the frame, pin
 * env in rbp and jump to code.  The epilogue follows it. */
static size_t x86_emit_prologue(struct code_buf *cb, uint8_t *rw, size_t avail,
                                uintptr_t (**enter)(struct xlat_env *, const void *))
{
    static bool detected;
    if (!detected) {
        x86_detect_features();
        detected = true;
    }
    struct xbuf xb;
    xb_init(&xb, rw, avail);
    for (unsigned k = 0; k < NSAVED; k++)
        x_push(&xb, saved[k]);
    x_alu_rmi(&xb, XSUB, 8, XR(RSP), X86_FRAME_SIZE);
    x_mov_rmr(&xb, 8, XR(X86_ENV), RDI);
    x_jmp_rm(&xb, XR(RSI));
    while (xb_off(&xb) & 15)
        x_byte(&xb, 0xcc);
    uint8_t *epi = xb.p;
    x86_emit_epilogue(&xb);
    if (xb.overflow)
        return 0;
    x86_epilogue_rx = cb ? cb_rx_of(cb, epi) : epi;
    if (enter)
        *enter = (uintptr_t (*)(struct xlat_env *, const void *))(void *)(cb ? cb_rx_of(cb, rw) : rw);
    return xb_off(&xb);
}

static size_t x86_emit_block_cb(const struct ir_block *b, struct code_buf *cb, uint8_t *rw,
                                size_t avail, struct tb *tb)
{
    return x86_emit_block(b, cb, rw, avail, tb);
}

static void write_rel32(struct code_buf *cb, struct tb *tb, struct tb_exit *e,
                        const uint8_t *target)
{
    uint8_t *field_rx = tb->host + e->patch_off;
    int32_t rel = (int32_t)(target - (field_rx + 4));
    uint8_t *field_rw = cb ? cb_rw_of(cb, field_rx) : field_rx;
    /* the field is 4-byte aligned, so this store is atomic for other
     * threads running the code */
    __atomic_store_n((int32_t *)(void *)field_rw, rel, __ATOMIC_RELEASE);
}

static void x86_patch_exit(struct code_buf *cb, struct tb *tb, struct tb_exit *e,
                           const void *target)
{
    write_rel32(cb, tb, e, target);
}

static void x86_unpatch_exit(struct code_buf *cb, struct tb *tb, struct tb_exit *e)
{
    write_rel32(cb, tb, e, tb->host + e->stub_off);
}

const struct host_backend host_x86_64 = {
    .emit_prologue = x86_emit_prologue,
    .emit_block = x86_emit_block_cb,
    .patch_exit = x86_patch_exit,
    .unpatch_exit = x86_unpatch_exit,
    .guest_pc_at = x86_guest_pc_at,
    .cs_arch = CS_ARCH_X86,
    .cs_mode = CS_MODE_64,
};
