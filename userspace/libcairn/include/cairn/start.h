/*
 * The entry contract between crt0.S and a program. The kernel starts a new
 * process at _start with a0 = a user pointer to its initial handles (index 0
 * is its handle to itself) and a1 = their count, and sp on a stack it mapped.
 * crt0 sets gp and the main thread's TLS (tp), and calls cairn_start with
 * cairn_main, which cairn_start runs, ending the process with its return
 * value. A program defines cairn_main; a hosted program defines main
 * instead and gets cairn_main from libhosted (RFC-0020).
 */
#ifndef LIBCAIRN_START_H
#define LIBCAIRN_START_H

#include <stddef.h>

#include "cairn/abi/rights.h"

typedef int cairn_main_fn(const cairn_handle_t *handles, size_t count);

/* Every program defines this (or links libhosted's); its return value becomes the exit code. */
cairn_main_fn cairn_main;

/* crt0.S passes cairn_main as main_fn. */
_Noreturn void cairn_start(const cairn_handle_t *handles, size_t count, cairn_main_fn *main_fn);

#endif /* LIBCAIRN_START_H */
