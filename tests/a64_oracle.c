/*
 * The A64 instruction oracle (see a64_oracle.h): runs instruction words
 * under qemu-aarch64 through the arm64 runner (tests/a64_oracle/runner.c)
 * and under xemu's A64 frontend + reference IR interpreter, and compares.
 * Used by the frontend tests tests/test_a64_*.c.
 */
#include "tests/a64_oracle.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xlat/aarch64/sysregs.h"
#include "xlat/aarch64/translate.h"

_Static_assert(offsetof(struct a64_state, x) == A64W_OFF_X, "wire");
_Static_assert(offsetof(struct a64_state, sp) == A64W_OFF_SP, "wire");
_Static_assert(offsetof(struct a64_state, pc) == A64W_OFF_PC, "wire");
_Static_assert(offsetof(struct a64_state, nzcv) == A64W_OFF_NZCV, "wire");
_Static_assert(offsetof(struct a64_state, fpcr) == A64W_OFF_FPCR, "wire");
_Static_assert(offsetof(struct a64_state, fpsr) == A64W_OFF_FPSR, "wire");
_Static_assert(offsetof(struct a64_state, v) == A64W_OFF_V, "wire");
_Static_assert(sizeof(struct a64_state) == A64W_STATE_SIZE, "wire");

#define QEMU_AARCH64 "/usr/bin/qemu-aarch64"
#define CROSS_CC "aarch64-linux-gnu-gcc"
#define PAGE 4096ull

/* ---- the runner binary ------------------------------------------------ */

/* snprintf that says whether it fit */
static bool fmt(char *dst, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(dst, n, f, ap);
    va_end(ap);
    return r >= 0 && (size_t)r < n;
}

static bool newer_or_equal(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) < 0)
        return false;
    if (stat(b, &sb) < 0)
        return true;    /* no source to compare with: take what is there */
    return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
           (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec >= sb.st_mtim.tv_nsec);
}

static bool run_cmd(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The folder of the test binary (BUILD) and the source tree above it. */
static bool build_dirs(char dir[PATH_MAX], char root[PATH_MAX])
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX - 1);
    if (n <= 0)
        return false;
    exe[n] = 0;
    fmt(dir, PATH_MAX, "%s", dirname(exe));
    fmt(root, PATH_MAX, "%s", dir);
    fmt(root, PATH_MAX, "%s", dirname(root));
    return true;
}

bool a64_oracle_build_program(const char *name, const char *const flags[], char *path,
                              size_t len)
{
    char src[PATH_MAX], dir[PATH_MAX], root[PATH_MAX];
    if (!build_dirs(dir, root))
        return false;
    if (!fmt(src, sizeof(src), "%s/tests/a64_oracle/%s.c", root, name) || access(src, R_OK) < 0)
        fmt(src, sizeof(src), "tests/a64_oracle/%s.c", name);      /* cwd = tree */

    char cand[2][PATH_MAX];
    fmt(cand[0], sizeof(cand[0]), "%s/a64-oracle-%s", dir, name);
    fmt(cand[1], sizeof(cand[1]), "/tmp/xemu-a64-oracle-%s-%d", name, (int)getuid());
    for (int i = 0; i < 2; i++)
        if (newer_or_equal(cand[i], src))
            return fmt(path, len, "%s", cand[i]);
    for (int i = 0; i < 2; i++) {
        /* build under a private name, then rename: parallel test
         * processes never see a half-written binary */
        char tmp[PATH_MAX];
        if (!fmt(tmp, sizeof(tmp), "%s.%d.tmp", cand[i], (int)getpid()))
            continue;
        const char *argv[32] = { CROSS_CC, "-static", "-O2", "-o", tmp, src };
        int n = 6;
        for (int k = 0; flags && flags[k] && n < 30; k++)
            argv[n++] = flags[k];
        argv[n] = NULL;
        if (run_cmd((char *const *)argv) && rename(tmp, cand[i]) == 0)
            return fmt(path, len, "%s", cand[i]);
        unlink(tmp);
    }
    return false;
}

bool a64_oracle_xemu_binary(char *path, size_t len)
{
    char dir[PATH_MAX], root[PATH_MAX];
    return build_dirs(dir, root) && fmt(path, len, "%s/xemu-aarch64", dir) &&
           access(path, X_OK) == 0;
}

