// A plain store to another address between LDXR and STXR leaves the local
// monitor in the Exclusive Access state (Arm ARM local monitor state
// machine: Store(!Marked_address) keeps Exclusive Access; only a store to
// the marked address is IMPLEMENTATION DEFINED, so it is not tested), so
// the STXR succeeds; a 32-bit LDXR/STXR pair on another cell too, and
// LDXP/STXP of a 16-byte aligned pair.
// expect: x0=0 x1=0x11 x2=0x22 x3=0 x4=0x33 x5=0 x6=0x44 x7=0x55
    .globl snippet
snippet:
    adrp x10, cells
    add x10, x10, :lo12:cells
    add x11, x10, #128              // another cache line
    mov x12, #0x11
    mov x13, #0x22
    ldxr x14, [x10]
    str x13, [x11]                  // other address
    stxr w0, x12, [x10]             // 0: still exclusive
    ldr x1, [x10]                   // 0x11
    ldr x2, [x11]                   // 0x22
    mov w12, #0x33
    ldxr w14, [x11]
    stxr w3, w12, [x11]             // 0
    ldr w4, [x11]                   // 0x33
    add x15, x10, #256
    mov x12, #0x44
    mov x13, #0x55
    ldxp x14, x16, [x15]
    stxp w5, x12, x13, [x15]        // 0
    ldp x6, x7, [x15]
    mov x10, #0
    mov x11, #0
    mov x12, #0
    mov x13, #0
    mov x14, #0
    mov x15, #0
    mov x16, #0
    ret
    .data
    .balign 64
cells: .skip 512
