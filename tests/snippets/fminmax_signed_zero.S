// FMIN/FMAX/FMINNM/FMAXNM with signed zeros and NaNs (Arm ARM FPMin/FPMax:
// -0 < +0 for min/max; FMINNM/FMAXNM return the number when exactly one
// operand is a quiet NaN; FMIN/FMAX propagate the (quieted) NaN; a
// signalling NaN input raises Invalid Operation, FPSR.IOC = bit 0).
// expect: x0=0x80000000 x1=0x0 x2=0x80000000 x3=0x0 x4=0x3f800000 x5=0x7fc00000 x6=0x7fc00001 x7=0x3f800000 fpsr=0x1
    .globl snippet
snippet:
    fmov s0, #1.0
    movi v1.2s, #0              // +0
    fneg s2, s1                 // -0
    fmin s3, s1, s2
    fmov w0, s3                 // -0
    fmax s3, s2, s1
    fmov w1, s3                 // +0
    fminnm s3, s1, s2
    fmov w2, s3                 // -0
    fmaxnm s3, s2, s1
    fmov w3, s3                 // +0
    mov w9, #0x7fc00000         // default quiet NaN
    fmov s4, w9
    fminnm s3, s4, s0
    fmov w4, s3                 // 1.0: the number wins
    fmin s3, s4, s0
    fmov w5, s3                 // the quiet NaN
    mov w9, #0x0001
    movk w9, #0x7f80, lsl #16   // signalling NaN 0x7f800001
    fmov s5, w9
    fmax s3, s5, s0
    fmov w6, s3                 // quieted: 0x7fc00001, IOC
    fmaxnm s3, s0, s0
    fmov w7, s3
    ret
