// FEAT_FP16 flush-to-zero (Arm ARM FPUnpackBase and FPRoundBase at N=16):
// with FPCR.FZ16 (bit 19) a denormal half input reads as zero WITHOUT
// FPSR.IDC (InputDenorm is only signalled for single/double), and a tiny
// half result (below 2^-14) becomes a zero of its sign with FPSR.UFC
// (bit 3) even when exact, without IXC; without FZ16 an exact tiny result
// is a denormal and raises nothing (Underflow needs inexactness).
// FPCR.FZ (bit 24) does not apply to half precision.
// expect: x0=0 x4=0 x1=0x8000 x5=0x8 x2=0x200 x6=0 x3=2 x7=0 x8=0x0002 x9=0 fpsr=0
    .arch armv8.2-a+fp16
    .globl snippet
snippet:
    mov x10, #0x80000               // FZ16
    msr fpcr, x10
    msr fpsr, xzr
    mov w11, #1
    fmov h1, w11                    // smallest denormal 2^-24
    fadd h0, h1, h1                 // 0 + 0 = +0, no IDC
    fmov w0, h0
    mrs x4, fpsr
    msr fpsr, xzr
    mov w11, #0x0400                // 2^-14, smallest normal
    fmov h2, w11
    mov w11, #0xb800                // -0.5
    fmov h3, w11
    fmul h0, h2, h3                 // -2^-15: tiny -> -0, UFC
    fmov w1, h0
    mrs x5, fpsr
    msr fpsr, xzr
    msr fpcr, xzr
    fneg h3, h3                     // +0.5
    fmul h0, h2, h3                 // 2^-15 = denormal 0x0200, exact
    fmov w2, h0
    mrs x6, fpsr
    mov x10, #0x1000000             // FZ only
    msr fpcr, x10
    fadd h0, h1, h1                 // 2^-23 = 0x0002, FZ ignored for halves
    fmov w3, h0
    mrs x7, fpsr
    fabs h4, h1                     // a bit operation: 0x0001 stays
    fadd h4, h4, h4                 // still FZ only: 0x0002
    fmov w8, h4
    msr fpcr, xzr
    msr fpsr, xzr
    mov x9, #0
    mov x10, #0
    mov x11, #0
    ret
