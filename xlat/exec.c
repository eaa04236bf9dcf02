/*
 * The execution loop: find or translate the block at env->pc, run it, and
 * act on how it came back (chain a direct exit, fill the jump cache after
 * an indirect miss, or hand syscalls/faults to the caller's handler).
 * One loop per guest thread, all running translated code in parallel.
 * See xlat.h for the protocol with generated code.
 *
 * Concurrency (the rules every function here keeps):
 *   - A thread is "active" while it may hold a pointer to a tb or into
 *     the code cache: from xlat_run's start to its end, except while a
 *     handler runs (syscalls, signals, faults: handle_exit) and while it
 *     waits for tx_lock.  Every block starts by testing exit_request, so
 *     an active thread comes back to the loop within one block.
 *   - Lookups (tb_find) are lock-free; translating, inserting, patching a
 *     chain and flushing happen under tx_lock, which a thread only waits
 *     for while inactive (so a flusher never waits for a thread that
 *     waits for it).
 *   - A flush (cache full, or guest code changed: flush_pending) is done
 *     by a tx_lock holder after stopping the world: every other thread's
 *     exit_request is set and the flusher waits until none is active.
 *     Inactive threads (in a syscall, even one blocked forever) become
 *     active again only once the flush is over, and see the new flush
 *     generation before they run any code (their jump cache is cleared
 *     then).  So no thread is ever inside code being dropped.
 *   - Chaining patches are aligned rel32 stores (the backend's
 *     patch_exit), atomic for threads running the patched block.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xlat/codecache.h"
#include "xlat/disas.h"
#include "xlat/xlat.h"

struct xlat_opts xlat_opts;    /* set before the first thread, then read-only */

#define CODE_CACHE_SIZE (256u << 20)
/* XEMU_CODE_CACHE_KB=N shrinks the cache (tests/threads run programs with
 * a tiny one so that flushes happen all the time under running threads). */
static size_t code_cache_size(void)
{
    const char *e = getenv("XEMU_CODE_CACHE_KB");
    char *end;
    unsigned long kb = e ? strtoul(e, &end, 10) : 0;
    if (!e || *end || kb < 64 || kb > (CODE_CACHE_SIZE >> 10))
        return CODE_CACHE_SIZE;
    return kb << 10;
}
#define MAX_BLOCK_INSNS 128

/* Set once by xlat_init, read-only afterwards. */
static const struct guest_frontend *frontend;
static const struct host_backend *backend;
static uintptr_t (*enter_code)(struct xlat_env *, const void *);
static size_t prologue_size;

/* tx_lock guards scratch_ir, the code cache's write position, inserts,
 * chaining patches and flushes (see the rules above). */
static pthread_mutex_t tx_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ir_block scratch_ir;                /* under tx_lock */
static atomic_uint flush_gen;      /* bumped by every flush (under tx_lock) */
static atomic_bool flush_pending;  /* guest code changed: flush at the next loop top */
/* Bumped by every xlat_invalidate before it looks at the block table: a
 * translation that saw it change may have read the old code after the
 * invalidation checked the table (its tb was not there yet). */
static atomic_uint inval_count;

/* Stopping the world: `stopping` is set only by a tx_lock holder; threads
 * that find it set on their way to becoming active wait on world_cv. */
static atomic_bool stopping;
static pthread_mutex_t world_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t world_cv = PTHREAD_COND_INITIALIZER;

/* Per guest thread (env->thread).  Not in TLS: a vfork child runs on its
 * parent thread's TLS with an env of its own. */
struct xthread {
    atomic_int active;          /* see the rules above */
    unsigned seen_gen;          /* flush_gen the jump cache is valid for */
    sigjmp_buf fault_jmp;       /* a host fault in translated code leaves here */
};

/* Every registered env, so a flush can stop them all.  Under envs_lock
 * (a leaf lock: nothing is waited for while holding it). */
static pthread_mutex_t envs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xlat_env **envs;
static size_t nenvs, envs_cap;

/* The loop this host thread runs (re-set after every handler, since a
 * vfork child borrows its parent's TLS), and what its last fault was. */
