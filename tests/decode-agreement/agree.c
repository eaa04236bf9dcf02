/*
 * Decoder agreement (`make check-decode`): every distinct 32-bit word of
 * the executable sections of the ELF files named on the command line,
 * plus a number of random words, goes through xemu's A64 frontend (valid
 * or undefined; for valid words, whether it ends the block, i.e. is a
 * branch or exception) and through capstone; where they disagree,
 * binutils' objdump (aarch64-linux-gnu-objdump, newer than Debian's
 * capstone 4.0.2) arbitrates, and the disagreement must be covered by a
 * rule of tests/decode-agreement/rules.txt (a documented capstone gap or
 * a documented xemu gap).  Prints counts and `N passed, N failed`
 * (words agreeing or covered by a rule / words not covered).
 *
 *   agree [--random N] [--seed S] [--rules FILE] [--show K] ELF...
 */
#include <capstone/capstone.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xlat/aarch64/translate.h"
#include "xlat/ir.h"
#include "xlat/xlat.h"

#define PC 0x20000000000ull

/* ---- word collection ---------------------------------------------------- */

static uint32_t *words;
static size_t nwords, capwords;

static void add_word(uint32_t w)
{
    if (nwords == capwords) {
        capwords = capwords ? capwords * 2 : 1 << 20;
        words = realloc(words, capwords * sizeof(*words));
        if (!words) {
            perror("realloc");
            exit(2);
        }
    }
    words[nwords++] = w;
}

static size_t add_elf(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        return 0;
    }
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    size_t before = nwords, shstr;
    if (!e || elf_getshdrstrndx(e, &shstr) != 0) {
        fprintf(stderr, "%s: not an ELF file\n", path);
        close(fd);
        return 0;
    }
    for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
            !(sh.sh_flags & SHF_EXECINSTR))
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        if (!d || !d->d_buf)
            continue;
        const uint8_t *p = d->d_buf;
        for (size_t i = 0; i + 4 <= d->d_size; i += 4) {
            uint32_t w;
            memcpy(&w, p + i, 4);
            add_word(w);
        }
    }
    elf_end(e);
    close(fd);
    return nwords - before;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- the two decoders ---------------------------------------------------- */

/* UNDEF, or VALID with the BRANCH (ends the block: branch, exception)
 * and MEM (accesses memory) bits */
enum { UNDEF = 0, VALID = 1, BRANCH = 2, MEM = 4 };

static uint32_t *code;
static struct ir_block blk;

static int xemu_class(uint32_t w)
{
    code[0] = w;
    code[1] = 0xd503201f;
    if (!a64_frontend.translate_block(&blk, PC, 1))
        return UNDEF;
    int c = VALID;
    for (uint32_t i = 0; i < blk.n; i++) {
        const struct ir_insn *k = &blk.insn[i];
        if (k->op == IR_exit && k->aux == XLAT_EXIT_UNDEF && (uint64_t)k->imm == PC)
            return UNDEF;
        if (k->op == IR_exit || k->op == IR_exit_if || k->op == IR_goto_ptr ||
            (k->op == IR_goto_tb && (uint64_t)k->imm != PC + 4))
            c |= BRANCH;
        if (k->op == IR_ld || k->op == IR_st || k->op == IR_ldv || k->op == IR_stv ||
            k->op == IR_ldex || k->op == IR_stex || k->op == IR_cas || k->op == IR_atomic)
            c |= MEM;
    }
    return c;
}

static csh cs;

static int cs_class(uint32_t w, char *mn, size_t len)
{
    cs_insn *ci = NULL;
    size_t k = cs_disasm(cs, (const uint8_t *)&w, 4, PC, 1, &ci);
    if (!k)
        return UNDEF;
    snprintf(mn, len, "%.31s %.60s", ci->mnemonic, ci->op_str);
    int c = VALID;
    if (ci->detail) {
        for (int g = 0; g < ci->detail->groups_count; g++) {
            unsigned gr = ci->detail->groups[g];
            if (gr == CS_GRP_JUMP || gr == CS_GRP_CALL || gr == CS_GRP_RET ||
                gr == CS_GRP_INT)
                c |= BRANCH;
        }
        for (int o = 0; o < ci->detail->arm64.op_count; o++)
            if (ci->detail->arm64.operands[o].type == ARM64_OP_MEM)
                c |= MEM;
    }
    cs_free(ci, k);
    return c;
}

/* ---- rules --------------------------------------------------------------- */

struct rule {
    char kind[24];          /* capstone-lacks, capstone-accepts, xemu-lacks, class */
    regex_t re;
    char text[160];
    char reason[300];
    unsigned long hits;
};
static struct rule rules[256];
static int nrules;

static void load_rules(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char line[800];
    while (fgets(line, sizeof(line), f) && nrules < 256) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) {
            fprintf(stderr, "%s: bad rule (want KIND<TAB>REGEX<TAB>REASON): %s\n", path, line);
            exit(2);
        }
        *t1 = *t2 = 0;
        struct rule *r = &rules[nrules];
        snprintf(r->kind, sizeof(r->kind), "%.23s", line);
        snprintf(r->text, sizeof(r->text), "%.159s", t1 + 1);
        snprintf(r->reason, sizeof(r->reason), "%.299s", t2 + 1);
        if (regcomp(&r->re, t1 + 1, REG_EXTENDED | REG_NOSUB)) {
            fprintf(stderr, "%s: bad regex %s\n", path, t1 + 1);
            exit(2);
        }
        nrules++;
    }
    fclose(f);
}

static struct rule *match(const char *kind, const char *text)
{
    for (int i = 0; i < nrules; i++)
        if (!strcmp(rules[i].kind, kind) && !regexec(&rules[i].re, text, 0, NULL, 0))
            return &rules[i];
    return NULL;
}

