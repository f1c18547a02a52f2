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
#define PLIC_CLAIM(ctx)	       (MEMLAYOUT_PLIC + 0x200004 + 0x1000 * (ctx))
#define PLIC_S_CONTEXT(hartid) (2 * (hartid) + 1)

static void plic_write(uint64_t addr, uint32_t value)
{
	*(volatile uint32_t *)phys_to_ptr(addr) = value;
}

static uint32_t plic_read(uint64_t addr)
{
	return *(volatile uint32_t *)phys_to_ptr(addr);
}

void plic_init(void)
{
	for (uint64_t src = 1; src < PLIC_SOURCES; src++)
		plic_write(PLIC_PRIORITY(src), 0);
}

void plic_init_hart(uint64_t hartid)
{
	uint64_t ctx = PLIC_S_CONTEXT(hartid);

	for (uint64_t word = 0; word < (PLIC_SOURCES + 31) / 32; word++)
		plic_write(PLIC_ENABLE(ctx, word), 0);
	plic_write(PLIC_THRESHOLD(ctx), 0);
}

void plic_enable(uint64_t hartid, uint32_t src)
{
	uint64_t source = src;
	uint64_t addr = PLIC_ENABLE(PLIC_S_CONTEXT(hartid), source / 32);

	plic_write(PLIC_PRIORITY(source), 1);
	plic_write(addr, plic_read(addr) | (1u << (src % 32)));
}

uint32_t plic_claim(uint64_t hartid)
{
	return plic_read(PLIC_CLAIM(PLIC_S_CONTEXT(hartid)));
}

void plic_complete(uint64_t hartid, uint32_t src)
{
	plic_write(PLIC_CLAIM(PLIC_S_CONTEXT(hartid)), src);
}