static __thread struct xthread *cur;
static __thread volatile bool fault_armed;
static __thread volatile uintptr_t fault_host_pc;
static __thread volatile uint64_t fault_addr;
static __thread volatile int fault_sig, fault_code;
static __thread struct ir_block fault_ir;   /* retranslation for fault pcs */
static __thread bool fault_ir_ready;

static void die(const char *msg)
{
    fprintf(stderr, "xemu: %s\n", msg);
    exit(127);
}

/* fork (syscalls/proc.c through codecache_fork_*): tx_lock is held
 * across it, so no flush or translation is half done in the child; the
 * atfork handlers hold world_mu and envs_lock too.  In the child, the
 * forking thread is the one that locked them, so it unlocks them (the
 * POSIX atfork idiom). */
void xlat_lock_for_fork(void)
{
    pthread_mutex_lock(&tx_lock);
}

void xlat_unlock_after_fork(void)
{
    pthread_mutex_unlock(&tx_lock);
}

static void before_fork(void)
{
    pthread_mutex_lock(&world_mu);
    pthread_mutex_lock(&envs_lock);
}

static void after_fork_parent(void)
{
    pthread_mutex_unlock(&envs_lock);
    pthread_mutex_unlock(&world_mu);
}

/* After fork only the calling thread is left: the others' envs are gone
 * (their memory is still there, but nobody will ever make them inactive
 * again). */
static void after_fork_child(void)
{
    size_t keep = 0;
    for (size_t i = 0; i < nenvs; i++)
        if (cur && envs[i]->thread == cur)
            envs[keep++] = envs[i];
    nenvs = keep;
    pthread_mutex_unlock(&envs_lock);
    pthread_mutex_unlock(&world_mu);
}

void xlat_init(const struct guest_frontend *fe)
{
    frontend = fe;
    if (!xlat_opts.logf)
        xlat_opts.logf = stderr;
    ir_block_init(&scratch_ir, 0);
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
    if (xlat_opts.interp)
        return;
    backend = &host_x86_64;
    if (!backend->emit_block)
        die("this build has no host backend; run with -d interp");
    if (!codecache_init(code_cache_size()))
        die("cannot map the code cache");
    prologue_size = backend->emit_prologue(&code_cache, code_cache.rw, code_cache.size,
                                           &enter_code);
    code_cache.used = prologue_size;
}

/* ---- active / inactive, and stopping the world ---- */

static void go_inactive(struct xthread *x)
{
    atomic_store(&x->active, 0);
    if (atomic_load(&stopping)) {
        pthread_mutex_lock(&world_mu);
        pthread_cond_broadcast(&world_cv);
        pthread_mutex_unlock(&world_mu);
    }
}

/* Store active, then read stopping; the flusher stores stopping, then
 * reads active (both seq_cst): one of the two sees the other. */
static void go_active(struct xthread *x)
{
    for (;;) {
        atomic_store(&x->active, 1);
        if (!atomic_load(&stopping))
            return;
        atomic_store(&x->active, 0);
        pthread_mutex_lock(&world_mu);
        pthread_cond_broadcast(&world_cv);
        while (atomic_load(&stopping))
            pthread_cond_wait(&world_cv, &world_mu);
        pthread_mutex_unlock(&world_mu);
    }
}

/* Take tx_lock; the caller is active again when this returns (never
 * waiting for a flush: only tx_lock holders start one). */
static void tx_enter(struct xthread *x)
{
    if (pthread_mutex_trylock(&tx_lock) == 0)
        return;
    go_inactive(x);
    pthread_mutex_lock(&tx_lock);
    go_active(x);
}

static void tx_leave(void)
{
    pthread_mutex_unlock(&tx_lock);
}

static void request_all_exits(void)
{
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs; i++)
        __atomic_store_n(&envs[i]->exit_request, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&envs_lock);
}

static bool others_active(struct xthread *self)
{
    bool any = false;
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs && !any; i++) {
        struct xthread *x = envs[i]->thread;
        any = x != self && atomic_load(&x->active);
    }
    pthread_mutex_unlock(&envs_lock);
    return any;
}

