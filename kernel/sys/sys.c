/*
 * The system-call table and its dispatcher (cairn/sys.h). The table is
 * built from CAIRN_SYSCALLS, so it has exactly the ABI's numbers; each entry
 * is one call's handler in sys_*.c files. A handler runs decode (checks,
 * no changes) then perform (cannot fail) and says whether a0 gets a reply.
 */
#include "cairn/sys.h"

#include "cairn/abi/errors.h"
#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/sys_call.h"

#define SYS_TABLE_ENTRY(num, name, nargs) [num] = sys_##name,
static const sys_handler sys_table[SYS_COUNT] = {CAIRN_SYSCALLS(SYS_TABLE_ENTRY)};
#undef SYS_TABLE_ENTRY

void sys_dispatch(struct hart_ctx *hart, struct thread *t)
{
	struct sys_call c = {
		.hart = hart, .thread = t, .proc = t->proc, .arg = &t->tf.regs[TRAP_REG_A0]};
	uint64_t num = t->tf.regs[TRAP_REG_A7];
	int64_t result = num < SYS_COUNT ? sys_table[num](&c) : ERR_BADSYS;

	if (!c.no_reply)
		t->tf.regs[TRAP_REG_A0] = (uint64_t)result;
	if ((riscv_sstatus() & RISCV_SSTATUS_SUM) != 0)
		PANIC("call %lu left SUM set", (unsigned long)num);
}