/* ---- objdump as the arbiter ------------------------------------------- */

static const char *cls_name(int c)
{
    static const char *const n[] = { "undefined", "valid", "?", "branch", "?", "memory",
                                     "?", "branch+memory" };
    return n[c & 7];
}

struct dis {
    uint32_t w;
    int xemu, cs;
    char cs_text[96];
    char od_text[96];       /* objdump's text; "" = undefined */
};

static void objdump_all(struct dis *d, size_t n)
{
    char bin[] = "/tmp/xemu-agree-XXXXXX";
    int fd = mkstemp(bin);
    if (fd < 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (write(fd, &d[i].w, 4) != 4)
            break;
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "aarch64-linux-gnu-objdump -D -b binary -maarch64 %s", bin);
    FILE *p = popen(cmd, "r");
    char line[512];
    while (p && fgets(line, sizeof(line), p)) {
        unsigned long off;
        unsigned w;
        int used = 0;
        if (sscanf(line, " %lx: %x %n", &off, &w, &used) < 2 || !used || off % 4 ||
            off / 4 >= n)
            continue;
        char *t = line + used;
        t[strcspn(t, "\n")] = 0;
        for (char *c = t; *c; c++)
            if (*c == '\t')
                *c = ' ';
        if (!strncmp(t, ".inst", 5) || strstr(t, "undefined") || strstr(t, "UNDEFINED"))
            continue;
        snprintf(d[off / 4].od_text, sizeof(d[off / 4].od_text), "%.95s", t);
    }
    if (p)
        pclose(p);
    unlink(bin);
}

int main(int argc, char **argv)
{
    unsigned long nrandom = 2000000, seed = 1, show = 20;
    const char *rules_path = "tests/decode-agreement/rules.txt";
    int i;
    elf_version(EV_CURRENT);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--random") && i + 1 < argc)
            nrandom = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules_path = argv[++i];
        else if (!strcmp(argv[i], "--show") && i + 1 < argc)
            show = strtoul(argv[++i], NULL, 0);
        else {
            size_t k = add_elf(argv[i]);
            fprintf(stderr, "%-60s %zu words\n", argv[i], k);
        }
    }
    load_rules(rules_path);
    uint64_t x = seed * 0x9e3779b97f4a7c15ull | 1;
    for (unsigned long k = 0; k < nrandom; k++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        add_word((uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32));
    }
    size_t total = nwords;
    qsort(words, nwords, sizeof(*words), cmp_u32);
    size_t u = 0;
    for (size_t k = 0; k < nwords; k++)
        if (!u || words[u - 1] != words[k])
            words[u++] = words[k];
    nwords = u;

    code = mmap((void *)(uintptr_t)PC, 8192, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (code == MAP_FAILED || cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK)
        return 2;
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    ir_block_init(&blk, PC);

    unsigned long agree_valid = 0, agree_undef = 0;
    struct dis *dd = NULL;
    size_t nd = 0, capd = 0;
    for (size_t k = 0; k < nwords; k++) {
        char mn[96] = "";
        int xc = xemu_class(words[k]), cc = cs_class(words[k], mn, sizeof(mn));
        if (xc == cc) {
            if (xc == UNDEF)
                agree_undef++;
            else
                agree_valid++;
            continue;
        }
        if (nd == capd) {
            capd = capd ? capd * 2 : 4096;
            dd = realloc(dd, capd * sizeof(*dd));
            if (!dd)
                return 2;
        }
        dd[nd] = (struct dis){ .w = words[k], .xemu = xc, .cs = cc };
        snprintf(dd[nd].cs_text, sizeof(dd[nd].cs_text), "%.95s", mn);
        nd++;
    }
    objdump_all(dd, nd);

    unsigned long covered = 0, failed = 0, shown = 0;
    for (size_t k = 0; k < nd; k++) {
        struct dis *d = &dd[k];
        const char *kind;
        bool od_valid = d->od_text[0] != 0;
        char undef_text[32];
        snprintf(undef_text, sizeof(undef_text), "(undefined) %08x", d->w);
        const char *text = od_valid ? d->od_text : d->cs != UNDEF ? d->cs_text : undef_text;
        if (d->xemu != UNDEF && d->cs != UNDEF)
            kind = (d->xemu ^ d->cs) & BRANCH ? "class" : "memory";     /* both valid */
        else if (d->cs == UNDEF)
            kind = od_valid ? "capstone-lacks" : "xemu-accepts";
        else
            kind = od_valid ? "xemu-lacks" : "capstone-accepts";
        struct rule *r = match(kind, text);
        if (r) {
            r->hits++;
            covered++;
            continue;
        }
        failed++;
        if (shown++ < show)
            fprintf(stderr, "DISAGREE %-16s %08x  xemu %s, capstone %s (%s), objdump: %s\n",
                    kind, d->w, cls_name(d->xemu), cls_name(d->cs),
                    d->cs_text, od_valid ? d->od_text : "undefined");
    }
    fprintf(stderr, "\nrules used (kind, pattern, words, reason):\n");
    for (int k = 0; k < nrules; k++)
        if (rules[k].hits)
            fprintf(stderr, "  %-16s %-28s %8lu  %s\n", rules[k].kind, rules[k].text,
                    rules[k].hits, rules[k].reason);
    fprintf(stderr, "decode agreement: %zu words (%zu distinct): %lu valid and %lu undefined "
            "for both; %zu disagree: %lu covered by a documented rule, %lu not\n",
            total, nwords, agree_valid, agree_undef, nd, covered, failed);
    printf("%lu passed, %lu failed\n", agree_valid + agree_undef + covered, failed);
    return failed ? 1 : 0;
}