/* Under tx_lock: return once no other thread is active. */
static void stop_world(struct xthread *self)
{
    atomic_store(&stopping, true);
    request_all_exits();
    pthread_mutex_lock(&world_mu);
    while (others_active(self)) {
        /* timed: a thread may have cleared its exit_request (it was on
         * its way out anyway); asking again costs nothing */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 10 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        if (pthread_cond_timedwait(&world_cv, &world_mu, &ts) == ETIMEDOUT)
            request_all_exits();
    }
    pthread_mutex_unlock(&world_mu);
}

static void resume_world(void)
{
    pthread_mutex_lock(&world_mu);
    atomic_store(&stopping, false);
    pthread_cond_broadcast(&world_cv);
    pthread_mutex_unlock(&world_mu);
}

/* ---- per-thread state ---- */

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
    struct xthread *x = calloc(1, sizeof(*x));
    if (!env->jump_cache || !x)
        die("out of memory");
    jump_cache_clear(env);
    x->seen_gen = atomic_load(&flush_gen);
    env->thread = x;
    pthread_mutex_lock(&envs_lock);
    for (size_t i = 0; i < nenvs; i++)
        if (envs[i] == env) {
            /* re-initialised in place without a release: registered */
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
        if (cur == env->thread)
            cur = NULL;
        free(env->thread);
        env->thread = NULL;
        free(env->jump_cache);
        env->jump_cache = NULL;
    }
}

/* ---- flushing ---- */

/* Under tx_lock, from an active thread x holding no tb pointer it will
 * use afterwards (or from a test, with x NULL and no loop running). */
static void flush_locked(struct xlat_env *env, struct xthread *x)
{
    stop_world(x);
    if (xlat_opts.interp)
        tb_free_all();
    else
        codecache_flush(prologue_size);
    atomic_store(&flush_pending, false);
    unsigned gen = atomic_fetch_add(&flush_gen, 1) + 1;
    resume_world();
    if (env && env->jump_cache) {
        jump_cache_clear(env);
        x->seen_gen = gen;
    }
}

void xlat_invalidate(uint64_t start, uint64_t end)
{
    atomic_fetch_add(&inval_count, 1);
    if (!tb_overlaps(start, end))
        return;
    /* The caller may be translated code itself (IC IVAU), so the flush
     * waits for the loops: each one that sees flush_pending at its top
     * stops the world and flushes; exit_request brings them there. */
    atomic_store(&flush_pending, true);
    request_all_exits();
}

/* After tb_insert: an invalidation that ran while the block was being
 * translated may have missed it; be safe and flush at the next loop top
 * (rare: only guest code changes during a translation). */
static void recheck_invalidations(unsigned before)
{
    if (atomic_load(&inval_count) == before)
        return;
    atomic_store(&flush_pending, true);
    request_all_exits();
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

/* Under tx_lock: translate the block at pc; NULL if its first instruction
 * can't be read.  Log output of one block stays together (flockfile). */
static struct tb *translate(struct xlat_env *env, struct xthread *x, uint64_t pc)
{
    struct ir_block *b = &scratch_ir;
    unsigned max = xlat_opts.one_insn_per_tb ? 1 : MAX_BLOCK_INSNS;
    unsigned inval_before = atomic_load(&inval_count);

    if (!frontend->translate_block(b, pc, max))
        return NULL;
    bool logging = xlat_opts.log & (XLAT_LOG_IN_ASM | XLAT_LOG_OP | XLAT_LOG_OP_OPT |
                                    XLAT_LOG_OUT_ASM);
    if (logging)
        flockfile(xlat_opts.logf);
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
        if (logging)
            funlockfile(xlat_opts.logf);
        tb_insert(tb);
        recheck_invalidations(inval_before);
        return tb;
    }

    for (int attempt = 0;; attempt++) {
        uint8_t *rw = code_cache.rw + code_cache.used;
        tb->host = cb_rx_of(&code_cache, rw);
        size_t n = backend->emit_block(b, &code_cache, rw, codecache_avail(), tb);
        if (n) {
            tb->host_size = (uint32_t)n;
            __atomic_store_n(&code_cache.used, (code_cache.used + n + 15) & ~(size_t)15,
                             __ATOMIC_RELEASE);
            break;
        }
        if (attempt)
            die("a block does not fit in an empty code cache");
        flush_locked(env, x);
    }
    if (xlat_opts.log & XLAT_LOG_OUT_ASM) {
        fprintf(xlat_opts.logf, "OUT: [0x%lx] %u bytes\n", (unsigned long)pc, tb->host_size);
        disas_host_range(xlat_opts.logf, cb_rw_of(&code_cache, tb->host), tb->host_size,
                         (uint64_t)(uintptr_t)tb->host);
        fputc('\n', xlat_opts.logf);
    }
    if (logging)
        funlockfile(xlat_opts.logf);
    if (xlat_opts.perfmap)
        fprintf(xlat_opts.perfmap, "%lx %x guest_0x%lx\n", (unsigned long)(uintptr_t)tb->host,
                tb->host_size, (unsigned long)pc);
    tb_insert(tb);      /* publishes it to every thread's tb_find */
    recheck_invalidations(inval_before);
    return tb;
}

