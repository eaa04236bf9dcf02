/*
 * The A64 differential tester (`make difftest`, `make check-difftest`):
 * random valid instruction sequences per class (tests/difftest/gen.c) run
 * under qemu-aarch64 (the reference, through the shared oracle runner
 * tests/a64_oracle) and under xemu in every available mode (interpreter,
 * optimizer + interpreter, JIT, JIT one instruction per block); the
 * states after (X0-X30, SP, NZCV, V0-V31, FPSR, FPCR, and the test buffer
 * through V28-V31) must agree.
 *
 *   difftest [--seed S] [--class NAME|all] [--n N] [--jobs J] [--batch B]
 *            [--max-print K] [--list]
 *
 * Sequence i of a run uses seed S+i and (with --class all) class
 * i mod (number of classes), so `--seed S+i --class C --n 1` replays it
 * alone: every mismatch prints that reproducer.  A sequence that stops
 * on an instruction xemu reports as undefined while qemu executes it is
 * a finding (listed at the end), not a failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/difftest/gen.h"
#include "xlat/aarch64/sysregs.h"

#define MAX_FINDINGS 512

struct finding {
    char mnemonic[24];
    uint32_t example;
    uint64_t seed;
    int cls;
    unsigned count;
};

struct worker_result {
    unsigned long passed, failed, findings, qemu_undef, error;
    unsigned long per_class_failed[32];
    unsigned long per_class_n[32], per_class_ended[32];     /* ran to the end under qemu */
    int nfind;
    struct finding find[MAX_FINDINGS];
};

static uint64_t opt_seed = 1;
static int opt_class = -1;              /* -1: all, round robin */
static unsigned long opt_n = 1000;
static int opt_jobs = 2;
static int opt_batch = 1000;
static int opt_max_print = 5;

static const char *const mode_name[] = { "interp", "opt+interp", "jit", "jit-1" };

static void print_seq(const struct a64_case *c)
{
    uint64_t pc = c->in.pc ? c->in.pc : A64W_DEFAULT_PC;
    for (int i = 0; i < c->n; i++) {
        char text[200];
        dt_disas(c->insns[i], pc + 4ull * (unsigned)i, text, sizeof(text));
        fprintf(stderr, "    %3d  %08x  %s\n", i, c->insns[i], text);
    }
}

static void print_input(const struct a64_state *s)
{
    fprintf(stderr, "  input: nzcv=%x fpcr=%#x fpsr=%#x sp=%#llx", s->nzcv >> 28, s->fpcr,
            s->fpsr, (unsigned long long)s->sp);
    for (int r = 0; r < 31; r++)
        fprintf(stderr, "%s x%d=%#llx", r % 4 == 0 ? "\n   " : "", r,
                (unsigned long long)s->x[r]);
    for (int r = 0; r < 32; r++)
        fprintf(stderr, "%s v%d=%016llx%016llx", r % 3 == 0 ? "\n   " : "", r,
                (unsigned long long)s->v[r].d[1], (unsigned long long)s->v[r].d[0]);
    fprintf(stderr, "\n");
}

static void add_finding(struct worker_result *res, uint32_t w, uint64_t seed, int cls)
{
    char text[200], mn[24];
    dt_disas(w, A64W_DEFAULT_PC, text, sizeof(text));
    if (text[0] == '(')     /* capstone 4 does not know it: key on the opcode bits */
        snprintf(mn, sizeof(mn), "?%08x", w & 0xffe0fc00);
    else
        sscanf(text, "%23s", mn);
    res->findings++;
    for (int i = 0; i < res->nfind; i++)
        if (!strcmp(res->find[i].mnemonic, mn)) {
            res->find[i].count++;
            return;
        }
    if (res->nfind < MAX_FINDINGS) {
        struct finding *f = &res->find[res->nfind++];
        snprintf(f->mnemonic, sizeof(f->mnemonic), "%s", mn);
        f->example = w;
        f->seed = seed;
        f->cls = cls;
        f->count = 1;
    }
}

/* Compare one case under one xemu mode.  0 agree, 1 finding, 2 mismatch. */
static int judge(const struct a64_case *q, const struct a64_case *x, char *diff, size_t len)
{
    /* xemu stops on an instruction qemu runs (qemu may stop later) */
    if (x->sig == SIGILL && (q->sig == 0 || (q->sig == SIGILL && q->out.pc > x->out.pc)))
        return 1;
    int nd = a64_state_diff(&q->out, &x->out, diff, len);
    if (q->sig == A64W_SIG_ERROR)
        snprintf(diff, len, "  qemu runner could not set the case up\n");
    else if (q->sig != x->sig && !nd)
        snprintf(diff, len, "  signal: qemu %d, xemu %d\n", q->sig, x->sig);
    return nd || q->sig != x->sig || q->sig == A64W_SIG_ERROR ? 2 : 0;
}

