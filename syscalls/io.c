/*
 * Event and descriptor I/O syscalls whose structs differ between guest
 * and host: epoll (struct epoll_event is packed to 12 bytes on x86-64,
 * 16 on arm64).  poll/select/ioctl arguments have one layout on both
 * 64-bit sides (checked by the generator) and pass through in table.c.
 */
#include <stdlib.h>
#include <sys/epoll.h>

#include "signals/signals.h"
#include "syscalls/sys_defs.h"

SYS(epoll_create1)
{
    return sys_ret(epoll_create1((int)abi_flags_g2h(ABI_M_open_flags, a[0])));
}

SYS(epoll_ctl)
{
    struct epoll_event ev, *pev = NULL;
    if (a[3]) {
        if (gmem_read_struct(ABI_L_epoll_event, &ev, a[3]) < 0)
            return sys_err(EFAULT);
        ev.events = (uint32_t)abi_flags_g2h(ABI_M_epoll_events, ev.events);
        pev = &ev;
    }
    return sys_ret(epoll_ctl((int)a[0], (int)a[1], (int)a[2], pev));
}

static int64_t epoll_wait_common(const uint64_t a[6], bool pwait2)
{
    int max = (int)a[2];
    if (max <= 0 || max > (1 << 20))
        return sys_err(EINVAL);
    const struct abi_layout *l = abi_layout(ABI_L_epoll_event);
    struct epoll_event *ev = malloc((size_t)max * sizeof *ev);
    if (!ev)
        return sys_err(ENOMEM);
    /* blocking: through safe_syscall so a signal that arrives just before
     * the wait interrupts it instead of waiting for the next event */
    long r = pwait2 ? safe_syscall(SYS_epoll_pwait2, (long)(int)a[0], ev, (long)max, a[3], a[4], a[5])
                    : safe_syscall(SYS_epoll_pwait, (long)(int)a[0], ev, (long)max, (long)(int)a[3],
                                   a[4], a[5]);
    if (r > 0) {
        unsigned char *g = malloc((size_t)r * l->gsize);
        if (!g) {
            free(ev);
            return sys_err(ENOMEM);
        }
        for (long i = 0; i < r; i++)
            ev[i].events = (uint32_t)abi_flags_h2g(ABI_M_epoll_events, ev[i].events);
        abi_conv_array(l, ABI_H2G, g, ev, (size_t)r);
        if (gmem_write(a[1], g, (size_t)r * l->gsize) < 0)
            r = -1, errno = EFAULT;
        free(g);
    }
    int64_t ret = sys_ret(r);
    free(ev);
    return ret;
}

SYS(epoll_pwait)
{
    return epoll_wait_common(a, false);
}

SYS(epoll_pwait2)
{
    return epoll_wait_common(a, true);
}