bool xlat_in_code(uintptr_t host_pc)
{
    return fault_armed && code_cache.rx && host_pc >= (uintptr_t)code_cache.rx &&
           host_pc < (uintptr_t)code_cache.rx + __atomic_load_n(&code_cache.used,
                                                                __ATOMIC_RELAXED);
}

_Noreturn void xlat_fault_longjmp(uintptr_t host_pc, uint64_t addr, int sig, int code)
{
    fault_host_pc = host_pc;
    fault_addr = addr;
    fault_sig = sig;
    fault_code = code;
    siglongjmp(cur->fault_jmp, 1);
}

/* The guest pc of a faulting host pc: the block is translated again (the
 * same guest code, options and passes give the same IR) and the backend
 * finds which guest instruction the host offset belongs to.  The thread
 * is still active, so the block cannot be flushed meanwhile; the IR is
 * this thread's own, so no lock is needed. */
static uint64_t fault_guest_pc(uintptr_t host_pc, uint64_t fallback)
{
    struct tb *tb = tb_find_host((const void *)host_pc);
    if (!tb || !backend->guest_pc_at)
        return fallback;
    if (!fault_ir_ready) {
        ir_block_init(&fault_ir, 0);
        fault_ir_ready = true;
    }
    struct ir_block *b = &fault_ir;
    unsigned max = xlat_opts.one_insn_per_tb ? 1 : MAX_BLOCK_INSNS;
    if (!frontend->translate_block(b, tb->guest_pc, max))
        return tb->guest_pc;
    if (!xlat_opts.no_opt)
        opt_block(b);
    return backend->guest_pc_at(b, tb->host, host_pc - (uintptr_t)tb->host);
}

/* Active on entry and return; may be inactive in between (tx_enter), so
 * the caller must not rely on tb pointers it had before. */
static struct tb *find_or_translate(struct xlat_env *env, struct xthread *x, uint64_t pc)
{
    struct tb *tb = tb_find(pc);
    if (tb)
        return tb;
    tx_enter(x);
    tb = tb_find(pc);   /* another thread may have just made it */
    if (!tb)
        tb = translate(env, x, pc);
    tx_leave();
    return tb;
}

static void flush_if_pending(struct xlat_env *env, struct xthread *x)
{
    if (!atomic_load(&flush_pending))
        return;
    tx_enter(x);
    if (atomic_load(&flush_pending))
        flush_locked(env, x);
    tx_leave();
}

static uintptr_t run_block(struct xlat_env *env, struct tb *tb)
{
    if (xlat_opts.log & XLAT_LOG_EXEC)
        fprintf(xlat_opts.logf, "Trace: [0x%lx]\n", (unsigned long)tb->guest_pc);
    if (xlat_opts.interp) {
        /* no generated prologue here: test exit_request as it would
         * (signal delivery and flushes rely on it) */
        if (env->exit_request)
            return XLAT_EXIT_REQUEST;
        return (uintptr_t)ir_interp(tb->ir, env);
    }
    fault_armed = true;
    uintptr_t ret = enter_code(env, tb->host);
    fault_armed = false;
    return ret;
}

