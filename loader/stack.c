/*
 * The guest's initial stack, laid out exactly as Linux builds it for an
 * arm64 ELF program (fs/exec.c copies the strings, binfmt_elf's
 * create_elf_tables the vectors).  From the top of the stack down:
 *
 *   8-byte zero end marker
 *   execfn string                    (AT_EXECFN points here)
 *   envp strings, envp[0] lowest
 *   argv strings, argv[0] lowest
 *   -- aligned down to 16 --
 *   platform string "aarch64"        (AT_PLATFORM)
 *   16 random bytes                  (AT_RANDOM)
 *   padding so that the next item, argc, is 16-byte aligned
 *   auxv pairs ending with AT_NULL
 *   NULL, envp[], NULL, argv[], argc  <- sp
 *
 * (ASLR's random offset of the strings is left out: xemu places things
 * deterministically.)  Used by loader.c; the ranges it records feed
 * /proc/self/cmdline, environ and auxv.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "loader/loader_int.h"
#include "loader/vmmap.h"

/* Linux keeps this much free space below a stack (stack_guard_gap). */
#define STACK_GUARD (256 * LD_PAGE)

static size_t vec_len(char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

static void fill_random(uint8_t *p, size_t n)
{
    while (n) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        p += got;
        n -= (size_t)got;
    }
}

static uint64_t put_string(uint64_t p, const char *s)
{
    size_t len = strlen(s) + 1;
    memcpy((void *)p, s, len);
    return p + len;
}

/* Auxiliary vector, in the kernel's order (arm64's ARCH_DLINFO first). */
static size_t build_auxv(const struct stack_args *a, uint64_t random, uint64_t execfn,
                         uint64_t platform, uint64_t aux[][2])
{
    size_t n = 0;
#define AUX(type, val) (aux[n][0] = (type), aux[n][1] = (val), n++)
    if (a->arch->minsigstksz)
        AUX(AT_MINSIGSTKSZ, a->arch->minsigstksz);
    else
        AUX(AT_IGNORE, 0);
    AUX(AT_HWCAP, a->arch->hwcap);
    AUX(AT_PAGESZ, LD_PAGE);
    long tck = sysconf(_SC_CLK_TCK);
    AUX(AT_CLKTCK, tck > 0 ? (uint64_t)tck : 100);
    AUX(AT_PHDR, a->phdr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, a->phnum);
    AUX(AT_BASE, a->base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, a->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, getuid() != geteuid() || getgid() != getegid());
    AUX(AT_RANDOM, random);
    AUX(AT_HWCAP2, a->arch->hwcap2);
    AUX(AT_EXECFN, execfn);
    AUX(AT_PLATFORM, platform);
    AUX(AT_NULL, 0);
#undef AUX
    return n;
}

enum { MAX_AUXV = 32 };

int stack_build(const struct stack_args *a, struct image_info *out, char *err, size_t errlen)
{
    uint64_t size = LD_PAGE_UP(a->size ? a->size : 8ull << 20);
    if (size < 16 * LD_PAGE || size > (1ull << 40)) {
        ld_err(err, errlen, "stack size %#lx is unreasonable", (unsigned long)a->size);
        return -1;
    }
    size_t argc = vec_len(a->argv), envc = vec_len(a->envp);
    /* Linux refuses argument+environment strings above a quarter of the stack. */
    uint64_t strings = strlen(a->execfn) + 1;
    for (size_t i = 0; i < argc; i++)
        strings += strlen(a->argv[i]) + 1;
    for (size_t i = 0; i < envc; i++)
        strings += strlen(a->envp[i]) + 1;
    if (strings + (argc + envc + 2) * 8 > size / 4) {
        ld_err(err, errlen, "argument list too long for a %lu KiB stack", (unsigned long)(size >> 10));
        return -1;
    }

    void *res = mmap(NULL, size + STACK_GUARD, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (res == MAP_FAILED) {
        ld_err(err, errlen, "cannot map a %lu KiB stack: %s", (unsigned long)(size >> 10),
               strerror(errno));
        return -1;
    }
    uint64_t low = (uint64_t)res + STACK_GUARD, high = low + size;
    int prot = PROT_READ | PROT_WRITE | (a->exec ? PROT_EXEC : 0);
    if (mprotect((void *)low, size, prot) < 0) {
        ld_err(err, errlen, "cannot make the stack accessible: %s", strerror(errno));
        munmap(res, size + STACK_GUARD);
        return -1;
    }
    /* The guard stays reserved (PROT_NONE, not the guest's): an overflow
     * faults instead of running into whatever the host put below. */

    uint64_t p = high - 8;          /* zero end marker (fresh pages are zero) */
    p -= strlen(a->execfn) + 1;
    uint64_t execfn = p;
    put_string(p, a->execfn);

    uint64_t env_bytes = 0, arg_bytes = 0;
    for (size_t i = 0; i < envc; i++)
        env_bytes += strlen(a->envp[i]) + 1;
    for (size_t i = 0; i < argc; i++)
        arg_bytes += strlen(a->argv[i]) + 1;
    out->env_end = p;
    out->env_start = p -= env_bytes;
    out->argv_end = p;
    out->argv_start = p -= arg_bytes;

    p &= ~15ull;
    p -= strlen(a->arch->name) + 1;
    uint64_t platform = p;
    put_string(p, a->arch->name);
    p -= 16;
    uint64_t random = p;
    fill_random((uint8_t *)random, 16);

    uint64_t aux[MAX_AUXV][2];
    size_t naux = build_auxv(a, random, execfn, platform, aux);
    size_t words = 1 + (argc + 1) + (envc + 1) + 2 * naux;
    uint64_t sp = (p - words * 8) & ~15ull;

    uint64_t *w = (uint64_t *)sp;
    *w++ = argc;
    uint64_t s = out->argv_start;
    for (size_t i = 0; i < argc; i++) {
        *w++ = s;
        s = put_string(s, a->argv[i]);
    }
    *w++ = 0;
    s = out->env_start;
    for (size_t i = 0; i < envc; i++) {
        *w++ = s;
        s = put_string(s, a->envp[i]);
    }
    *w++ = 0;
    out->auxv = (uint64_t)w;
    out->auxv_len = naux * 16;
    memcpy(w, aux, naux * 16);

    out->sp = sp;
    out->stack_low = low;
    out->stack_high = high;
    return 0;
}

void stack_unmap(const struct image_info *img)
{
    if (img->stack_high > img->stack_low)
        munmap((void *)(img->stack_low - STACK_GUARD),
               img->stack_high - img->stack_low + STACK_GUARD);
}
