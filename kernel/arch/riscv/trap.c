/*
 * The catch-all trap handler: the kernel takes no traps yet, so any trap is
 * reported with its cause, address and value, and the run stops.
 */
#include "cairn/trap.h"

#include "cairn/panic.h"
#include "cairn/riscv.h"

void trap_unexpected(void)
{
	PANIC("unexpected trap scause 0x%lx sepc 0x%lx stval 0x%lx", (unsigned long)riscv_scause(),
	      (unsigned long)riscv_sepc(), (unsigned long)riscv_stval());
}
