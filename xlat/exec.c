/*
 * The execution loop: find or translate the block at env->pc, run it, and
 * act on how it came back (chain a direct exit, fill the jump cache after
 * an indirect miss, or hand syscalls/faults to the caller's handler).
 * See xlat.h for the protocol with generated code.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "xlat/codecache.h"
#include "xlat/disas.h"
#include "xlat/xlat.h"

struct xlat_opts xlat_opts;

#define CODE_CACHE_SIZE (256u << 20)
#define MAX_BLOCK_INSNS 128

static const struct guest_frontend *frontend;
static const struct host_backend *backend;
static uintptr_t (*enter_code)(struct xlat_env *, const void *);
static size_t prologue_size;
static struct ir_block scratch_ir;
static volatile unsigned flush_gen; /* bumped by every cache flush */
static volatile bool flush_pending; /* set by xlat_invalidate */
static __thread unsigned seen_gen;  /* flush_gen this thread's jump cache is valid for */

/* Every guest thread's env, so invalidation can stop them all. */
static pthread_mutex_t envs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xlat_env **envs;
static size_t nenvs, envs_cap;

/* A host fault in translated code leaves through here (see xlat.h). */
static __thread sigjmp_buf fault_jmp;
static __thread volatile bool fault_armed;
static __thread volatile uintptr_t fault_host_pc;
static __thread volatile uint64_t fault_addr;
static __thread volatile int fault_sig, fault_code;

static void die(const char *msg)
{
    fprintf(stderr, "xemu: %s\n", msg);
    exit(127);
}

void xlat_init(const struct guest_frontend *fe)
{
    frontend = fe;
    if (!xlat_opts.logf)
        xlat_opts.logf = stderr;
    ir_block_init(&scratch_ir, 0);
    if (xlat_opts.interp)
        return;
    backend = &host_x86_64;
    if (!backend->emit_block)
        die("this build has no host backend; run with -d interp");
    if (!codecache_init(CODE_CACHE_SIZE))
        die("cannot map the code cache");
    prologue_size = backend->emit_prologue(&code_cache, code_cache.rw, code_cache.size,
                                           &enter_code);
    code_cache.used = prologue_size;
}

/* An empty entry holds a pc that hashes to a different entry, so no
 * guest pc (not even a wild one) can ever match it and jump to NULL. */
static void jump_cache_clear(struct xlat_env *env)
{
    for (unsigned i = 0; i < XLAT_JC_SIZE; i++) {
        env->jump_cache[i].guest_pc = (uint64_t)((i + 1) & (XLAT_JC_SIZE - 1)) << 2;
        env->jump_cache[i].host = NULL;
    }
}

void xlat_env_init(struct xlat_env *env)
{
    memset(env, 0, sizeof(*env));
    env->excl_addr = ~0ull;
    env->jump_cache = calloc(XLAT_JC_SIZE, sizeof(struct jc_entry));
    if (!env->jump_cache)
        die("out of memory");
    jump_cache_clear(env);
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs; i++)
        if (envs[i] == env) {
            pthread_mutex_unlock(&envs_lock);
            return;
        }
    if (nenvs == envs_cap) {
        envs_cap = envs_cap ? envs_cap * 2 : 16;
        struct xlat_env **n = realloc(envs, envs_cap * sizeof(*n));
        if (!n)
            die("out of memory");
        envs = n;
    }
    envs[nenvs++] = env;
    pthread_mutex_unlock(&envs_lock);
}

void xlat_env_release(struct xlat_env *env)
{
    bool found = false;
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs && !found; i++)
        if (envs[i] == env) {
            envs[i] = envs[--nenvs];
            found = true;
        }
    pthread_mutex_unlock(&envs_lock);
    if (found) {
        free(env->jump_cache);
        env->jump_cache = NULL;
    }
}


/* Other threads' jump caches are cleared by each thread itself when it
 * sees the new flush_gen at the top of its loop. */
static void flush_all(struct xlat_env *env)
{
    if (xlat_opts.interp)
        tb_free_all();
    else
        codecache_flush(prologue_size);
    flush_gen++;
    jump_cache_clear(env);
    seen_gen = flush_gen;
    flush_pending = false;
}

void xlat_invalidate(uint64_t start, uint64_t end)
{
    if (!tb_overlaps(start, end))
        return;
    /* Running code may belong to the range: flush when back in the loop. */
    flush_pending = true;
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs; i++)
        envs[i]->exit_request = 1;
    pthread_mutex_unlock(&envs_lock);
}