/* The runner lives next to the test binary (BUILD/a64-oracle-runner,
 * built by mk/oracle.mk); if it is missing or older than its source it is
 * built there (or in /tmp) on the spot.  $A64_ORACLE_RUNNER overrides. */
static const char *runner_path(void)
{
    static char path[PATH_MAX];
    if (path[0])
        return path;
    const char *env = getenv("A64_ORACLE_RUNNER");
    if (env && *env)
        return fmt(path, sizeof(path), "%s", env) ? path : NULL;
    if (!a64_oracle_build_program("runner", NULL, path, sizeof(path))) {
        path[0] = 0;
        return NULL;
    }
    return path;
}

/* ---- qemu side --------------------------------------------------------- */

static bool write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t r = write(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        p += r;
        len -= (size_t)r;
    }
    return true;
}

static size_t read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, p + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

bool a64_oracle_qemu_batch(struct a64_case *c, int ncases)
{
    const char *runner = runner_path();
    if (!runner || access(QEMU_AARCH64, X_OK) < 0)
        return false;
    /* Input goes through a file, not a pipe, so qemu can never block on a
     * full stdout while we block on a full stdin. */
    FILE *in = tmpfile();
    if (!in)
        return false;
    int infd = fileno(in);
    for (int i = 0; i < ncases; i++) {
        c[i].sig = A64W_SIG_ERROR;
        c[i].out = c[i].in;
        if (c[i].n < 0 || c[i].n > A64W_MAX_INSNS)
            continue;
        uint32_t hdr[2] = { A64W_MAGIC, (uint32_t)c[i].n };
        if (!write_all(infd, hdr, sizeof(hdr)) ||
            !write_all(infd, c[i].insns, 4u * (unsigned)c[i].n) ||
            !write_all(infd, &c[i].in, sizeof(c[i].in))) {
            fclose(in);
            return false;
        }
    }
    lseek(infd, 0, SEEK_SET);
    int out[2];
    if (pipe(out) < 0) {
        fclose(in);
        return false;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(infd, 0);
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(QEMU_AARCH64, QEMU_AARCH64, runner, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    fclose(in);
    bool ok = pid > 0;
    for (int i = 0; ok && i < ncases; i++) {
        if (c[i].n < 0 || c[i].n > A64W_MAX_INSNS)
            continue;
        int32_t hdr[2];
        if (read_all(out[0], hdr, sizeof(hdr)) != sizeof(hdr) ||
            read_all(out[0], &c[i].out, sizeof(c[i].out)) != sizeof(c[i].out)) {
            ok = false;
            break;
        }
        c[i].sig = hdr[0];
    }
    close(out[0]);
    if (pid > 0) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    return ok;
}

bool a64_oracle_qemu(const uint32_t *insns, int n, const struct a64_state *in,
                     struct a64_state *out)
{
    struct a64_case c = { .insns = insns, .n = n, .in = *in };
    bool ok = a64_oracle_qemu_batch(&c, 1);
    *out = c.out;
    return ok && c.sig == 0;
}

/* ---- xemu side --------------------------------------------------------- */

/* Weak until the frontend and the interpreter are linked into every build:
 * the harness then reports "cannot run" instead of breaking the link. */
#pragma weak a64_frontend
#pragma weak ir_interp
#pragma weak host_x86_64

/* Code that runs longer than A64_ORACLE_TIMEOUT seconds (default 5) is
 * taken to hang: SIGALRM, as the runner reports it (it reads the same
 * variable: qemu-aarch64 passes its environment on). */
static unsigned time_limit(void)
{
    const char *e = getenv("A64_ORACLE_TIMEOUT");
    int t = e ? atoi(e) : 0;
    return t > 0 ? (unsigned)t : 5;
}
#define XEMU_BRK 0xd4200000u     /* BRK #0: ends the code under test */

static uint8_t *code_map;
static size_t code_map_size;

/* Map the code page(s) at pc itself: guest address = host address. */
static bool map_code(uint64_t pc, int n)
{
    uint64_t base = pc & ~(PAGE - 1);
    uint64_t end = (pc + 4ull * (unsigned)n + 4 + PAGE + PAGE - 1) & ~(PAGE - 1);
    if (code_map && (uint64_t)(uintptr_t)code_map == base && code_map_size >= end - base)
        return true;
    if (code_map)
        munmap(code_map, code_map_size);
    code_map = NULL;
    void *p = mmap((void *)(uintptr_t)base, end - base, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    if (p != (void *)(uintptr_t)base) {
        munmap(p, end - base);
        return false;
    }
    code_map = p;
    code_map_size = end - base;
    return true;
}

static sigjmp_buf xemu_fault_jmp;
static volatile int xemu_fault_sig;

static void on_xemu_fault(int sig)
{
    xemu_fault_sig = sig;
    siglongjmp(xemu_fault_jmp, 1);
}

static void cpu_from_state(struct a64_cpu *cpu, const struct a64_state *s)
{
    memset(cpu, 0, sizeof(*cpu));
    cpu->hdr.excl_addr = ~0ull;
    memcpy(cpu->x, s->x, sizeof(s->x));
    cpu->x[31] = s->sp;
    cpu->hdr.pc = s->pc;
    cpu->hdr.nf = (s->nzcv >> 31) & 1;
    cpu->hdr.zf = (s->nzcv >> 30) & 1;
    cpu->hdr.cf = (s->nzcv >> 29) & 1;
    cpu->hdr.vf = (s->nzcv >> 28) & 1;
    cpu->fpcr = s->fpcr;
    cpu->fpsr = s->fpsr;
    memcpy(cpu->v, s->v, sizeof(s->v));
}

static void state_from_cpu(struct a64_state *s, const struct a64_cpu *cpu)
{
    memcpy(s->x, cpu->x, sizeof(s->x));
    s->sp = cpu->x[31];
    s->pc = cpu->hdr.pc;
    s->nzcv = (uint32_t)cpu->hdr.nf << 31 | (uint32_t)cpu->hdr.zf << 30 |
              (uint32_t)cpu->hdr.cf << 29 | (uint32_t)cpu->hdr.vf << 28;
    s->fpcr = cpu->fpcr;
    s->fpsr = cpu->fpsr;
    memcpy(s->v, cpu->v, sizeof(s->v));
}

enum a64_xemu_mode a64_oracle_xemu_mode = A64_XEMU_INTERP;

static bool mode_available(enum a64_xemu_mode m)
{
    if (!&a64_frontend || !&ir_interp)
        return false;
    return (m != A64_XEMU_JIT && m != A64_XEMU_JIT_ONE) || host_x86_64.emit_block != NULL;
}

/* Translate (and check) one block; in A64_XEMU_OPT also optimize it. */
static bool translate_checked(struct ir_block *b, uint64_t pc, bool opt)
{
    char err[256];
    if (!a64_frontend.translate_block(b, pc, 64))
        return false;
    if (!ir_validate(b, err, sizeof(err))) {
        fprintf(stderr, "a64 oracle: invalid IR for the block at %#llx: %s\n",
                (unsigned long long)pc, err);
        ir_dump(b, stderr);
        return false;
    }
    if (opt) {
        opt_block(b);
        if (!ir_validate(b, err, sizeof(err))) {
            fprintf(stderr, "a64 oracle: optimizer made invalid IR at %#llx: %s\n",
                    (unsigned long long)pc, err);
            ir_dump(b, stderr);
            return false;
        }
    }
    return true;
}

static int sig_of_exit(uint64_t why, uint64_t pc, uint64_t end)
{
    /* The BRK after the code; UNDEF too while BRK is not decoded. */
    if ((why == XLAT_EXIT_BRK || why == XLAT_EXIT_UNDEF) && pc == end)
        return 0;
    switch (why) {
    case XLAT_EXIT_UNDEF: return SIGILL;
    case XLAT_EXIT_BRK: return SIGTRAP;
    case XLAT_EXIT_FAULT: return SIGSEGV;
    default: return A64W_SIG_ERROR;
    }
}

/* Translate and interpret block after block until the code's end (the
 * BRK after it) or an exit that means a signal. */
static int xemu_run_interp(struct a64_cpu *cpu, uint64_t end, bool opt)
{
    struct ir_block b;
    ir_block_init(&b, cpu->hdr.pc);
    int sig = A64W_SIG_ERROR;
    time_t t0 = time(NULL);
    for (unsigned i = 1;; i++) {
        if (!(i & 4095) && time(NULL) - t0 >= (time_t)time_limit()) {
            sig = SIGALRM;
            break;
        }
        uint64_t pc = cpu->hdr.pc;
        ir_block_reset(&b, pc);
        if (!translate_checked(&b, pc, opt))
            break;
        uint64_t why = ir_interp(&b, cpu);
        if (why == XLAT_EXIT_LOOKUP)
            continue;
        sig = sig_of_exit(why, cpu->hdr.pc, end);
        break;
    }
    ir_block_free(&b);
    return sig;
}

/* The whole pipeline: xemu's execution loop, optimizer and host backend. */
static uint64_t jit_exit_why;

static struct a64_cpu *jit_cpu;
static volatile sig_atomic_t jit_timed_out;

/* Chained blocks never come back to the loop by themselves: the exit
 * request every block checks brings a hanging guest loop back. */
static void on_jit_alarm(int sig)
{
    (void)sig;
    jit_timed_out = 1;
    if (jit_cpu)
        jit_cpu->hdr.exit_request = 1;
}

static bool jit_handle_exit(struct xlat_env *env, enum xlat_exit why)
{
    (void)env;
    if (why == XLAT_EXIT_REQUEST && !jit_timed_out)
        return true;
    jit_exit_why = why;
    return false;
}

static int xemu_run_jit(struct a64_cpu *cpu, uint64_t start, uint64_t end, bool one_insn)
{
    static bool inited;
    static const struct xlat_thread_ops ops = { .handle_exit = jit_handle_exit };
    if (!inited) {
        xlat_opts.interp = false;
        xlat_init(&a64_frontend);
        inited = true;
    }
    struct xlat_env saved = cpu->hdr;
    xlat_env_init(&cpu->hdr);   /* fresh jump cache */
    struct jc_entry *jc = cpu->hdr.jump_cache;
    void *thread = cpu->hdr.thread;     /* the loop's per-thread record */
    cpu->hdr = saved;
    cpu->hdr.jump_cache = jc;
    cpu->hdr.thread = thread;
    /* the same addresses held other code (or the same code in blocks of
     * another size) in the previous case */
    xlat_opts.one_insn_per_tb = one_insn;
    xlat_invalidate(start, end + 4);
    cpu->hdr.exit_request = 0;
    jit_exit_why = A64W_SIG_ERROR;
    jit_timed_out = 0;
    jit_cpu = cpu;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_jit_alarm;
    sigaction(SIGALRM, &sa, &old);
    alarm(time_limit());
    xlat_run(&cpu->hdr, &ops);
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    jit_cpu = NULL;
    if (jit_timed_out) {
        xlat_env_release(&cpu->hdr);
        cpu->hdr.exit_request = 0;
        return SIGALRM;
    }
    xlat_env_release(&cpu->hdr);
    return sig_of_exit(jit_exit_why, cpu->hdr.pc, end);
}

/* One case; its own function so that sigsetjmp sees no loop state. */
static void xemu_run_case(struct a64_case *k, struct a64_cpu *cpu, enum a64_xemu_mode mode)
{
    k->sig = A64W_SIG_ERROR;
    k->out = k->in;
    uint64_t pc = k->in.pc ? k->in.pc : A64W_DEFAULT_PC;
    if (k->n < 0 || k->n > A64W_MAX_INSNS || (pc & 3) || !map_code(pc, k->n))
        return;
    uint32_t *code = (uint32_t *)(uintptr_t)pc;
    memcpy(code, k->insns, 4u * (unsigned)k->n);
    code[k->n] = XEMU_BRK;
    cpu_from_state(cpu, &k->in);
    cpu->hdr.pc = pc;
    uint64_t end = pc + 4ull * (unsigned)k->n;
    if (sigsetjmp(xemu_fault_jmp, 1) == 0)
        k->sig = mode >= A64_XEMU_JIT ? xemu_run_jit(cpu, pc, end, mode == A64_XEMU_JIT_ONE)
                                      : xemu_run_interp(cpu, end, mode == A64_XEMU_OPT);
    else
        k->sig = xemu_fault_sig;    /* state imprecise: as far as it got */
    state_from_cpu(&k->out, cpu);
}

bool a64_oracle_xemu_batch(struct a64_case *c, int ncases)
{
    enum a64_xemu_mode mode = a64_oracle_xemu_mode;
    if (!mode_available(mode))
        return false;
    /* the CPU model qemu is asked for (QEMU_CPU), so both sides agree on
     * which instructions exist; left alone when unset */
    const char *model = getenv("QEMU_CPU");
    if (model && *model && !a64_cpu_select(model))
        return false;
    struct a64_cpu *cpu = aligned_alloc(64, (sizeof(*cpu) + 63) & ~(size_t)63);
    if (!cpu)
        return false;
    struct sigaction sa, old_segv, old_bus;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_xemu_fault;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    for (int i = 0; i < ncases; i++)
        xemu_run_case(&c[i], cpu, mode);
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
    xlat_env_release(&cpu->hdr);    /* a faulting last case left it registered */
    free(cpu);
    return true;
}

bool a64_oracle_xemu(const uint32_t *insns, int n, const struct a64_state *in,
                     struct a64_state *out)
{
    struct a64_case c = { .insns = insns, .n = n, .in = *in };
    bool ok = a64_oracle_xemu_batch(&c, 1);
    *out = c.out;
    return ok && c.sig == 0;
}

/* ---- comparing --------------------------------------------------------- */

#define APPEND(...) do { \
        if (buf && used < len) \
            used += (size_t)snprintf(buf + used, len - used, __VA_ARGS__); \
    } while (0)

int a64_state_diff(const struct a64_state *want, const struct a64_state *got,
                   char *buf, size_t len)
{
    int nd = 0;
    size_t used = 0;
    if (buf && len)
        buf[0] = 0;
    for (int r = 0; r < 31; r++) {
        if (want->x[r] != got->x[r]) {
            APPEND("  x%d: want %#llx got %#llx\n", r, (unsigned long long)want->x[r],
                   (unsigned long long)got->x[r]);
            nd++;
        }
    }
    if (want->sp != got->sp) {
        APPEND("  sp: want %#llx got %#llx\n", (unsigned long long)want->sp,
               (unsigned long long)got->sp);
        nd++;
    }
    if (want->pc != got->pc) {
        APPEND("  pc: want %#llx got %#llx\n", (unsigned long long)want->pc,
               (unsigned long long)got->pc);
        nd++;
    }
    if (want->nzcv != got->nzcv) {
        APPEND("  nzcv: want %x got %x\n", want->nzcv >> 28, got->nzcv >> 28);
        nd++;
    }
    if (want->fpcr != got->fpcr) {
        APPEND("  fpcr: want %#x got %#x\n", want->fpcr, got->fpcr);
        nd++;
    }
    if (want->fpsr != got->fpsr) {
        APPEND("  fpsr: want %#x got %#x\n", want->fpsr, got->fpsr);
        nd++;
    }
    for (int r = 0; r < 32; r++) {
        if (memcmp(&want->v[r], &got->v[r], sizeof(a64_vreg))) {
            APPEND("  v%d: want %016llx%016llx got %016llx%016llx\n", r,
                   (unsigned long long)want->v[r].d[1], (unsigned long long)want->v[r].d[0],
                   (unsigned long long)got->v[r].d[1], (unsigned long long)got->v[r].d[0]);
            nd++;
        }
    }
    return nd;
}

static void print_insns(const uint32_t *insns, int n, uint64_t pc)
{
    csh h;
    bool cs = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) == CS_ERR_OK;
    for (int i = 0; i < n; i++) {
        cs_insn *ci = NULL;
        size_t k = cs ? cs_disasm(h, (const uint8_t *)&insns[i], 4, pc + 4ull * (unsigned)i, 1, &ci) : 0;
        fprintf(stderr, "    %08x  %s %s\n", insns[i], k ? ci->mnemonic : "(?)", k ? ci->op_str : "");
        if (k)
            cs_free(ci, k);
    }
    if (cs)
        cs_close(&h);
}

static void print_input(const struct a64_state *s)
{
    fprintf(stderr, "  in: nzcv=%x sp=%#llx", s->nzcv >> 28, (unsigned long long)s->sp);
    for (int r = 0; r < 31; r++)
        fprintf(stderr, "%s x%d=%#llx", r % 4 == 0 ? "\n   " : "", r, (unsigned long long)s->x[r]);
    fprintf(stderr, "\n");
}

int a64_oracle_check(struct a64_case *c, int ncases, const char *what)
{
    static const char *const mode_name[] = { "interp", "opt+interp", "jit", "jit-1" };
    struct a64_case *x = malloc(sizeof(*x) * (size_t)(ncases ? ncases : 1));
    if (!x)
        return -1;
    if (!a64_oracle_qemu_batch(c, ncases)) {
        fprintf(stderr, "%s: qemu oracle could not run\n", what);
        free(x);
        return -1;
    }
    int bad = 0, modes = 0;
    enum a64_xemu_mode saved = a64_oracle_xemu_mode;
    char diff[4096];
    for (int m = 0; m < A64_XEMU_NMODES; m++) {
        if (!mode_available((enum a64_xemu_mode)m))
            continue;
        modes++;
        memcpy(x, c, sizeof(*x) * (size_t)ncases);
        a64_oracle_xemu_mode = (enum a64_xemu_mode)m;
        a64_oracle_xemu_batch(x, ncases);
        int mbad = 0;
        for (int i = 0; i < ncases; i++) {
            int nd = a64_state_diff(&c[i].out, &x[i].out, diff, sizeof(diff));
            if (c[i].sig == A64W_SIG_ERROR)
                snprintf(diff, sizeof(diff), "  qemu runner could not set the case up\n");
            if (!nd && c[i].sig == x[i].sig && c[i].sig != A64W_SIG_ERROR)
                continue;
            if (mbad++ < 5) {
                fprintf(stderr, "%s [%s]: case %d mismatch (qemu sig %d, xemu sig %d)\n", what,
                        mode_name[m], i, c[i].sig, x[i].sig);
                print_insns(c[i].insns, c[i].n, c[i].in.pc ? c[i].in.pc : A64W_DEFAULT_PC);
                print_input(&c[i].in);
                fputs(diff, stderr);
            }
        }
        if (mbad > 5)
            fprintf(stderr, "%s [%s]: %d mismatching cases in all\n", what, mode_name[m], mbad);
        if (getenv("A64_ORACLE_VERBOSE")) {
            int ran = 0;
            for (int i = 0; i < ncases; i++)
                ran += c[i].sig == 0;
            fprintf(stderr, "%s [%s]: %d cases, %d ran to the end, %d raised a signal, "
                    "%d mismatches\n", what, mode_name[m], ncases, ran, ncases - ran, mbad);
        }
        bad += mbad;
    }
    a64_oracle_xemu_mode = saved;
    free(x);
    if (!modes) {
        fprintf(stderr, "%s: xemu side could not run (frontend or ir_interp not linked)\n", what);
        return -1;
    }
    return bad;
}

/* ---- random states ----------------------------------------------------- */

uint64_t a64_rand(uint64_t *rng)
{
    uint64_t x = *rng ? *rng : 0x9e3779b97f4a7c15ull;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *rng = x;
    return x * 0x2545f4914f6cdd1dull;
}

uint64_t a64_rand_edge(uint64_t *rng)
{
    static const uint64_t edge[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~0ull - 1,
        0xffffffff80000000ull, 0xffffffff7fffffffull, 0x00000000ffffffffull,
    };
    uint64_t r = a64_rand(rng);
    switch (r & 7) {
    case 0:
    case 1:
        return edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))];
    case 2: {   /* near an edge */
        uint64_t e = edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))];
        return e + ((r >> 32) & 3) - 2;
    }
    case 3:
        return 1ull << ((r >> 8) & 63);
    case 4:
        return (r >> 8) & 0xffff;       /* small */
    case 5:
        return (uint64_t)(int64_t)(int32_t)a64_rand(rng);  /* sign-extended 32-bit */
    default:
        return a64_rand(rng);
    }
}

void a64_state_random(struct a64_state *s, uint64_t *rng)
{
    memset(s, 0, sizeof(*s));
    for (int r = 0; r < 31; r++)
        s->x[r] = a64_rand_edge(rng);
    s->sp = a64_rand(rng) & 0x0000fffffffffff0ull;
    s->nzcv = (uint32_t)(a64_rand(rng) & 0xf) << 28;
    for (int r = 0; r < 32; r++) {
        s->v[r].d[0] = a64_rand(rng);
        s->v[r].d[1] = a64_rand(rng);
    }
}
