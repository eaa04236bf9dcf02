/*
 * Option parsing, qemu-user compatible: the same single-dash options and
 * QEMU_* environment variables (and XEMU_* equivalents), so xemu can
 * replace qemu-aarch64 in scripts and binfmt set-ups.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/guest_arch.h"
#include "cli/options.h"
#include "xlat/aarch64/sysregs.h"
#include "xlat/xlat.h"

struct xemu_options xemu_options;

#define XEMU_VERSION "0.1.0"

static const struct log_item {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", XLAT_LOG_IN_ASM, "show guest instructions of each translated block" },
    { "op", XLAT_LOG_OP, "show the IR of each block before optimization" },
    { "op_opt", XLAT_LOG_OP_OPT, "show the IR after optimization" },
    { "out_asm", XLAT_LOG_OUT_ASM, "show the host code of each block" },
    { "exec", XLAT_LOG_EXEC, "show each block executed (disables chaining)" },
    { "unimp", XLAT_LOG_UNIMP, "log unimplemented instructions and syscalls" },
    { "strace", XLAT_LOG_STRACE, "log system calls (same as -strace)" },
    { "chain", XLAT_LOG_CHAIN, "log block chaining" },
    { "interp", 0, "run the IR through the reference interpreter (no JIT)" },
    { "noopt", 0, "skip the IR optimizer" },
    { "nochain", 0, "never chain blocks" },
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xemu-aarch64 [options] program [arguments...]\n"
            "Runs an aarch64 Linux program on this host.\n\n"
            "Options (environment variable in brackets):\n"
            "  -h                print this help and exit\n"
            "  -version          print the version and exit\n"
            "  -L path           prefix for the ELF interpreter and guest absolute paths\n"
            "                    [XEMU_LD_PREFIX, QEMU_LD_PREFIX]\n"
            "  -E var=value      set a variable in the guest environment [QEMU_SET_ENV]\n"
            "  -U var            remove a variable from the guest environment [QEMU_UNSET_ENV]\n"
            "  -0 argv0          use argv0 as the guest's argv[0] [QEMU_ARGV0]\n"
            "  -s size           guest stack size (k/M/G suffixes) [QEMU_STACK_SIZE]\n"
            "  -cpu model        CPU model: max (default), cortex-a53, cortex-a72,\n"
            "                    neoverse-n1...; -cpu help lists them [QEMU_CPU]\n"
            "  -d item[,...]     log items, `-d help` lists them [XEMU_LOG, QEMU_LOG]\n"
            "  -D file           write logs to file instead of stderr [QEMU_LOG_FILENAME]\n"
            "  -strace           log system calls [QEMU_STRACE, XEMU_STRACE]\n"
            "  -one-insn-per-tb  translate one guest instruction per block\n"
            "  -perfmap          write /tmp/perf-PID.map so `perf report` names\n"
            "                    translated code by guest address [XEMU_PERFMAP]\n"
            "  -g port           wait for a gdb connection (not available yet)\n"
            "  -plugin file      load a plugin (not available yet)\n");
}

static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        goto bad;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end)
        goto bad;
    return v;
bad:
    fprintf(stderr, "xemu: bad size '%s'\n", s);
    exit(1);
}

static void push(char ***list, const char *s)
{
    size_t n = 0;
    while (*list && (*list)[n])
        n++;
    char **l = realloc(*list, (n + 2) * sizeof(char *));
    if (!l)
        abort();
    l[n] = strdup(s);
    l[n + 1] = NULL;
    *list = l;
}

/* Comma-separated list (QEMU_SET_ENV=a=1,b=2) */
static void push_list(char ***list, const char *csv)
{
    char *copy = strdup(csv), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        push(list, t);
    free(copy);
}

static const char *need_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "xemu: option %s needs an argument\n", argv[*i]);
        exit(1);
    }
    return argv[++*i];
}

static const char *env2(const char *a, const char *b)
{
    const char *v = getenv(a);
    return v ? v : getenv(b);
}