static void run_worker(int w, struct worker_result *res)
{
    struct dt_seq *seq = calloc((size_t)opt_batch, sizeof(*seq));
    struct a64_case *c = calloc((size_t)opt_batch, sizeof(*c));
    struct a64_case *x = calloc((size_t)opt_batch, sizeof(*x));
    int *cls = calloc((size_t)opt_batch, sizeof(*cls));
    unsigned char *verdict = calloc((size_t)opt_batch, 1);
    char diff[8192];
    int printed = 0;
    if (!seq || !c || !x || !cls || !verdict) {
        res->error++;
        return;
    }
    for (unsigned long start = (unsigned long)w * (unsigned long)opt_batch; start < opt_n;
         start += (unsigned long)opt_jobs * (unsigned long)opt_batch) {
        int cnt = (int)(opt_n - start < (unsigned long)opt_batch ? opt_n - start
                                                                  : (unsigned long)opt_batch);
        for (int i = 0; i < cnt; i++) {
            unsigned long idx = start + (unsigned long)i;
            cls[i] = opt_class >= 0 ? opt_class : (int)(idx % (unsigned long)dt_nclasses);
            dt_generate(&dt_classes[cls[i]], opt_seed + idx, &seq[i]);
            c[i].insns = seq[i].insn;
            c[i].n = seq[i].n;
            c[i].in = seq[i].in;
            verdict[i] = 0;
        }
        if (!a64_oracle_qemu_batch(c, cnt)) {
            fprintf(stderr, "difftest: qemu oracle could not run\n");
            res->error++;
            return;
        }
        int modes = 0;
        for (int m = 0; m < A64_XEMU_NMODES; m++) {
            memcpy(x, c, sizeof(*x) * (size_t)cnt);
            a64_oracle_xemu_mode = (enum a64_xemu_mode)m;
            if (!a64_oracle_xemu_batch(x, cnt))
                continue;
            modes++;
            for (int i = 0; i < cnt; i++) {
                if (verdict[i])
                    continue;       /* one report per sequence */
                int v = judge(&c[i], &x[i], diff, sizeof(diff));
                verdict[i] = (unsigned char)v;
                uint64_t seed = opt_seed + start + (unsigned long)i;
                if (v == 1) {
                    uint64_t pc = x[i].out.pc - A64W_DEFAULT_PC;
                    uint32_t word = pc / 4 < (uint64_t)c[i].n ? c[i].insns[pc / 4] : 0;
                    add_finding(res, word, seed, cls[i]);
                } else if (v == 2 && printed++ < opt_max_print) {
                    fprintf(stderr, "\nMISMATCH class %s, mode %s, seed %llu (qemu sig %d, "
                            "xemu sig %d); qemu is 'want', xemu is 'got':\n",
                            dt_classes[cls[i]].name, mode_name[m], (unsigned long long)seed,
                            c[i].sig, x[i].sig);
                    print_seq(&c[i]);
                    print_input(&c[i].in);
                    fputs(diff, stderr);
                    fprintf(stderr, "  reproduce: make difftest SEED=%llu CLASS=%s N=1\n",
                            (unsigned long long)seed, dt_classes[cls[i]].name);
                }
            }
        }
        if (!modes) {
            fprintf(stderr, "difftest: no xemu mode could run\n");
            res->error++;
            return;
        }
        for (int i = 0; i < cnt; i++) {
            res->per_class_n[cls[i] & 31]++;
            res->per_class_ended[cls[i] & 31] += c[i].sig == 0;
            if (c[i].sig == SIGILL)
                res->qemu_undef++;
            if (verdict[i] == 2) {
                res->failed++;
                res->per_class_failed[cls[i] & 31]++;
            } else {
                res->passed++;
            }
        }
    }
}

static void merge(struct worker_result *all, const struct worker_result *r)
{
    all->passed += r->passed;
    all->failed += r->failed;
    all->findings += r->findings;
    all->qemu_undef += r->qemu_undef;
    all->error += r->error;
    for (int k = 0; k < 32; k++) {
        all->per_class_failed[k] += r->per_class_failed[k];
        all->per_class_n[k] += r->per_class_n[k];
        all->per_class_ended[k] += r->per_class_ended[k];
    }
    for (int i = 0; i < r->nfind; i++) {
        int j;
        for (j = 0; j < all->nfind; j++)
            if (!strcmp(all->find[j].mnemonic, r->find[i].mnemonic))
                break;
        if (j < all->nfind)
            all->find[j].count += r->find[i].count;
        else if (all->nfind < MAX_FINDINGS)
            all->find[all->nfind++] = r->find[i];
    }
}

