/*
 * The PLIC's registers (cairn/plic.h). Context 2 * hart + 1 is a hart's
 * supervisor context on QEMU virt (2 * hart is its machine context).
 */
#include "cairn/plic.h"

#include "cairn/memlayout.h"
#include "cairn/phys.h"

#define PLIC_PRIORITY(src)     (MEMLAYOUT_PLIC + 4 * (src))
#define PLIC_ENABLE(ctx, word) (MEMLAYOUT_PLIC + 0x2000 + 0x80 * (ctx) + 4 * (word))
#define PLIC_THRESHOLD(ctx)    (MEMLAYOUT_PLIC + 0x200000 + 0x1000 * (ctx))

static void plic_write(uint64_t addr, uint32_t value)
{
	*(volatile uint32_t *)phys_to_ptr(addr) = value;
}

void plic_init(void)
{
	for (uint64_t src = 1; src < PLIC_SOURCES; src++)
		plic_write(PLIC_PRIORITY(src), 0);
}

void plic_init_hart(uint64_t hartid)
{
	uint64_t ctx = 2 * hartid + 1;

	for (uint64_t word = 0; word < (PLIC_SOURCES + 31) / 32; word++)
		plic_write(PLIC_ENABLE(ctx, word), 0);
	plic_write(PLIC_THRESHOLD(ctx), 0);
}
