// NaN propagation (Arm ARM FPProcessNaNs: a signalling NaN operand wins,
// first operand first, and is quieted (bit 22 set) with Invalid
// Operation; otherwise the first quiet NaN operand is returned unchanged;
// FPCR.DN = 1 (bit 25) returns the default NaN 0x7fc00000 instead; an
// invalid operation without NaN inputs (inf - inf) gives the default NaN).
// expect: x0=0x7fc00001 x1=0x7fc00002 x2=0x7fc00003 x3=0x7fc00002 x4=0x7fc00000 x5=0x7fc00000 x6=0x7ff8000000000005 fpsr=0x1
    .globl snippet
snippet:
    mov w10, #0x0001
    movk w10, #0x7fc0, lsl #16
    fmov s1, w10                    // qNaN 1
    mov w10, #0x0002
    movk w10, #0x7fc0, lsl #16
    fmov s2, w10                    // qNaN 2
    mov w10, #0x0003
    movk w10, #0x7f80, lsl #16
    fmov s3, w10                    // sNaN 3
    fmov s0, #1.0
    fadd s4, s1, s2
    fmov w0, s4                     // qNaN 1
    fadd s4, s2, s1
    fmov w1, s4                     // qNaN 2
    fadd s4, s1, s3
    fmov w2, s4                     // sNaN 3 quieted, IOC
    fmul s4, s0, s2
    fmov w3, s4                     // qNaN 2
    mov x10, #0x2000000             // DN
    msr fpcr, x10
    fadd s4, s1, s0
    fmov w4, s4                     // default NaN
    msr fpcr, xzr
    mov w10, #0x7f800000            // +inf
    fmov s5, w10
    fsub s4, s5, s5
    fmov w5, s4                     // default NaN, IOC
    mov x10, #0x0005
    movk x10, #0x7ff8, lsl #48
    fmov d6, x10
    fmov d7, #1.0
    fadd d4, d6, d7
    fmov x6, d4                     // the double qNaN
    mov x10, #0
    ret