static int find_class(const char *name)
{
    if (!strcmp(name, "all"))
        return -1;
    for (int i = 0; i < dt_nclasses; i++)
        if (!strcmp(dt_classes[i].name, name))
            return i;
    fprintf(stderr, "difftest: unknown class %s (--list shows them)\n", name);
    exit(2);
}

static void usage(void)
{
    fprintf(stderr, "usage: difftest [--seed S] [--class NAME|all] [--n N] [--jobs J] "
            "[--batch B] [--max-print K] [--list]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    /* QEMU_CPU=model runs both sides as that model (the oracle follows
     * it on xemu's side); the generators then draw only FPCR bits the
     * model has */
    const char *model = getenv("QEMU_CPU");
    if (model && *model && !a64_cpu_select(model)) {
        fprintf(stderr, "difftest: unknown CPU model %s (xemu -cpu help)\n", model);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--list")) {
            for (int k = 0; k < dt_nclasses; k++)
                printf("%-10s %s\n", dt_classes[k].name, dt_classes[k].what);
            return 0;
        }
        if (!v)
            usage();
        if (!strcmp(a, "--seed"))
            opt_seed = strtoull(v, NULL, 0);
        else if (!strcmp(a, "--class"))
            opt_class = find_class(v);
        else if (!strcmp(a, "--n"))
            opt_n = strtoul(v, NULL, 0);
        else if (!strcmp(a, "--jobs"))
            opt_jobs = atoi(v);
        else if (!strcmp(a, "--batch"))
            opt_batch = atoi(v);
        else if (!strcmp(a, "--max-print"))
            opt_max_print = atoi(v);
        else
            usage();
        i++;
    }
    if (opt_jobs < 1)
        opt_jobs = 1;
    if (opt_batch < 1)
        opt_batch = 1;

    struct worker_result *res = mmap(NULL, sizeof(*res) * (size_t)opt_jobs,
                                     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (res == MAP_FAILED)
        return 2;
    memset(res, 0, sizeof(*res) * (size_t)opt_jobs);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fflush(NULL);
    for (int w = 0; w < opt_jobs; w++) {
        if (opt_jobs == 1) {        /* in process: easier to debug */
            run_worker(0, &res[0]);
            break;
        }
        pid_t pid = fork();
        if (pid == 0) {
            run_worker(w, &res[w]);
            fflush(NULL);
            _exit(0);
        }
        if (pid < 0)
            res[w].error++;
    }
    int st;
    while (wait(&st) > 0)
        if (!WIFEXITED(st) || WEXITSTATUS(st))
            res[0].error++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    static struct worker_result all;
    for (int w = 0; w < opt_jobs; w++)
        merge(&all, &res[w]);

    if (all.nfind) {
        fprintf(stderr, "\nfindings: qemu executes, xemu reports undefined "
                "(%lu sequences; not failures):\n", all.findings);
        for (int i = 0; i < all.nfind; i++) {
            char text[200];
            dt_disas(all.find[i].example, A64W_DEFAULT_PC, text, sizeof(text));
            fprintf(stderr, "  %-10s x%-6u e.g. %08x %-40s (SEED=%llu CLASS=%s)\n",
                    all.find[i].mnemonic, all.find[i].count, all.find[i].example, text,
                    (unsigned long long)all.find[i].seed, dt_classes[all.find[i].cls].name);
        }
    }
    for (int k = 0; k < dt_nclasses && k < 32; k++)
        if (all.per_class_n[k])
            fprintf(stderr, "class %-10s %8lu sequences, %8lu ran to the end under qemu, "
                    "%lu failed\n", dt_classes[k].name, all.per_class_n[k],
                    all.per_class_ended[k], all.per_class_failed[k]);
    fprintf(stderr, "difftest: %lu sequences in %.1f s (%.0f/s, %d jobs, every xemu mode); "
            "%lu raised SIGILL under qemu too\n", all.passed + all.failed, secs,
            secs > 0 ? (double)(all.passed + all.failed) / secs : 0.0, opt_jobs, all.qemu_undef);
    printf("%lu passed, %lu failed\n", all.passed, all.failed + all.error);
    return all.failed || all.error ? 1 : 0;
}
