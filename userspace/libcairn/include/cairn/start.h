/*
 * The entry contract between crt0.S and a program. The kernel starts a new
 * process at _start with a0 = a user pointer to its initial handles (index 0
 * is its handle to itself) and a1 = their count, and sp on a stack it mapped.
 * crt0 sets gp and calls cairn_start, which runs the program's cairn_main and
 * ends the process with its return value.
 */
#ifndef LIBCAIRN_START_H
#define LIBCAIRN_START_H

#include <stddef.h>

#include "cairn/abi/rights.h"

/* Every program defines this; its return value becomes the exit code. */
int cairn_main(const cairn_handle_t *handles, size_t count);

_Noreturn void cairn_start(const cairn_handle_t *handles, size_t count);

#endif /* LIBCAIRN_START_H */
