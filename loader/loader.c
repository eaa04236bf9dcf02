/*
 * loader_load: runs the guest program the way execve would on an arm64
 * kernel.  Validates the program and its interpreter first (elf_check.c),
 * then maps the program with its brk area, the interpreter, and the
 * stack (elf_map.c, stack.c); only when everything succeeded are the
 * mappings entered in the guest vmmap and guest_image filled, so a
 * failure leaves nothing behind.  Called once by cli/ at start-up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/loader_int.h"
#include "loader/vmmap.h"

struct image_info guest_image;
const char *loader_ld_prefix;

const char *loader_resolve_path(const char *path, char *buf)
{
    const char *prefix = loader_ld_prefix;
    if (!path || path[0] != '/' || !prefix || !prefix[0])
        return path;
    size_t plen = strlen(prefix);
    while (plen > 1 && prefix[plen - 1] == '/')
        plen--;     /* "-L /sysroot/" + "/lib/x" -> "/sysroot/lib/x" */
    if (plen + strlen(path) >= PATH_MAX)
        return path;
    memcpy(buf, prefix, plen);
    strcpy(buf + plen, path);
    return access(buf, F_OK) == 0 ? buf : path;
}

static uint64_t end_of(const struct elf_file *f, unsigned i, bool memsz)
{
    return f->ph[i].p_vaddr + (memsz ? f->ph[i].p_memsz : f->ph[i].p_filesz);
}

/* start/end_code and _data as the kernel computes them for mm_struct. */
static void code_data_bounds(const struct elf_file *f, uint64_t bias, struct image_info *o)
{
    uint64_t sc = UINT64_MAX, ec = 0, sd = 0, ed = 0;
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type != PT_LOAD)
            continue;
        if ((p->p_flags & PF_X) && p->p_vaddr < sc)
            sc = p->p_vaddr;
        if (p->p_vaddr > sd)
            sd = p->p_vaddr;
        if ((p->p_flags & PF_X) && end_of(f, i, false) > ec)
            ec = end_of(f, i, false);
        if (end_of(f, i, false) > ed)
            ed = end_of(f, i, false);
    }
    o->start_code = (sc == UINT64_MAX ? 0 : sc) + bias;
    o->end_code = ec + bias;
    o->start_data = sd + bias;
    o->end_data = ed + bias;
}

int loader_load(const struct guest_arch *arch, const char *path,
                char *const argv[], char *const envp[],
                const struct loader_opts *o, struct image_info *out,
                char *err, size_t errlen)
{
    struct loader_opts none = { 0 };
    if (!o)
        o = &none;
    if (err && errlen)
        err[0] = '\0';
    if (!arch || !path || !out) {
        ld_err(err, errlen, "loader: missing program");
        return -1;
    }
    if (o->ld_prefix)
        loader_ld_prefix = o->ld_prefix;

    struct image_info img;
    memset(&img, 0, sizeof img);
    struct elf_file prog, interp;
    struct elf_mapped pm, im;
    bool have_interp = false;
    char interp_buf[PATH_MAX];
    char msg[512];

    if (elf_open_check(&prog, path, arch, false, err, errlen) < 0)
        return -1;
    if (prog.has_interp) {
        const char *ipath = loader_resolve_path(prog.interp, interp_buf);
        snprintf(img.interp_path, sizeof img.interp_path, "%s", ipath);
        if (elf_open_check(&interp, img.interp_path, arch, true, msg, sizeof msg) < 0) {
            ld_err(err, errlen, "%s: interpreter %s", path, msg);
            elf_close(&prog);
            return -1;
        }
        have_interp = true;
    }

    if (elf_map(&prog, true, &pm, err, errlen) < 0)
        goto fail_close;
    if (have_interp && elf_map(&interp, false, &im, msg, sizeof msg) < 0) {
        ld_err(err, errlen, "%s: interpreter %s", path, msg);
        goto fail_prog;
    }

    if (!realpath(path, img.exe_path))
        snprintf(img.exe_path, sizeof img.exe_path, "%s", path);
    char interp_real[PATH_MAX] = "";
    if (have_interp && !realpath(img.interp_path, interp_real))
        snprintf(interp_real, sizeof interp_real, "%s", img.interp_path);

    img.load_bias = pm.bias;
    img.prog_entry = prog.eh.e_entry + pm.bias;
    img.phdr = prog.phdr_vaddr ? prog.phdr_vaddr + pm.bias : 0;
    img.phnum = prog.eh.e_phnum;
    img.phent = sizeof(Elf64_Phdr);
    img.interp_base = have_interp ? im.bias : 0;
    img.entry = have_interp ? interp.eh.e_entry + im.bias : img.prog_entry;
    code_data_bounds(&prog, pm.bias, &img);
    img.start_brk = img.brk = pm.brk_start;
    img.brk_limit = pm.brk_limit;

    /* argv0 replaces what the guest sees as argv[0] (qemu's -0). */
    size_t argc = 0;
    while (argv && argv[argc])
        argc++;
    char **gargv = calloc(argc + 1, sizeof *gargv);
    if (!gargv) {
        ld_err(err, errlen, "%s: out of memory", path);
        goto fail_interp;
    }
    for (size_t i = 0; i < argc; i++)
        gargv[i] = argv[i];
    if (o->argv0 && argc)
        gargv[0] = (char *)o->argv0;
    struct stack_args sa = {
        .arch = arch, .argv = gargv, .envp = envp, .execfn = path,
        .size = o->stack_size, .exec = prog.exec_stack,
        .phdr = img.phdr, .phnum = img.phnum, .entry = img.prog_entry,
        .base = img.interp_base,
    };
    int rc = stack_build(&sa, &img, msg, sizeof msg);
    free(gargv);
    if (rc < 0) {
        ld_err(err, errlen, "%s: %s", path, msg);
        goto fail_interp;
    }

    elf_register(&prog, &pm, img.exe_path);
    if (have_interp)
        elf_register(&interp, &im, interp_real);
    vmmap_add(img.stack_low, img.stack_high,
              PROT_READ | PROT_WRITE | (prog.exec_stack ? PROT_EXEC : 0),
              MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, 0, "[stack]");
    if (have_interp)
        elf_close(&interp);
    elf_close(&prog);
    *out = img;
    if (out != &guest_image)
        guest_image = img;
    return 0;

fail_interp:
    if (have_interp)
        elf_unmap(&interp, &im);
fail_prog:
    elf_unmap(&prog, &pm);
fail_close:
    if (have_interp)
        elf_close(&interp);
    elf_close(&prog);
    return -1;
}
