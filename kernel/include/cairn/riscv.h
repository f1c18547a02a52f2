/*
 * Thin wrappers over the RISC-V instructions and CSRs the kernel uses from C:
 * the only inline assembly in the kernel's C (RFC-0011; the arch stage fails
 * on any elsewhere). Nothing here keeps state; anything with a policy lives
 * in its own module. The CSR bits and the SBI call are in cairn/riscv_bits.h,
 * which the host tests' model of this header (kernel/tests/host/cairn/riscv.h)
 * shares.
 */
#ifndef CAIRN_RISCV_H
#define CAIRN_RISCV_H

#include <stdint.h>

#include "cairn/riscv_bits.h"

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

/* Sstc: the supervisor timer fires once `time` reaches `when` (CSR 0x14d, stimecmp). */
static inline void riscv_stimecmp_write(uint64_t when)
{
	__asm__ volatile("csrw 0x14d, %0" ::"r"(when) : "memory");
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

static inline void riscv_sstatus_set(unsigned long bits)
{
	__asm__ volatile("csrs sstatus, %0" ::"r"(bits) : "memory");
}

static inline void riscv_sstatus_clear(unsigned long bits)
{
	__asm__ volatile("csrc sstatus, %0" ::"r"(bits) : "memory");
}

/* Switch this hart to the page tables `satp` names and forget every old translation. */
static inline void riscv_satp_switch(uint64_t satp)
{
	__asm__ volatile("csrw satp, %0\n\tsfence.vma zero, zero" ::"r"(satp) : "memory");
}

/* The same, with the translations flushed before the switch too (leaving a table that goes). */
static inline void riscv_satp_switch_flushed(uint64_t satp)
{
	__asm__ volatile(
		"sfence.vma zero, zero\n\tcsrw satp, %0\n\tsfence.vma zero, zero" ::"r"(satp)
		: "memory");
}

/* Which counters user mode may read. */
static inline void riscv_scounteren_write(unsigned long bits)
{
	__asm__ volatile("csrw scounteren, %0" ::"r"(bits));
}

/* Trap entry: stvec at `vector`, sscratch 0 (the trap came from the kernel). */
static inline void riscv_trap_vector_set(void (*vector)(void))
{
	__asm__ volatile("csrw sscratch, zero\n\tcsrw stvec, %0" ::"r"(vector) : "memory");
}

/* The tp register: the kernel keeps the hart's slot in it. */
static inline uint64_t riscv_tp(void)
{
	uint64_t v;

	__asm__ volatile("mv %0, tp" : "=r"(v));
	return v;
}

/* Order every earlier access before every later one (a device write after memory). */
static inline void riscv_fence_rw_rw(void)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
}

/* Order every earlier access before every later write (a lock's release). */
static inline void riscv_fence_rw_w(void)
{
	__asm__ volatile("fence rw, w" ::: "memory");
}

/*
 * Swap `value` into *word with acquire ordering; the old value. The asm writes
 * *word, which clang-tidy cannot see: the pointer is not const.
 */
// NOLINTNEXTLINE(readability-non-const-parameter)
static inline uint32_t riscv_amoswap_w_aq(volatile uint32_t *word, uint32_t value)
{
	uint32_t was;

	__asm__ volatile("amoswap.w.aq %0, %2, %1"
			 : "=r"(was), "+A"(*word)
			 : "r"(value)
			 : "memory");
	return was;
}

#endif /* CAIRN_RISCV_H */
