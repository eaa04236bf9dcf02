// The local exclusive monitor (Arm ARM B2.9): STXR succeeds (status 0)
// after an LDXR of the same address and size; after CLREX it fails
// (status 1) and does not store; a second STXR without a new LDXR fails.
// expect: x0=0 x1=1 x2=1 x3=0x2a x4=0x2a x5=0
    .globl snippet
snippet:
    adrp x10, cell
    add x10, x10, :lo12:cell
    mov x11, #0x2a
    ldxr x12, [x10]
    stxr w0, x11, [x10]         // 0: stored 0x2a
    ldxr x12, [x10]
    clrex
    mov x13, #0x99
    stxr w1, x13, [x10]         // 1: monitor cleared, no store
    stxr w2, x13, [x10]         // 1: still open
    ldr x3, [x10]               // 0x2a
    ldaxr x4, [x10]             // 0x2a
    stlxr w5, x11, [x10]        // 0
    mov x10, #0
    mov x11, #0
    mov x12, #0
    mov x13, #0
    ret
    .data
    .balign 16
cell: .quad 0
