/*
 * The platform-level interrupt controller, set up quiet: every source at
 * priority 0 (never delivered), and each hart's supervisor context with
 * nothing enabled and threshold 0. Binding an interrupt for a user driver
 * (cairn/device.h) gives its source a priority and enables it on one hart.
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

/* Give `src` priority 1 and enable it on `hartid`'s supervisor context. */
void plic_enable(uint64_t hartid, uint32_t src);

/* Claim the highest pending source for `hartid`'s supervisor context; 0 when none. */
uint32_t plic_claim(uint64_t hartid);

/* Complete a claim of `src` made on `hartid`'s supervisor context. */
void plic_complete(uint64_t hartid, uint32_t src);

#endif /* CAIRN_PLIC_H */
