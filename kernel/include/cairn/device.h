/*
 * Device capabilities for user-mode drivers (RFC-0005): MMIO regions and
 * interrupt lines. The kernel makes them at boot for the devices it hands
 * out (the console UART of the virt machine) and gives their handles to
 * init; they live for the whole run, so handles need no reference counts.
 *
 * An interrupt line bound to a notification bit is enabled on the boot
 * hart's supervisor context. When it fires, the kernel claims it, signals
 * the bit and leaves it claimed, so it cannot fire again, until the driver
 * acknowledges it (irq_ack completes the claim).
 */
#ifndef CAIRN_DEVICE_H
#define CAIRN_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/ipc.h"

struct mmio_region {
	uint64_t base; /* physical, page-aligned */
	uint64_t size; /* bytes, a whole number of pages */
};

struct irq_line {
	uint32_t source;	   /* PLIC source number */
	uint32_t bit;		   /* notification bit it sets */
	struct notification *note; /* bound notification (referenced), or NULL */
	bool claimed;		   /* fired, not yet acknowledged */
	uint64_t claim_hartid;	   /* the hart whose context claimed it */
};

extern struct mmio_region device_uart_mmio;
extern struct irq_line device_uart_irq;

/* Record the boot hart, whose supervisor context takes every bound interrupt. */
void device_init(uint64_t boot_hartid);

/* Bind `line` to bit `bit` of `n` and enable it; a previous binding is replaced. */
void device_irq_bind(struct irq_line *line, struct notification *n, uint32_t bit);

/* 0 if `line` is claimed and may be acknowledged, ERR_INVAL otherwise. */
int device_irq_ack_check(const struct irq_line *line);

/* Complete the claim: the line may fire again. */
void device_irq_ack(struct irq_line *line);

/* An external interrupt reached this hart (`hartid`): claim, signal, leave claimed. */
void device_irq_take(uint64_t hartid);

#endif /* CAIRN_DEVICE_H */
