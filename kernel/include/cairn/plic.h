/*
 * The platform-level interrupt controller, set up but quiet: every source
 * at priority 0 (never delivered), and each hart's supervisor context with
 * nothing enabled and threshold 0. User drivers will enable sources later.
 */
#ifndef CAIRN_PLIC_H
#define CAIRN_PLIC_H

#include <stdint.h>

/* Interrupt sources the QEMU virt PLIC has (1..PLIC_SOURCES-1; 0 means none). */
#define PLIC_SOURCES 96

/* Set every source's priority to 0; once, on the boot hart. */
void plic_init(void);

/* Disable every source for `hartid`'s supervisor context and set its threshold. */
void plic_init_hart(uint64_t hartid);

#endif /* CAIRN_PLIC_H */
