/*
 * Thin wrappers over the RISC-V instructions and CSRs the kernel uses from C.
 * Nothing here keeps state; anything with a policy lives in its own module.
 */
#ifndef CAIRN_RISCV_H
#define CAIRN_RISCV_H

#include <stdint.h>

/* The `time` CSR: ticks at the device tree's timebase-frequency. */
static inline uint64_t riscv_time(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline uint64_t riscv_scause(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, scause" : "=r"(v));
	return v;
}

static inline uint64_t riscv_sepc(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, sepc" : "=r"(v));
	return v;
}

static inline uint64_t riscv_stval(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, stval" : "=r"(v));
	return v;
}

static inline uint64_t riscv_satp(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, satp" : "=r"(v));
	return v;
}

static inline uint64_t riscv_sstatus(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return v;
}

/* sstatus.FS: whether the floating-point registers are off, untouched, saved or changed. */
#define RISCV_SSTATUS_FS       (3UL << 13)
#define RISCV_SSTATUS_FS_CLEAN (2UL << 13)
#define RISCV_SSTATUS_FS_DIRTY (3UL << 13)

/* sstatus bit that lets S-mode touch user pages; set only inside uaccess.c. */
#define RISCV_SSTATUS_SUM (1UL << 18)

/* sie bits for the supervisor software (inter-hart) and timer interrupts. */
#define RISCV_SIE_SSIE (1UL << 1)
#define RISCV_SIE_STIE (1UL << 5)
#define RISCV_SIE_SEIE (1UL << 9)

/* sip bit of a pending supervisor software interrupt; S-mode clears it itself. */
#define RISCV_SIP_SSIP (1UL << 1)

static inline void riscv_sip_clear(unsigned long bits)
{
	__asm__ volatile("csrc sip, %0" ::"r"(bits) : "memory");
}

/* Forget every cached translation on this hart. */
static inline void riscv_sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void riscv_sie_set(unsigned long bits)
{
	__asm__ volatile("csrs sie, %0" ::"r"(bits) : "memory");
}

static inline void riscv_sie_clear(unsigned long bits)
{
	__asm__ volatile("csrc sie, %0" ::"r"(bits) : "memory");
}

static inline void riscv_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* A spin-loop hint; also a compiler barrier so polled loads are re-read. */
static inline void riscv_relax(void)
{
	__asm__ volatile("nop" ::: "memory");
}

#endif /* CAIRN_RISCV_H */
