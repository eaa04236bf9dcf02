/*
 * The translator core's public interface: the guest-state header every
 * guest CPU state starts with, the execution-loop protocol between
 * generated code and C, and the two plug points (guest frontend, host
 * backend).  Knows nothing of Linux.
 *
 * Protocol between generated code and the loop (xlat/exec.c):
 *   - The loop enters code through the backend's prologue,
 *       uintptr_t enter(struct xlat_env *env, const void *host_code),
 *     which saves callee-saved host registers, pins env in a host
 *     register and jumps to host_code.
 *   - Generated code returns (through the shared epilogue) a value that is
 *     either a small `enum xlat_exit` code (< XLAT_EXIT_MAX), with
 *     env->pc holding the guest pc to continue at, or a pointer to the
 *     `struct tb_exit` of an unchained direct exit (env->pc set too): the
 *     loop finds or translates the target and patches the exit's jump so
 *     the next time control goes straight to the target.
 *   - Every block starts by testing env->exit_request; if non-zero it sets
 *     env->pc to the block's pc and returns XLAT_EXIT_REQUEST.
 *   - goto_ptr looks the target up inline in env->jump_cache (hash
 *     XLAT_JC_HASH); on a miss it sets env->pc and returns XLAT_EXIT_LOOKUP.
 */
#ifndef XEMU_XLAT_XLAT_H
#define XEMU_XLAT_XLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xlat/ir.h"

enum xlat_exit {
    XLAT_EXIT_LOOKUP = 1,   /* indirect branch missed the jump cache */
    XLAT_EXIT_REQUEST,      /* env->exit_request was set */
    XLAT_EXIT_SYSCALL,      /* guest syscall; env->pc is the insn after it */
    XLAT_EXIT_UNDEF,        /* undefined/unimplemented insn at env->pc */
    XLAT_EXIT_BRK,          /* breakpoint insn at env->pc; env->exit_info = imm */
    XLAT_EXIT_FAULT,        /* helper-detected fault; env->exit_info = address */
    XLAT_EXIT_HALT,         /* thread finished (exit syscall handled) */
    XLAT_EXIT_MAX = 4096,
};

struct jc_entry {
    uint64_t guest_pc;
    const void *host;       /* rx address of the block's code */
};
#define XLAT_JC_BITS 12
#define XLAT_JC_SIZE (1u << XLAT_JC_BITS)
#define XLAT_JC_HASH(pc) (((pc) >> 2) & (XLAT_JC_SIZE - 1))

/* First member of every guest CPU state.  Offsets are part of the ABI with
 * generated code: the backend uses offsetof() on these fields. */
struct xlat_env {
    volatile uint32_t exit_request;
    uint8_t nf, zf, cf, vf;     /* NZCV, each 0 or 1 */
    uint64_t pc;
    struct jc_entry *jump_cache;
    uint64_t exit_info;
    /* exclusive monitor (ldex/stex) */
    uint64_t excl_addr;         /* -1 when the monitor is clear */
    uint64_t excl_val;
    uint64_t excl_val_hi;       /* second word of a pair */
    uint32_t excl_size;         /* memop of the ldex */
    /* last synchronous fault (XLAT_EXIT_FAULT): host signal and si_code;
     * 0 when the loop raised it itself (unreadable or misaligned pc) */
    int16_t fault_signal, fault_code;
    void *thread;               /* the struct xlat_thread running this env */
};

/* Options that affect translation (set from -d / -one-insn-per-tb). */
struct xlat_opts {
    bool one_insn_per_tb;
    bool interp;            /* run IR through ir_interp instead of host code */
    bool no_opt;            /* skip the optimizer */
    bool no_chain;          /* never patch direct exits */
    unsigned log;           /* XLAT_LOG_* mask */
    FILE *logf;
    FILE *perfmap;          /* /tmp/perf-PID.map for `perf report`, or NULL */
};
enum {
    XLAT_LOG_IN_ASM  = 1 << 0,
    XLAT_LOG_OP      = 1 << 1,
    XLAT_LOG_OP_OPT  = 1 << 2,
    XLAT_LOG_OUT_ASM = 1 << 3,
    XLAT_LOG_EXEC    = 1 << 4,
    XLAT_LOG_UNIMP   = 1 << 5,
    XLAT_LOG_STRACE  = 1 << 6,
    XLAT_LOG_CHAIN   = 1 << 7,
};
extern struct xlat_opts xlat_opts;

/* A guest ISA.  translate_block fills b with the IR of the block at pc
 * (it stops at a branch, a syscall, or max_insns) and returns false if
 * code at pc cannot be read (the loop then raises a fetch fault). */
