// FEAT_FP16 rounding to half precision (Arm ARM FPRoundBase at N=16, E=5,
// F=10, largest normal 65504 = 0x7bff): overflow gives infinity under
// round-to-nearest and +inf direction, the largest normal under round
// toward zero, with OFC|IXC (bits 2, 4); 65504 + 16 = 65520 is halfway
// and ties to the even candidate 2^16, which overflows; 65504 + 8 rounds
// back to 65504 (IXC only); 1 + 2^-24 rounds up to 0x3c01 toward +inf and
// down to 0x3c00 toward -inf.  SCVTF of 65520 overflows the same way.
// expect: x0=0x7c00 x1=0x7bff x2=0x7c00 x3=0x7bff x4=0x3c01 x5=0x3c00 x6=0x7c00 x7=0x14 x8=0x10 x9=0x14 fpsr=0x14
    .arch armv8.2-a+fp16
    .globl snippet
snippet:
    mov w10, #0x7bff
    fmov h1, w10                    // 65504
    fmov h2, #2.0
    fmul h0, h1, h2                 // RN: +inf
    fmov w0, h0
    mrs x7, fpsr
    mov x10, #0xc00000              // RMode = RZ
    msr fpcr, x10
    fmul h0, h1, h2                 // RZ: 65504
    fmov w1, h0
    msr fpcr, xzr
    msr fpsr, xzr
    fmov h3, #16.0
    fadd h0, h1, h3                 // 65520: tie to even -> 2^16 -> inf
    fmov w2, h0
    fmov h3, #8.0
    msr fpsr, xzr
    fadd h0, h1, h3                 // 65512 -> 65504, IXC
    fmov w3, h0
    mrs x8, fpsr
    mov w10, #1
    fmov h4, w10                    // 2^-24
    fmov h5, #1.0
    mov x10, #0x400000              // RP
    msr fpcr, x10
    fadd h0, h5, h4
    fmov w4, h0
    mov x10, #0x800000              // RM
    msr fpcr, x10
    fadd h0, h5, h4
    fmov w5, h0
    msr fpcr, xzr
    msr fpsr, xzr
    mov w10, #65520
    scvtf h0, w10                   // inf, OFC|IXC
    fmov w6, h0
    mrs x9, fpsr
    mov x10, #0
    ret
