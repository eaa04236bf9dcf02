// ADCS/SBCS flags at the edges (Arm ARM AddWithCarry: N = result<63>,
// Z = result == 0, C = unsigned carry out, V = signed overflow; SBCS is
// AddWithCarry(x, NOT(y), C)).  The last instruction's flags are checked
// through NZCV; earlier ones are captured with CSET.
// expect: x0=0x0 x1=1 x2=1 x3=0x8000000000000000 x4=1 x5=0xffffffffffffffff x6=0 x7=0 x8=0x7fffffff x9=1 nzcv=0x60000000
    .globl snippet
snippet:
    // 0xffffffffffffffff + 0 + C=1 = 0, carry out, no overflow
    mov x10, #-1
    subs xzr, xzr, xzr          // C = 1
    adcs x0, x10, xzr
    cset x1, cs                 // 1
    cset x2, eq                 // 1
    // 0x7fffffffffffffff + 0 + C=1 = 0x8000000000000000: signed overflow
    mov x11, #0x7fffffffffffffff
    subs xzr, xzr, xzr
    adcs x3, x11, xzr
    cset x4, vs                 // 1
    // SBCS 0 - 0 - borrow(C=0) = -1: borrow, so C = 0; no overflow
    adds xzr, xzr, xzr          // C = 0
    sbcs x5, xzr, xzr
    cset x6, cs                 // 0
    cset x7, vs                 // 0
    // 32-bit: 0x80000000 - 1 - 0 (C=1) = 0x7fffffff: overflow, C=1
    mov w12, #0x80000000
    mov w13, #1
    subs wzr, wzr, wzr          // C = 1
    sbcs w8, w12, w13
    cset x9, vs                 // 1 (flags now NZCV = 0011 from the SBCS)
    // last flags: 0x7fffffff = 0x80000000 + ~1 + 1: N=0 Z=0 C=1 V=1
    sbcs w8, w12, w13           // again: CSET keeps the flags, C is still 1
    cmp x9, #1                  // x9 - 1 = 0 -> Z=1 C=1: overwritten below
    adds xzr, x10, #1           // -1 + 1 = 0 with carry: N=0 Z=1 C=1 V=0
    mov x0, #0
    ret
