/*
 * The guest architecture of this process, chosen once by main (kept out of
 * main.c so that unit tests, which do not link main, see it too).
 */
#include "cli/guest_arch.h"

const struct guest_arch *guest;
