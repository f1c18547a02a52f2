/*
 * System calls: `ecall` from U-mode with the number in a7 and arguments in
 * a0..a5, answered in a0. sys_dispatch looks the number up in a table built
 * from CAIRN_SYSCALLS (cairn/abi/syscall.h); an unknown number is
 * ERR_BADSYS. Each call is a decode step that checks everything and
 * changes nothing, then a perform step that cannot fail.
 */
#ifndef CAIRN_SYS_H
#define CAIRN_SYS_H

#include <stdbool.h>

#include "cairn/proc.h"
#include "cairn/trap.h"

/* Run the call in t's trap frame (sepc already past the ecall). Lock held. */
void sys_dispatch(struct hart_ctx *hart, struct thread *t);

#endif /* CAIRN_SYS_H */
