/*
 * The device capabilities the kernel hands out (cairn/device.h): the virt
 * machine's console UART (a 16550 at MEMLAYOUT_UART0, PLIC source 10) as
 * one MMIO region and one interrupt line, and the claim/signal/acknowledge
 * cycle of bound interrupts.
 */
#include "cairn/device.h"

#include "cairn/abi/errors.h"
#include "cairn/memlayout.h"
#include "cairn/plic.h"

#define DEVICE_UART_IRQ 10

struct mmio_region device_uart_mmio = {.base = MEMLAYOUT_UART0, .size = MEMLAYOUT_MMIO_PAGE};
struct irq_line device_uart_irq = {.source = DEVICE_UART_IRQ};

/* The lines bound interrupts can come from. */
static struct irq_line *const device_irqs[] = {&device_uart_irq};

static uint64_t device_boot_hartid;

void device_init(uint64_t boot_hartid)
{
	device_boot_hartid = boot_hartid;
}

void device_irq_bind(struct irq_line *line, struct notification *n, uint32_t bit)
{
	notification_ref(n);
	if (line->note != NULL)
		notification_unref(line->note);
	line->note = n;
	line->bit = bit;
	plic_enable(device_boot_hartid, line->source);
}

int device_irq_ack_check(const struct irq_line *line)
{
	return line->claimed ? 0 : ERR_INVAL;
}

void device_irq_ack(struct irq_line *line)
{
	line->claimed = false;
	plic_complete(line->claim_hartid, line->source);
}

void device_irq_take(uint64_t hartid)
{
	uint32_t src = plic_claim(hartid);

	for (size_t i = 0; i < sizeof(device_irqs) / sizeof(device_irqs[0]); i++) {
		struct irq_line *line = device_irqs[i];

		if (line->source != src || line->note == NULL)
			continue;
		line->claimed = true;
		line->claim_hartid = hartid;
		notification_signal(line->note, 1u << line->bit);
		return;
	}
	if (src != 0)
		plic_complete(hartid, src); /* no driver: nothing to wait for */
}