void options_parse(int argc, char **argv)
{
    struct xemu_options *o = &xemu_options;
    const char *v;

    if ((v = env2("XEMU_LD_PREFIX", "QEMU_LD_PREFIX")))
        o->ld_prefix = v;
    if ((v = env2("XEMU_STRACE", "QEMU_STRACE")))
        o->strace = true;
    if ((v = env2("XEMU_LOG", "QEMU_LOG")))
        o->log_items = v;
    if ((v = env2("XEMU_LOG_FILENAME", "QEMU_LOG_FILENAME")))
        o->log_file = v;
    if ((v = env2("XEMU_CPU", "QEMU_CPU")))
        o->cpu = v;
    if ((v = env2("XEMU_STACK_SIZE", "QEMU_STACK_SIZE")))
        o->stack_size = parse_size(v);
    if (getenv("XEMU_PERFMAP"))
        o->perfmap = true;
    if ((v = env2("XEMU_ARGV0", "QEMU_ARGV0")))
        o->argv0 = v;
    if ((v = env2("XEMU_SET_ENV", "QEMU_SET_ENV")))
        push_list(&o->set_env, v);
    if ((v = env2("XEMU_UNSET_ENV", "QEMU_UNSET_ENV")))
        push_list(&o->unset_env, v);

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *opt = argv[i] + 1;
        if (*opt == '-')
            opt++; /* --help and -help alike */
        if (!strcmp(opt, "")) { /* "--": end of options */
            i++;
            break;
        } else if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(opt, "version")) {
            printf("xemu-aarch64 version " XEMU_VERSION "\n");
            exit(0);
        } else if (!strcmp(opt, "L")) {
            o->ld_prefix = need_arg(argc, argv, &i);
        } else if (!strcmp(opt, "E")) {
            push(&o->set_env, need_arg(argc, argv, &i));
        } else if (!strcmp(opt, "U")) {
            push(&o->unset_env, need_arg(argc, argv, &i));
        } else if (!strcmp(opt, "0")) {
            o->argv0 = need_arg(argc, argv, &i);
        } else if (!strcmp(opt, "s")) {
            o->stack_size = parse_size(need_arg(argc, argv, &i));
        } else if (!strcmp(opt, "cpu")) {
            o->cpu = need_arg(argc, argv, &i);
        } else if (!strcmp(opt, "d")) {
            o->log_items = need_arg(argc, argv, &i);
        } else if (!strcmp(opt, "D")) {
            o->log_file = need_arg(argc, argv, &i);
        } else if (!strcmp(opt, "strace")) {
            o->strace = true;
        } else if (!strcmp(opt, "perfmap")) {
            o->perfmap = true;
        } else if (!strcmp(opt, "one-insn-per-tb") || !strcmp(opt, "singlestep")) {
            o->one_insn_per_tb = true;
        } else if (!strcmp(opt, "g") || !strcmp(opt, "plugin")) {
            fprintf(stderr, "xemu: option -%s is not available in this version\n", opt);
            exit(1);
        } else {
            fprintf(stderr, "xemu: unknown option '%s' (try -h)\n", argv[i]);
            exit(1);
        }
    }
    if (o->cpu && !strcmp(o->cpu, "help")) {
        printf("Available CPUs:\n");
        const struct a64_cpu_model *m;
        for (unsigned k = 0; (m = a64_cpu_model(k)); k++)
            printf("  %-12s %s\n", m->name, m->what);
        exit(0);
    }
    if (o->cpu) {
        if (!a64_cpu_select(o->cpu)) {
            fprintf(stderr, "xemu: unknown CPU model '%s' (try -cpu help)\n", o->cpu);
            exit(1);
        }
        /* the model decides the HWCAPs the loader puts in auxv */
        guest_aarch64.hwcap = a64_hwcap();
        guest_aarch64.hwcap2 = a64_hwcap2();
    }
    if (i >= argc) {
        usage(stderr);
        exit(1);
    }
    o->prog_index = i;
}