static unsigned count_direct_exits(const struct ir_block *b)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n; i++)
        n += b->insn[i].op == IR_exit_if || b->insn[i].op == IR_goto_tb;
    return n;
}

static void log_block(const struct ir_block *b, unsigned what, const char *title)
{
    if (!(xlat_opts.log & what))
        return;
    fprintf(xlat_opts.logf, "%s: [0x%lx]\n", title, (unsigned long)b->guest_pc);
    ir_dump(b, xlat_opts.logf);
    fputc('\n', xlat_opts.logf);
}

/* Translate the block at pc; NULL if its first instruction can't be read. */
static struct tb *translate(struct xlat_env *env, uint64_t pc)
{
    struct ir_block *b = &scratch_ir;
    unsigned max = xlat_opts.one_insn_per_tb ? 1 : MAX_BLOCK_INSNS;

    if (!frontend->translate_block(b, pc, max))
        return NULL;
    if (xlat_opts.log & XLAT_LOG_IN_ASM) {
        fprintf(xlat_opts.logf, "IN: [0x%lx]\n", (unsigned long)pc);
        disas_guest_range(xlat_opts.logf, pc, b->guest_bytes);
        fputc('\n', xlat_opts.logf);
    }
    log_block(b, XLAT_LOG_OP, "OP");
    if (!xlat_opts.no_opt) {
        opt_block(b);
        log_block(b, XLAT_LOG_OP_OPT, "OP after optimization");
    }

    unsigned nexits = count_direct_exits(b);
    struct tb *tb = calloc(1, sizeof(*tb) + nexits * sizeof(struct tb_exit));
    if (!tb)
        die("out of memory");
    tb->guest_pc = pc;
    tb->guest_bytes = b->guest_bytes;
    tb->npeeks = b->npeeks;
    memcpy(tb->peeks, b->peeks, sizeof(tb->peeks));

    if (xlat_opts.interp) {
        tb->ir = malloc(sizeof(*tb->ir));
        if (!tb->ir)
            die("out of memory");
        *tb->ir = *b;                 /* hand the buffer over */
        ir_block_init(&scratch_ir, 0);
        tb_insert(tb);
        return tb;
    }

    for (int attempt = 0;; attempt++) {
        uint8_t *rw = code_cache.rw + code_cache.used;
        tb->host = cb_rx_of(&code_cache, rw);
        size_t n = backend->emit_block(b, &code_cache, rw, codecache_avail(), tb);
        if (n) {
            tb->host_size = (uint32_t)n;
            code_cache.used = (code_cache.used + n + 15) & ~(size_t)15;
            break;
        }
        if (attempt)
            die("a block does not fit in an empty code cache");
        flush_all(env);
    }
    if (xlat_opts.log & XLAT_LOG_OUT_ASM) {
        fprintf(xlat_opts.logf, "OUT: [0x%lx] %u bytes\n", (unsigned long)pc, tb->host_size);
        disas_host_range(xlat_opts.logf, cb_rw_of(&code_cache, tb->host), tb->host_size,
                         (uint64_t)(uintptr_t)tb->host);
        fputc('\n', xlat_opts.logf);
    }
    if (xlat_opts.perfmap)
        fprintf(xlat_opts.perfmap, "%lx %x guest_0x%lx\n", (unsigned long)(uintptr_t)tb->host,
                tb->host_size, (unsigned long)pc);
    tb_insert(tb);
    return tb;
}

bool xlat_in_code(uintptr_t host_pc)
{
    return fault_armed && code_cache.rx && host_pc >= (uintptr_t)code_cache.rx &&
           host_pc < (uintptr_t)code_cache.rx + code_cache.used;
}

_Noreturn void xlat_fault_longjmp(uintptr_t host_pc, uint64_t addr, int sig, int code)
{
    fault_host_pc = host_pc;
    fault_addr = addr;
    fault_sig = sig;
    fault_code = code;
    siglongjmp(fault_jmp, 1);
}

/* The guest pc of a faulting host pc: the block is translated again (the
 * same guest code, options and passes give the same IR) and the backend
 * finds which guest instruction the host offset belongs to. */
