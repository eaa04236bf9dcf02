// FEAT_FP16 NaN handling (Arm ARM FPProcessNaNs, FPMulAdd, FPMaxNum,
// FPMin at N=16): a signalling NaN operand wins over a quiet one and is
// quieted (0x7d00 -> 0x7f00) with IOC; FPCR.DN (bit 25) gives the default
// NaN 0x7e00; FMAXNM takes the number over a quiet NaN; FMIN of -0 and +0
// is -0; FMADD with a quiet-NaN addend and inf * 0 gives the default NaN
// with IOC; FNMUL negates the product, NaN included (FPNeg of the result).
// expect: x0=0x7f00 x1=0x7e00 x2=0x3c00 x3=0x8000 x4=0x7e00 x5=0xfe01 fpsr=0x1
    .arch armv8.2-a+fp16
    .globl snippet
snippet:
    mov w10, #0x7e01                // quiet NaN, payload 1
    fmov h1, w10
    mov w10, #0x7d00                // signalling NaN
    fmov h2, w10
    fadd h0, h1, h2                 // SNaN wins: 0x7f00, IOC
    fmov w0, h0
    mov x10, #0x2000000             // DN
    msr fpcr, x10
    fmov h3, #1.0
    fadd h0, h1, h3                 // default NaN
    fmov w1, h0
    msr fpcr, xzr
    fmaxnm h0, h1, h3               // 1.0
    fmov w2, h0
    movi d4, #0
    fneg h5, h4                     // -0
    fmin h0, h4, h5                 // -0
    fmov w3, h0
    mov w10, #0x7c00                // +inf
    fmov h6, w10
    mov w10, #0x7e05
    fmov h7, w10                    // quiet NaN addend
    fmadd h0, h6, h4, h7            // h7 + inf * 0: default NaN, IOC
    fmov w4, h0
    fnmul h0, h1, h3                // -(qNaN * 1) = 0xfe01
    fmov w5, h0
    mov x10, #0
    ret
