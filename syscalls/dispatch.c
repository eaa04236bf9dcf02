/*
 * Guest syscall dispatch: the guest number is mapped to its generic Linux
 * name by the generated per-arch table (abi/<arch>/), the name to a row of
 * the arch-neutral handler table (syscalls/table.c) once at start-up.
 * Unknown numbers give -ENOSYS and a log line with -strace or -d unimp.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/strace.h"
#include "syscalls/sys_internal.h"
#include "syscalls/thread.h"

/* Built once (pthread_once), read-only afterwards: safe from any thread.
 * Handlers run in parallel in every guest thread; each keeps its own
 * shared state thread-safe (see the comment next to each). */
static const struct sys_row **by_nr;
static uint32_t nr_count;
/* set_tid_address goes to thread.c (its row is a host pass-through,
 * which would hand the host thread's exit word to the guest) */
static uint64_t nr_set_tid_address = UINT64_MAX;
static pthread_once_t built = PTHREAD_ONCE_INIT;

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sys_row *)a)->name, ((const struct sys_row *)b)->name);
}

static void build_table(void)
{
    static struct sys_row *sorted;
    sorted = malloc(sys_nrows * sizeof *sorted);
    by_nr = calloc(abi->nr_count, sizeof *by_nr);
    if (!sorted || !by_nr)
        abort();
    memcpy(sorted, sys_rows, sys_nrows * sizeof *sorted);
    qsort(sorted, sys_nrows, sizeof *sorted, row_cmp);
    for (uint32_t nr = 0; nr < abi->nr_count; nr++) {
        const char *name = abi->syscall_names[nr];
        if (!name)
            continue;
        struct sys_row key = { .name = name };
        by_nr[nr] = bsearch(&key, sorted, sys_nrows, sizeof *sorted, row_cmp);
        if (!strcmp(name, "set_tid_address"))
            nr_set_tid_address = nr;
    }
    nr_count = abi->nr_count;
}

void sys_unimp(const char *fmt, ...)
{
    if (!(xlat_opts.log & (XLAT_LOG_UNIMP | XLAT_LOG_STRACE)))
        return;
    FILE *f = xlat_opts.logf ? xlat_opts.logf : stderr;
    va_list ap;
    va_start(ap, fmt);
    flockfile(f);       /* one line, even with other threads logging */
    fprintf(f, "xemu: ");
    vfprintf(f, fmt, ap);
    fprintf(f, "\n");
    funlockfile(f);
    va_end(ap);
    fflush(f);
}

const char *sys_name(uint64_t nr)
{
    pthread_once(&built, build_table);
    return nr < abi->nr_count ? abi->syscall_names[nr] : NULL;
}


static int64_t run_row(struct xlat_env *env, uint64_t nr, const struct sys_row *row,
                       const uint64_t a[6])
{
    if (nr == nr_set_tid_address)
        return sys_thread_set_tid_address(a[0]);
    return row->fn(env, a);
}

int64_t syscall_dispatch(struct xlat_env *env, uint64_t nr, const uint64_t a[6])
{
    pthread_once(&built, build_table);
    const struct sys_row *row = nr < nr_count ? by_nr[nr] : NULL;
    bool trace = xlat_opts.log & XLAT_LOG_STRACE;
    if (!row) {
        const char *name = nr < nr_count ? abi->syscall_names[nr] : NULL;
        sys_unimp("unsupported syscall %llu (%s)", (unsigned long long)nr,
                  name ? name : "unknown number");
        return -(int64_t)abi_value_h2g(ABI_M_errno, ENOSYS);
    }
    if (!trace)
        return run_row(env, nr, row, a);

    FILE *f = xlat_opts.logf ? xlat_opts.logf : stderr;
    char call[1024], res[256];
    if (row->ret == 'n') {
        /* may never return: print now */
        strace_format_call(call, sizeof call, row->name, row->args, a, false, 0);
        fprintf(f, "%s = ?\n", call);
        fflush(f);
    }
    int64_t r = run_row(env, nr, row, a);
    /* formatted after the call, as strace does, so output buffers show */
    strace_format_call(call, sizeof call, row->name, row->args, a, true, r);
    strace_format_result(res, sizeof res, row->ret, r);
    fprintf(f, "%s%s\n", call, res);
    fflush(f);
    return r;
}
