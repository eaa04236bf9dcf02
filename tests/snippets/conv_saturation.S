// FP -> integer conversions at saturation and in each rounding direction
// (Arm ARM FPToFixed: out-of-range and NaN inputs saturate (NaN -> 0) and
// raise Invalid Operation, FPSR.IOC (bit 0), without Inexact; in-range
// inexact results raise FPSR.IXC (bit 4); FCVTN* ties to even, FCVTA* ties
// away, FCVTM* toward -inf, FCVTP* toward +inf, FCVTZ* toward zero).
// expect: x0=0x7fffffff x1=0x80000000 x2=0 x3=0 x4=0xffffffffffffffff x5=0xfffffffe x6=2 x7=3 x8=0xfffffffd x9=0xfffffffe fpsr=0x11
    .globl snippet
snippet:
    mov w10, #0xd05e
    movk w10, #0x4f32, lsl #16      // 3e9f
    fmov s0, w10
    fcvtzs w0, s0                   // INT32_MAX, IOC
    fneg s0, s0
    fcvtzs w1, s0                   // INT32_MIN, IOC
    fmov s1, #-1.0
    fcvtzu w2, s1                   // 0, IOC
    mov x10, #0x7ff8000000000000
    fmov d2, x10
    fcvtzs x3, d2                   // NaN -> 0, IOC
    mov x10, #0x8c40
    movk x10, #0x78b5, lsl #16
    movk x10, #0xaf1d, lsl #32
    movk x10, #0x4415, lsl #48      // 1e20
    fmov d3, x10
    fcvtzu x4, d3                   // UINT64_MAX, IOC
    fmov s4, #-2.5
    fcvtzs w5, s4                   // -2, IXC
    fmov s5, #2.5
    fcvtns w6, s5                   // 2 (ties to even)
    fcvtas w7, s5                   // 3 (ties away)
    fcvtms w8, s4                   // -3
    fcvtps w9, s4                   // -2
    mov x10, #0
    ret
