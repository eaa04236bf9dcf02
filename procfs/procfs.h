/*
 * The guest's view of /proc: a table of nodes (self/exe, self/maps,
 * self/auxv, self/cmdline, cpuinfo...) that describe the guest program
 * instead of xemu.  syscalls/ consults it once, at guest path resolution
 * (openat, readlinkat, newfstatat, statx, faccessat, execve).
 */
#ifndef XEMU_PROCFS_PROCFS_H
#define XEMU_PROCFS_PROCFS_H

#include <stdbool.h>
#include <stddef.h>

struct procfs_buf {
    char *data;
    size_t len, cap;
};
/* Append formatted text (grows the buffer; on allocation failure the
 * text is dropped and buf->data stays valid). */
void procfs_printf(struct procfs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void procfs_append(struct procfs_buf *b, const void *data, size_t len);

struct procfs_node {
    const char *name;           /* "exe", "maps" (under /proc/self) or "cpuinfo" (under /proc) */
    int per_process;            /* lives under /proc/self, /proc/<pid> */
    /* Link nodes: write the target into buf (PATH_MAX); 0 or -errno. */
    int (*readlink)(char *buf, size_t len);
    /* Generated files: fill b; 0 or -errno. */
    int (*read)(struct procfs_buf *b);
};

/* The node a guest absolute path names, or NULL to use the host's file. */
const struct procfs_node *procfs_lookup(const char *path);
/* Cheap pre-check for relative paths: could path's last component be
 * one of the nodes? */
bool procfs_may_name(const char *path);
/* Make the host process look like the guest to others, once per process:
 * the calling host thread takes the guest program's name if it still has
 * xemu's (threads created later inherit it), and /proc/<pid>/cmdline,
 * environ and auxv show the guest's (PR_SET_MM_MAP).  Called early
 * (set_robust_list/rseq at libc start-up), on /proc use, prctl and clone. */
void procfs_sync_identity(void);
/* A read-only memfd holding a generated node's contents, at offset 0;
 * or -errno. */
int procfs_open(const struct procfs_node *n);
/* The contents as a malloc'd buffer (*out, caller frees); length or -errno. */
long procfs_read(const struct procfs_node *n, char **out);

/* Record that host fd holds the generated node the guest opened as
 * guest_path, so /proc/self/fd/<fd> can name it as the kernel would. */
void procfs_note_fd(int fd, const char *guest_path);
/* If guest_path is /proc/self/fd/N (or our pid's, or a task's) and N is
 * such an fd, write the kernel's link target into buf and return its
 * length; else -1. */
int procfs_fd_link(const char *guest_path, char *buf, size_t len);

/* The arch's /proc/cpuinfo (procfs/<arch>/cpuinfo.c). */
int procfs_cpuinfo_aarch64(struct procfs_buf *b);

#endif
