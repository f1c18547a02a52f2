/*
 * Traps: the frame the entry code saves, the per-hart context sscratch
 * points at while a hart runs user code, and the named causes of the
 * privileged spec. The entry and exit code is kernel/arch/riscv/trapentry.S;
 * the C side, which decides what a trap means, is kernel/trap/trap.c.
 *
 * Assembly includes this header, so the offsets it relies on are plain
 * defines here, and the C structures below assert them.
 */
#ifndef CAIRN_TRAP_H
#define CAIRN_TRAP_H

/* struct trap_frame: x1..x31 at 8 * n, then sepc. */
#define TF_REG(n) ((n) << 3)
#define TF_SEPC	  256
#define TF_SIZE	  264
/* The frame trap_from_kernel pushes: x1..x31, sepc, sstatus, 16-byte aligned. */
#define KTF_SEPC    256
#define KTF_SSTATUS 264
#define KTF_SIZE    272

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A user thread's registers while it is not running; regs[0] is unused. */
struct trap_frame {
	uint64_t regs[32];
	uint64_t sepc;
};
/* regs[] starts the frame and holds 8-byte registers, so xN is at TF_REG(N). */
_Static_assert(offsetof(struct trap_frame, regs) == TF_REG(0), "regs at the start");
_Static_assert(sizeof(((struct trap_frame *)0)->regs[0]) == TF_REG(1), "8-byte registers");
_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "sepc offset");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame size");

/* Registers by ABI name, as indexes into regs[]. */
enum trap_reg {
	TRAP_REG_RA = 1,
	TRAP_REG_SP = 2,
	TRAP_REG_A0 = 10,
	TRAP_REG_A1 = 11,
	TRAP_REG_A2 = 12,
	TRAP_REG_A3 = 13,
	TRAP_REG_A4 = 14,
	TRAP_REG_A5 = 15,
	TRAP_REG_A7 = 17,
};

/* What trap_from_kernel saved; the C handler only reads it. */
struct trap_kernel_frame {
	uint64_t regs[32];
	uint64_t sepc;
	uint64_t sstatus;
};
_Static_assert(offsetof(struct trap_kernel_frame, sepc) == KTF_SEPC, "kernel sepc offset");
_Static_assert(offsetof(struct trap_kernel_frame, sstatus) == KTF_SSTATUS, "sstatus offset");
_Static_assert(sizeof(struct trap_kernel_frame) == KTF_SIZE, "kernel frame size");
_Static_assert(KTF_SIZE % 16 == 0, "kernel frame keeps the stack aligned");

/* Exception causes (scause with the interrupt bit clear), from the privileged spec. */
enum trap_exception {
	TRAP_EXC_INSN_MISALIGNED = 0,
	TRAP_EXC_INSN_ACCESS = 1,
	TRAP_EXC_ILLEGAL_INSN = 2,
	TRAP_EXC_BREAKPOINT = 3,
	TRAP_EXC_LOAD_MISALIGNED = 4,
	TRAP_EXC_LOAD_ACCESS = 5,
	TRAP_EXC_STORE_MISALIGNED = 6,
	TRAP_EXC_STORE_ACCESS = 7,
	TRAP_EXC_ECALL_U = 8,
	TRAP_EXC_ECALL_S = 9,
	TRAP_EXC_INSN_PAGE = 12,
	TRAP_EXC_LOAD_PAGE = 13,
	TRAP_EXC_STORE_PAGE = 15,
};

/* Interrupt causes (scause with the interrupt bit set). */
enum trap_interrupt {
	TRAP_IRQ_S_SOFT = 1,
	TRAP_IRQ_S_TIMER = 5,
	TRAP_IRQ_S_EXTERNAL = 9,
};

/*
 * Per-hart state. While a hart runs user code, sscratch holds the running
 * thread (whose trap frame starts it, and which names this context); while
 * it runs the kernel, 0: that is how the entry code tells the two apart.
 * The entry code reads fields through the offsets of cairn/asm_offsets.h.
 */
struct hart_ctx {
	uint64_t kstack_top;  /* the kernel stack the entry code switches to */
	uint64_t slot;	      /* the kernel's tp on this hart */
	uint64_t timer_ticks; /* supervisor timer interrupts taken */
	void *thread;	      /* the thread running here, NULL when idle (struct thread) */
	void *handoff;	      /* a thread to run next here, past the run queues (sched_handoff) */
	uint64_t hartid;      /* the hart's id, for its interrupt controller context */
	bool idle;	      /* waiting in wfi for work, not yet kicked; under the kernel lock */
	bool ran_user;	      /* has returned to user mode at least once */
	void *fp_owner;	      /* whose f-registers this hart holds (kernel/proc/fpu.c) */
	uint64_t idle_ticks; /* timebase ticks spent waiting in sched_idle; under the kernel lock */
	uint64_t idle_since; /* `time` when the wait now under way began, 0 when none is */
};

/* The calling hart's context (by its slot, kept in tp). */
struct hart_ctx *hart_self(void);

/* The context of slot `slot` (< SMP_MAX_HARTS). */
struct hart_ctx *hart_of(size_t slot);

/* A short name for an scause value, for messages ("load page fault", "timer interrupt"). */
const char *trap_cause_name(uint64_t scause);

/* Point this hart's stvec at the vector and set up its context; every hart, once. */
void trap_init_hart(size_t slot);

/* stvec target (trapentry.S). */
void trap_vector(void);

/*
 * Leave the kernel for user mode on this hart with the registers of `tf`,
 * the frame that starts a struct thread, which learns that it runs on
 * `hart`; trapentry.S.
 */
__attribute__((noreturn)) void trap_return_to_user(struct hart_ctx *hart, struct trap_frame *tf);

/* C side of a trap from user mode (trapentry.S calls it on the hart's kernel stack). */
__attribute__((noreturn)) void trap_from_user(struct hart_ctx *hart);

/* C side of a trap taken in S-mode: a timer tick or a kick while idle, else a panic. */
void trap_from_kernel(struct trap_kernel_frame *frame);

#endif /* __ASSEMBLER__ */

#endif /* CAIRN_TRAP_H */