struct guest_frontend {
    const char *name;
    bool (*translate_block)(struct ir_block *b, uint64_t pc, unsigned max_insns);
    /* capstone arch/mode for -d in_asm */
    int cs_arch, cs_mode;
};

/* A translated block. */
struct tb_exit {
    uint64_t target_pc;
    uint32_t patch_off;     /* offset of the rel32 field of the jump, from tb->host */
    uint32_t stub_off;      /* offset of the unchained stub, from tb->host */
    struct tb *tb;
};
struct tb {
    uint64_t guest_pc;
    uint32_t guest_bytes;
    uint32_t host_size;
    uint8_t *host;          /* rx address */
    struct tb *hash_next;
    struct ir_block *ir;    /* kept only in interpreter mode (-d interp) */
    uint32_t npeeks;        /* guest code read outside the block (ir.h) */
    struct ir_peek peeks[IR_MAX_PEEKS];
    uint32_t nexits;
    struct tb_exit exits[]; /* direct exits (exit_if, goto_tb) in order */
};

/* Code buffer: one memfd mapped twice, RW for writing and RX for running. */
struct code_buf {
    uint8_t *rw, *rx;
    size_t size, used;
};
static inline uint8_t *cb_rx_of(const struct code_buf *cb, const uint8_t *rw)
{
    return cb->rx + (rw - cb->rw);
}
static inline uint8_t *cb_rw_of(const struct code_buf *cb, const uint8_t *rx)
{
    return cb->rw + (rx - cb->rx);
}

/* The host backend (xlat/host-x86_64/).  */
struct host_backend {
    /* Emit the shared prologue/epilogue at rw[0..]; returns bytes used.
     * *enter receives the rx address of the entry function. */
    size_t (*emit_prologue)(struct code_buf *cb, uint8_t *rw, size_t avail,
                            uintptr_t (**enter)(struct xlat_env *, const void *));
    /* Lower an (optimized) block to host code at rw, at most avail bytes.
     * tb is allocated by the caller with room for one tb_exit per
     * exit_if/goto_tb op of b; the backend fills tb->exits (in IR order:
     * target_pc, patch_off, stub_off, tb) and tb->nexits, and the stub of
     * exit i returns &tb->exits[i].  tb->host is the rx address of rw.
     * Returns bytes written, or 0 if the code did not fit (the caller
     * flushes the cache and tries again). */
    size_t (*emit_block)(const struct ir_block *b, struct code_buf *cb, uint8_t *rw,
                         size_t avail, struct tb *tb);
    /* Point the direct jump of an exit at target (an rx address). */
    void (*patch_exit)(struct code_buf *cb, struct tb *tb, struct tb_exit *e,
                       const void *target);
    /* Point it back at its own stub. */
    void (*unpatch_exit)(struct code_buf *cb, struct tb *tb, struct tb_exit *e);
    /* Guest pc of the instruction whose host code contains host+off, for
     * the block b was emitted from at host (same optimized IR).  Not
     * async-signal-safe. */
    uint64_t (*guest_pc_at)(const struct ir_block *b, const void *host, size_t off);
    int cs_arch, cs_mode;   /* capstone, for -d out_asm */
};
extern const struct host_backend host_x86_64;

/* Optimizer: runs every pass in order. */
void opt_block(struct ir_block *b);

/* Execution loop.  Runs env until a handler decides to stop the thread;
 * `handle_exit` is called for every XLAT_EXIT_{SYSCALL,UNDEF,BRK,FAULT,
 * REQUEST} and returns false to make xlat_run return. */
struct xlat_thread_ops {
    bool (*handle_exit)(struct xlat_env *env, enum xlat_exit why);
};
void xlat_init(const struct guest_frontend *fe);
int  xlat_run(struct xlat_env *env, const struct xlat_thread_ops *ops);
/* Forget every translation of guest code in [start, end) (munmap,
 * mprotect, IC IVAU).  Safe to call from helpers and syscalls. */
void xlat_invalidate(uint64_t start, uint64_t end);
/* Set up env's header and jump cache and register it (one per guest
 * thread); xlat_env_release undoes that when the thread is gone. */
void xlat_env_init(struct xlat_env *env);
void xlat_env_release(struct xlat_env *env);

/* For the host fault handler: true if host_pc is in translated code.  The
 * handler then calls xlat_fault_longjmp (async-signal-safe), which leaves
 * the generated code for the loop of the current thread; the loop maps the
 * host pc to the guest pc (env is exact at memory ops, see opt_envfwd.c)
 * and reports XLAT_EXIT_FAULT with env->exit_info = the fault address and
 * env->fault_signal/fault_code set. */
bool xlat_in_code(uintptr_t host_pc);
_Noreturn void xlat_fault_longjmp(uintptr_t host_pc, uint64_t addr, int sig, int code);

#endif
