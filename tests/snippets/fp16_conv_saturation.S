// FEAT_FP16 conversions at saturation (Arm ARM FPToFixed from N=16):
// infinities and out-of-range values saturate to the destination's
// limits with IOC (bit 0), NaN converts to 0 with IOC, negative values to
// an unsigned destination give 0 with IOC; in-range inexact conversions
// raise IXC (bit 4), FCVTN* ties to even and FCVTA* away from zero.
// The 16-bit vector forms saturate at the element size: 65504 -> 0x7fff
// signed (IOC), 0xffe0 unsigned (exact).
// expect: x0=0x7fffffff x1=0x8000000000000000 x2=0 x3=0 x4=2 x5=3 x6=0x7fff x7=0xffe0 x8=0xfffffffd x9=0xffff fpsr=0x11
    .arch armv8.2-a+fp16
    .globl snippet
snippet:
    mov w10, #0x7c00
    fmov h1, w10                    // +inf
    fcvtzs w0, h1                   // INT32_MAX, IOC
    fneg h2, h1
    fcvtzs x1, h2                   // INT64_MIN, IOC
    fmov h3, #-1.0
    fcvtzu w2, h3                   // 0, IOC
    mov w10, #0x7e00
    fmov h4, w10
    fcvtzs w3, h4                   // NaN -> 0, IOC
    fmov h5, #2.5
    fcvtns w4, h5                   // 2, IXC
    fcvtas w5, h5                   // 3
    mov w10, #0x7bff
    dup v6.4h, w10                  // 65504 in every lane
    fcvtzs v7.4h, v6.4h             // 0x7fff, IOC
    umov w6, v7.h[0]
    fcvtzu v7.4h, v6.4h             // 0xffe0
    umov w7, v7.h[3]
    fmov h8, #-2.5
    fcvtms w8, h8                   // -3 (toward -inf)
    mov w10, #0x3c00
    dup v9.8h, w10                  // 1.0
    fcmge v10.8h, v9.8h, #0.0       // all ones
    umov w9, v10.h[7]
    mov x10, #0
    ret
