// FPCR.RMode (bits 23:22: 00 RN, 01 RP, 10 RM, 11 RZ) steers FADD/FSUB
// rounding and FRINTI/FRINTX (Arm ARM FPRoundInt uses FPCR.RMode for
// FRINTI/FRINTX; FRINTX raises Inexact, FRINTI does not).
// 1.0 + 2^-30 is not representable in single precision: RN and RM give
// 1.0, RP gives the next float up 0x3f800001; -1.0 - 2^-30: RM gives
// 0xbf800001, RZ gives -1.0.
// expect: x0=0x3f800000 x1=0x3f800001 x2=0x40400000 x3=0xbf800001 x4=0xc0400000 x5=0xbf800000 x6=0x40000000 x7=0x40000000 fpsr=0x10
    .globl snippet
snippet:
    fmov s0, #1.0
    mov w9, #0x30800000             // 2^-30
    fmov s1, w9
    fmov s4, #-1.0
    fmov s5, #2.5
    fmov s6, #-2.5
    fadd s2, s0, s1
    fmov w0, s2                     // RN: 1.0
    mov x10, #0x400000              // RP
    msr fpcr, x10
    fadd s2, s0, s1
    fmov w1, s2                     // 0x3f800001
    frinti s3, s5
    fmov w2, s3                     // 3.0
    mov x10, #0x800000              // RM
    msr fpcr, x10
    fsub s2, s4, s1
    fmov w3, s2                     // 0xbf800001
    frinti s3, s6
    fmov w4, s3                     // -3.0
    mov x10, #0xc00000              // RZ
    msr fpcr, x10
    fsub s2, s4, s1
    fmov w5, s2                     // -1.0
    frintx s3, s5
    fmov w6, s3                     // 2.0, IXC
    msr fpcr, xzr                   // RN
    frinti s3, s5
    fmov w7, s3                     // 2.0 (ties to even)
    mov x9, #0
    mov x10, #0
    ret
