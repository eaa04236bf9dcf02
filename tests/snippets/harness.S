// Entry point shared by the guest snippets (tests/snippets/*.S, run by
// run.py): calls `snippet`, then writes x0-x30, NZCV and FPSR (33 words of
// 8 bytes) to stdout and exits 0.  FPCR starts at 0 (round to nearest).
    .globl _start
_start:
    msr fpsr, xzr
    bl snippet
    adrp x30, regs
    add x30, x30, :lo12:regs
    stp x0, x1, [x30, #0]
    stp x2, x3, [x30, #16]
    stp x4, x5, [x30, #32]
    stp x6, x7, [x30, #48]
    stp x8, x9, [x30, #64]
    stp x10, x11, [x30, #80]
    stp x12, x13, [x30, #96]
    stp x14, x15, [x30, #112]
    stp x16, x17, [x30, #128]
    stp x18, x19, [x30, #144]
    stp x20, x21, [x30, #160]
    stp x22, x23, [x30, #176]
    stp x24, x25, [x30, #192]
    stp x26, x27, [x30, #208]
    stp x28, x29, [x30, #224]
    mrs x0, nzcv
    str x0, [x30, #248]
    mrs x0, fpsr
    str x0, [x30, #256]
    mov x1, x30
    mov x0, #1
    mov x2, #264
    mov x8, #64             // write
    svc #0
    mov x0, #0
    mov x8, #93             // exit
    svc #0
    .bss
    .balign 16
regs: .skip 272
