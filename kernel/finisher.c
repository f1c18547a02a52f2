/*
 * The QEMU virt test finisher at MEMLAYOUT_FINISHER. A 32-bit write of 0x5555
 * ends the run with status 0; (code << 16) | 0x3333 ends it with status code.
 */
#include "cairn/finisher.h"

#include "cairn/memlayout.h"
#include "cairn/riscv.h"

enum { FINISHER_PASS = 0x5555, FINISHER_FAIL = 0x3333 };

__attribute__((noreturn)) static void finisher_write(uint32_t value)
{
	volatile uint32_t *reg = (volatile uint32_t *)MEMLAYOUT_FINISHER;

	riscv_fence_rw_rw();
	*reg = value;
	for (;;)
		riscv_wfi();
}

void finisher_pass(void)
{
	finisher_write(FINISHER_PASS);
}

void finisher_fail(enum finisher_code code)
{
	finisher_write(((uint32_t)code << 16) | FINISHER_FAIL);
}
