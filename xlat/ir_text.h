/*
 * Names shared by the IR dumper and parser (the textual IR of `-d op` and
 * of the optimizer tests).
 */
#ifndef XEMU_XLAT_IR_TEXT_H
#define XEMU_XLAT_IR_TEXT_H

extern const char *const ir_cmp_names[12];
extern const char *const ir_cc_names[16];
extern const char *const ir_atomic_names[9];
extern const char *const ir_barrier_names[3];
extern const char *const ir_exit_names[8];

#endif