/* Handlers run inactive: they may block for ever (syscalls) or take
 * tx_lock-free paths only. */
static bool call_handler(struct xlat_env *env, struct xthread *x,
                         const struct xlat_thread_ops *ops, enum xlat_exit why)
{
    go_inactive(x);
    bool go_on = ops->handle_exit(env, why);
    cur = x;            /* a vfork child may have run on this TLS */
    if (go_on)
        go_active(x);
    return go_on;
}

int xlat_run(struct xlat_env *env, const struct xlat_thread_ops *ops)
{
    bool chain = !xlat_opts.no_chain && !(xlat_opts.log & XLAT_LOG_EXEC);
    struct xthread *x = env->thread;

    cur = x;
    go_active(x);
    if (sigsetjmp(x->fault_jmp, 1)) {
        /* still active: the faulting block cannot have been flushed */
        fault_armed = false;
        env->pc = fault_guest_pc(fault_host_pc, env->pc);
        env->exit_info = fault_addr;
        env->fault_signal = fault_sig;
        env->fault_code = fault_code;
        if (!call_handler(env, x, ops, XLAT_EXIT_FAULT))
            return 0;
    }
    for (;;) {
        flush_if_pending(env, x);
        struct tb *tb = find_or_translate(env, x, env->pc);
        if (!tb) {
            env->exit_info = env->pc;
            env->fault_signal = env->fault_code = 0;
            if (!call_handler(env, x, ops, XLAT_EXIT_FAULT))
                return 0;
            continue;
        }
        /* active from here until the block returns: no flush meanwhile,
         * so a jump cache valid for this generation stays valid */
        unsigned gen = atomic_load(&flush_gen);
        if (x->seen_gen != gen) {
            jump_cache_clear(env);
            x->seen_gen = gen;
        }
        uintptr_t ret = run_block(env, tb);

        if (ret >= XLAT_EXIT_MAX) {
            /* An unchained direct exit: chain it to its target. */
            struct tb_exit *e = (struct tb_exit *)ret;
            if (!chain || atomic_load(&flush_pending))
                continue;
            struct tb *next = find_or_translate(env, x, env->pc);
            if (!next)
                continue;
            tx_enter(x);
            /* a flush since the block ran would have freed e and next */
            if (gen == atomic_load(&flush_gen)) {
                backend->patch_exit(&code_cache, e->tb, e, next->host);
                if (xlat_opts.log & XLAT_LOG_CHAIN)
                    fprintf(xlat_opts.logf, "chain 0x%lx -> 0x%lx\n",
                            (unsigned long)e->tb->guest_pc, (unsigned long)next->guest_pc);
            }
            tx_leave();
            continue;
        }
        switch ((enum xlat_exit)ret) {
        case XLAT_EXIT_LOOKUP:
            if (chain && !xlat_opts.interp) {
                struct tb *next = find_or_translate(env, x, env->pc);
                /* entries are only valid for the generation they were
                 * made in; the check before the next block clears them */
                if (next) {
                    struct jc_entry *je = &env->jump_cache[XLAT_JC_HASH(env->pc)];
                    je->guest_pc = env->pc;
                    je->host = next->host;
                }
            }
            break;
        case XLAT_EXIT_REQUEST:
            __atomic_store_n(&env->exit_request, 0, __ATOMIC_RELAXED);
            if (!call_handler(env, x, ops, XLAT_EXIT_REQUEST))
                return 0;
            break;
        case XLAT_EXIT_SYSCALL:
        case XLAT_EXIT_UNDEF:
        case XLAT_EXIT_BRK:
        case XLAT_EXIT_FAULT:
        case XLAT_EXIT_HALT:
            if (!call_handler(env, x, ops, (enum xlat_exit)ret))
                return 0;
            break;
        default:
            fprintf(stderr, "xemu: internal error: block at 0x%lx returned %lu\n",
                    (unsigned long)tb->guest_pc, (unsigned long)ret);
            abort();
        }
    }
}