void options_apply_log(void)
{
    struct xemu_options *o = &xemu_options;
    xlat_opts.logf = stderr;
    xlat_opts.one_insn_per_tb = o->one_insn_per_tb;
    if (o->strace)
        xlat_opts.log |= XLAT_LOG_STRACE;
    if (o->log_items) {
        char *copy = strdup(o->log_items), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            size_t k;
            if (!strcmp(t, "help")) {
                printf("Log items (-d item,...):\n");
                for (k = 0; k < sizeof(log_items) / sizeof(log_items[0]); k++)
                    printf("  %-8s %s\n", log_items[k].name, log_items[k].help);
                exit(0);
            }
            for (k = 0; k < sizeof(log_items) / sizeof(log_items[0]); k++)
                if (!strcmp(t, log_items[k].name))
                    break;
            if (k == sizeof(log_items) / sizeof(log_items[0])) {
                fprintf(stderr, "xemu: unknown log item '%s' (try -d help)\n", t);
                exit(1);
            }
            xlat_opts.log |= log_items[k].mask;
            if (!strcmp(t, "interp"))
                xlat_opts.interp = true;
            if (!strcmp(t, "noopt"))
                xlat_opts.no_opt = true;
            if (!strcmp(t, "nochain"))
                xlat_opts.no_chain = true;
        }
        free(copy);
    }
    if (o->perfmap) {
        char path[64];
        snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
        xlat_opts.perfmap = fopen(path, "w");
        if (!xlat_opts.perfmap) {
            fprintf(stderr, "xemu: cannot write %s: %s\n", path, strerror(errno));
            exit(1);
        }
        setvbuf(xlat_opts.perfmap, NULL, _IOLBF, 0);
    }
    if (o->log_file) {
        FILE *f = fopen(o->log_file, "w");
        if (!f) {
            fprintf(stderr, "xemu: cannot open log file %s: %s\n", o->log_file, strerror(errno));
            exit(1);
        }
        setvbuf(f, NULL, _IOLBF, 0);
        xlat_opts.logf = f;
    }
}

char **options_guest_env(void)
{
    extern char **environ;
    char **env = calloc(1, sizeof(char *)); /* an empty, growable list */
    if (!env)
        abort();
    for (char **e = environ; *e; e++) {
        bool drop = false;
        for (char **u = xemu_options.unset_env; u && *u && !drop; u++) {
            size_t n = strlen(*u);
            drop = !strncmp(*e, *u, n) && (*e)[n] == '=';
        }
        if (!drop)
            push(&env, *e);
    }
    for (char **s = xemu_options.set_env; s && *s; s++) {
        const char *eq = strchr(*s, '=');
        size_t n = eq ? (size_t)(eq - *s) : strlen(*s);
        size_t k = 0;
        for (; env[k]; k++)
            if (!strncmp(env[k], *s, n) && env[k][n] == '=')
                break;
        if (env[k]) {
            free(env[k]);
            env[k] = strdup(*s);
        } else {
            push(&env, *s);
        }
    }
    return env;
}

char **options_reexec_argv(void)
{
    static char **args;
    if (args)
        return args;
    struct xemu_options *o = &xemu_options;
    args = calloc(1, sizeof(char *));
    if (!args)
        abort();
    if (o->ld_prefix) {
        push(&args, "-L");
        push(&args, o->ld_prefix);
    }
    if (o->strace)
        push(&args, "-strace");
    if (o->log_items) {
        push(&args, "-d");
        push(&args, o->log_items);
    }
    if (o->log_file) {
        push(&args, "-D");
        push(&args, o->log_file);
    }
    if (o->one_insn_per_tb)
        push(&args, "-one-insn-per-tb");
    if (o->perfmap)
        push(&args, "-perfmap");
    if (o->cpu) {
        push(&args, "-cpu");
        push(&args, o->cpu);
    }
    return args;
}
