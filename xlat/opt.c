/*
 * The optimizer pipeline for one block.  Order matters: forwarding makes
 * guest-register reads into copies, copy propagation and folding simplify
 * them, and the dead-flag and dead-code passes clean up what is left.
 */
#include "xlat/opt.h"
#include "xlat/xlat.h"

void opt_block(struct ir_block *b)
{
    opt_envfwd(b);
    opt_copyprop(b);
    opt_fold(b);
    opt_copyprop(b);
    opt_deadflags(b);
    opt_dce(b);
}
