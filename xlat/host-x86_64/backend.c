/* Placeholder: the x86-64 backend lands here (encode.c, regalloc.c, lower.c). */
#include "xlat/xlat.h"
const struct host_backend host_x86_64;
