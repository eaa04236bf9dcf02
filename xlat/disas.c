/*
 * Capstone wrappers for the translation logs.  Handles are opened on first
 * use: logging is off in normal runs and costs nothing then.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xlat/disas.h"
#include "xlat/xlat.h"

static csh guest_cs, host_cs;
static bool guest_open, host_open;

static bool open_guest(void)
{
    if (!guest_open)
        guest_open = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &guest_cs) == CS_ERR_OK;
    return guest_open;
}

void disas_guest(uint64_t pc, uint32_t insn, char *buf, size_t len)
{
    cs_insn *ci;
    snprintf(buf, len, "?");
    if (!open_guest())
        return;
    if (cs_disasm(guest_cs, (const uint8_t *)&insn, 4, pc, 1, &ci) == 1) {
        snprintf(buf, len, "%s %s", ci->mnemonic, ci->op_str);
        cs_free(ci, 1);
    }
}

void disas_guest_range(FILE *f, uint64_t pc, size_t bytes)
{
    for (size_t off = 0; off < bytes; off += 4) {
        uint32_t insn;
        char text[160];
        memcpy(&insn, (const void *)(uintptr_t)(pc + off), 4);
        disas_guest(pc + off, insn, text, sizeof(text));
        fprintf(f, "  0x%012" PRIx64 ":  %08x      %s\n", pc + off, insn, text);
    }
}

void disas_host_range(FILE *f, const uint8_t *code, size_t bytes, uint64_t rx)
{
    cs_insn *ci;
    if (!host_open)
        host_open = cs_open(CS_ARCH_X86, CS_MODE_64, &host_cs) == CS_ERR_OK;
    if (!host_open)
        return;
    size_t n = cs_disasm(host_cs, code, bytes, rx, 0, &ci);
    for (size_t k = 0; k < n; k++)
        fprintf(f, "  0x%012" PRIx64 ":  %-8s %s\n", ci[k].address, ci[k].mnemonic, ci[k].op_str);
    if (n)
        cs_free(ci, n);
}
