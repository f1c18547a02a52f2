/*
 * What a trap means (cairn/trap.h): the per-hart contexts, the names of the
 * causes, and the two C entry points the vector calls. From user mode: a
 * system call, a timer tick (preemption), a device interrupt or a fault
 * that ends the process; from S-mode: only a timer tick, a kick or a device
 * interrupt while idle, anything else is a kernel bug. A kick (software interrupt) only asks the
 * hart to look at the run queues again, which every way out of the kernel does.
 */
#include "cairn/trap.h"

#include "cairn/device.h"
#include "cairn/fpu_switch.h"
#include "cairn/memlayout.h"
#include "cairn/panic.h"
#include "cairn/proc.h"
#include "cairn/riscv.h"
#include "cairn/sched.h"
#include "cairn/smp.h"
#include "cairn/sys.h"
#include "cairn/timer.h"

static struct hart_ctx trap_harts[SMP_MAX_HARTS];

struct hart_ctx *hart_self(void)
{
	uint64_t slot = riscv_tp();

	if (slot >= SMP_MAX_HARTS)
		PANIC("tp holds %lu, not a slot", (unsigned long)slot);
	return &trap_harts[slot];
}

struct hart_ctx *hart_of(size_t slot)
{
	return &trap_harts[slot];
}

void trap_init_hart(size_t slot)
{
	struct hart_ctx *h = &trap_harts[slot];

	h->slot = slot;
	h->kstack_top = (uint64_t)(uintptr_t)&smp_stacks[slot][MEMLAYOUT_KSTACK_SIZE];
	riscv_trap_vector_set(trap_vector);
}

static const char *const trap_exception_names[] = {
	[TRAP_EXC_INSN_MISALIGNED] = "instruction address misaligned",
	[TRAP_EXC_INSN_ACCESS] = "instruction access fault",
	[TRAP_EXC_ILLEGAL_INSN] = "illegal instruction",
	[TRAP_EXC_BREAKPOINT] = "breakpoint",
	[TRAP_EXC_LOAD_MISALIGNED] = "load address misaligned",
	[TRAP_EXC_LOAD_ACCESS] = "load access fault",
	[TRAP_EXC_STORE_MISALIGNED] = "store address misaligned",
	[TRAP_EXC_STORE_ACCESS] = "store access fault",
	[TRAP_EXC_ECALL_U] = "environment call from user mode",
	[TRAP_EXC_ECALL_S] = "environment call from supervisor mode",
	[TRAP_EXC_INSN_PAGE] = "instruction page fault",
	[TRAP_EXC_LOAD_PAGE] = "load page fault",
	[TRAP_EXC_STORE_PAGE] = "store page fault",
};

const char *trap_cause_name(uint64_t scause)
{
	uint64_t code = scause & ~RISCV_SCAUSE_INTERRUPT;

	if ((scause & RISCV_SCAUSE_INTERRUPT) != 0) {
		switch (code) {
		case TRAP_IRQ_S_SOFT:
			return "software interrupt";
		case TRAP_IRQ_S_TIMER:
			return "timer interrupt";
		case TRAP_IRQ_S_EXTERNAL:
			return "external interrupt";
		default:
			return "unknown interrupt";
		}
	}
	if (code < sizeof(trap_exception_names) / sizeof(trap_exception_names[0]) &&
	    trap_exception_names[code] != NULL)
		return trap_exception_names[code];
	return "unknown exception";
}

void trap_from_kernel(struct trap_kernel_frame *frame)
{
	uint64_t scause = riscv_scause();

	if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_TIMER)) {
		timer_tick(hart_self());
		return;
	}
	if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_SOFT)) {
		sched_take_kick();
		return;
	}
	if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_EXTERNAL)) {
		/* Only in the idle window, where the lock is free (sched_idle). */
		klock_acquire();
		device_irq_take(hart_self()->hartid);
		klock_release();
		return;
	}
	PANIC("%s in the kernel, pc=0x%lx tval=0x%lx", trap_cause_name(scause),
	      (unsigned long)frame->sepc, (unsigned long)riscv_stval());
}

/*
 * Every entry from user mode takes the kernel lock first and gives it up
 * only on the way back out (in sched_resume); see cairn/sched.h for why
 * one lock.
 */
void trap_from_user(struct hart_ctx *hart)
{
	uint64_t scause = riscv_scause();
	struct thread *t = hart->thread;

	fpu_leave(hart, t); /* before anything can switch this hart to another thread */
	klock_acquire();
	if (scause == TRAP_EXC_ECALL_U && !t->doomed) {
		sys_dispatch(hart, t); /* the entry code moved sepc past the ecall */
	} else if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_TIMER)) {
		timer_tick(hart);
		sched_preempt(hart);
	} else if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_SOFT)) {
		sched_take_kick();
	} else if (scause == (RISCV_SCAUSE_INTERRUPT | TRAP_IRQ_S_EXTERNAL)) {
		device_irq_take(hart->hartid);
	} else if (t->doomed) {
		/* Its process ended while it ran; whatever brought it in no longer matters. */
	} else {
		proc_fault(hart, t, scause, t->tf.sepc, riscv_stval());
	}
	sched_resume(hart);
}
