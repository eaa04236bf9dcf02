/*
 * /proc/cpuinfo of the emulated aarch64 CPU in the arm64 kernel's format:
 * one block per host CPU; Features from the advertised HWCAP/HWCAP2 bits
 * (names generated from the cross asm/hwcap.h into abi/aarch64/), and the
 * MIDR fields the frontend reports to MRS MIDR_EL1.
 */
#include <unistd.h>

#include "abi/abi.h"
#include "abi/aarch64/abi_aarch64.h"
#include "procfs/procfs.h"
#include "xlat/aarch64/sysregs.h"

int procfs_cpuinfo_aarch64(struct procfs_buf *b)
{
    uint64_t midr = 0, hw = a64_hwcap(), hw2 = a64_hwcap2();
    a64_sysreg_const(A64_SR_MIDR_EL1, &midr);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1)
        ncpu = 1;
    /* the kernel derives BogoMIPS from the timer: rate / 500000 */
    unsigned long long centi = A64_CNTFRQ_HZ / 5000;
    for (long cpu = 0; cpu < ncpu; cpu++) {
        procfs_printf(b, "processor\t: %ld\n", cpu);
        procfs_printf(b, "BogoMIPS\t: %llu.%02llu\n", centi / 100, centi % 100);
        procfs_printf(b, "Features\t:");
        for (unsigned i = 0; i < a64_nhwcap_strs; i++)
            if (hw & (uint64_t)a64_hwcap_strs[i].g)
                procfs_printf(b, " %s", a64_hwcap_strs[i].name);
        for (unsigned i = 0; i < a64_nhwcap2_strs; i++)
            if (hw2 & (uint64_t)a64_hwcap2_strs[i].g)
                procfs_printf(b, " %s", a64_hwcap2_strs[i].name);
        procfs_printf(b, "\n");
        procfs_printf(b, "CPU implementer\t: 0x%02x\n", (unsigned)(midr >> 24) & 0xff);
        procfs_printf(b, "CPU architecture: 8\n");
        procfs_printf(b, "CPU variant\t: 0x%x\n", (unsigned)(midr >> 20) & 0xf);
        procfs_printf(b, "CPU part\t: 0x%03x\n", (unsigned)(midr >> 4) & 0xfff);
        procfs_printf(b, "CPU revision\t: %u\n\n", (unsigned)midr & 0xf);
    }
    return 0;
}
