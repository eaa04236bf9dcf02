/* Placeholder until the ELF loader lands. */
#include <stdio.h>
#include <string.h>
#include "loader/loader.h"
struct image_info guest_image;
const char *loader_ld_prefix;
int loader_load(const struct guest_arch *arch, const char *path, char *const argv[],
                char *const envp[], const struct loader_opts *o, struct image_info *out,
                char *err, size_t errlen)
{
    (void)arch; (void)argv; (void)envp; (void)o; (void)out;
    snprintf(err, errlen, "%s: ELF loader not built yet", path);
    return -1;
}
const char *loader_resolve_path(const char *path, char *buf) { (void)buf; return path; }