static uint64_t fault_guest_pc(uintptr_t host_pc, uint64_t fallback)
{
    struct tb *tb = tb_find_host((const void *)host_pc);
    if (!tb || !backend->guest_pc_at)
        return fallback;
    struct ir_block *b = &scratch_ir;
    unsigned max = xlat_opts.one_insn_per_tb ? 1 : MAX_BLOCK_INSNS;
    if (!frontend->translate_block(b, tb->guest_pc, max))
        return tb->guest_pc;
    if (!xlat_opts.no_opt)
        opt_block(b);
    return backend->guest_pc_at(b, tb->host, host_pc - (uintptr_t)tb->host);
}

static struct tb *find_or_translate(struct xlat_env *env, uint64_t pc)
{
    struct tb *tb = tb_find(pc);
    return tb ? tb : translate(env, pc);
}

static uintptr_t run_block(struct xlat_env *env, struct tb *tb)
{
    if (xlat_opts.log & XLAT_LOG_EXEC)
        fprintf(xlat_opts.logf, "Trace: [0x%lx]\n", (unsigned long)tb->guest_pc);
    if (xlat_opts.interp) {
        /* no generated prologue here: test exit_request as it would
         * (signal delivery and preemption rely on it) */
        if (env->exit_request)
            return XLAT_EXIT_REQUEST;
        return (uintptr_t)ir_interp(tb->ir, env);
    }
    fault_armed = true;
    uintptr_t ret = enter_code(env, tb->host);
    fault_armed = false;
    return ret;
}

int xlat_run(struct xlat_env *env, const struct xlat_thread_ops *ops)
{
    bool chain = !xlat_opts.no_chain && !(xlat_opts.log & XLAT_LOG_EXEC);

    if (sigsetjmp(fault_jmp, 1)) {
        fault_armed = false;
        env->pc = fault_guest_pc(fault_host_pc, env->pc);
        env->exit_info = fault_addr;
        env->fault_signal = fault_sig;
        env->fault_code = fault_code;
        if (!ops->handle_exit(env, XLAT_EXIT_FAULT))
            return 0;
    }
    for (;;) {
        if (flush_pending)
            flush_all(env);
        if (seen_gen != flush_gen) {
            jump_cache_clear(env);
            seen_gen = flush_gen;
        }
        struct tb *tb = find_or_translate(env, env->pc);
        if (!tb) {
            env->exit_info = env->pc;
            env->fault_signal = env->fault_code = 0;
            if (!ops->handle_exit(env, XLAT_EXIT_FAULT))
                return 0;
            continue;
        }
        uintptr_t ret = run_block(env, tb);

        if (ret >= XLAT_EXIT_MAX) {
            /* An unchained direct exit: chain it to its target. */
            struct tb_exit *e = (struct tb_exit *)ret;
            unsigned gen = flush_gen;
            if (!chain || flush_pending)
                continue;
            struct tb *next = find_or_translate(env, env->pc);
            if (next && gen == flush_gen) {
                backend->patch_exit(&code_cache, e->tb, e, next->host);
                if (xlat_opts.log & XLAT_LOG_CHAIN)
                    fprintf(xlat_opts.logf, "chain 0x%lx -> 0x%lx\n",
                            (unsigned long)e->tb->guest_pc, (unsigned long)next->guest_pc);
            }
            continue;
        }
        switch ((enum xlat_exit)ret) {
        case XLAT_EXIT_LOOKUP:
            if (chain && !xlat_opts.interp) {
                struct tb *next = find_or_translate(env, env->pc);
                if (next) {
                    struct jc_entry *je = &env->jump_cache[XLAT_JC_HASH(env->pc)];
                    je->guest_pc = env->pc;
                    je->host = next->host;
                }
            }
            break;
        case XLAT_EXIT_REQUEST:
            env->exit_request = 0;
            if (flush_pending)
                flush_all(env);
            if (!ops->handle_exit(env, XLAT_EXIT_REQUEST))
                return 0;
            break;
        case XLAT_EXIT_SYSCALL:
        case XLAT_EXIT_UNDEF:
        case XLAT_EXIT_BRK:
        case XLAT_EXIT_FAULT:
        case XLAT_EXIT_HALT:
            if (!ops->handle_exit(env, (enum xlat_exit)ret))
                return 0;
            break;
        default:
            fprintf(stderr, "xemu: internal error: block at 0x%lx returned %lu\n",
                    (unsigned long)tb->guest_pc, (unsigned long)ret);
            abort();
        }
    }
}
