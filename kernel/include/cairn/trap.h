/*
 * Traps. For now the kernel expects none: every trap is a kernel bug and
 * stops the run. The trap vector is in entry.S; handling proper comes with
 * the scheduler.
 */
#ifndef CAIRN_TRAP_H
#define CAIRN_TRAP_H

/* stvec target for every hart (entry.S); calls trap_unexpected. */
void trap_vector(void);

/* Report the trap's cause and address, then panic. */
__attribute__((noreturn)) void trap_unexpected(void);

#endif /* CAIRN_TRAP_H */
