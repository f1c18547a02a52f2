/*
 * The host tests' model of kernel/include/cairn/riscv.h: the same wrappers,
 * over one simulated hart's CSRs (host_csr) instead of instructions. Host
 * test builds put kernel/tests/host ahead of kernel/include, so kernel code
 * that reads the clock, switches page tables or waits for an interrupt
 * (wait.c, sched.c, the system calls) builds and runs unchanged on the host.
 * The CSR bits are the kernel's own (cairn/riscv_bits.h).
 */
#ifndef CAIRN_TESTS_HOST_RISCV_H
#define CAIRN_TESTS_HOST_RISCV_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/riscv_bits.h"

struct host_csrs {
	uint64_t time;
	uint64_t scause;
	uint64_t sepc;
	uint64_t stval;
	uint64_t satp;
	uint64_t sstatus;
	uint64_t sip;
	uint64_t sie;
	uint64_t scounteren;
	uint64_t stvec;
	uint64_t tp;
	uint64_t stimecmp;
	unsigned satp_writes; /* riscv_satp_switch and _flushed */
	unsigned fences;      /* sfence.vma, alone or with a satp write */
	unsigned wfis;
	void (*on_wfi)(void); /* what an interrupt does while the hart waits; NULL: nothing */
};

extern struct host_csrs host_csr;

static inline void riscv_stimecmp_write(uint64_t when)
{
	host_csr.stimecmp = when;
}

static inline uint64_t riscv_time(void)
{
	return host_csr.time;
}

static inline uint64_t riscv_scause(void)
{
	return host_csr.scause;
}

static inline uint64_t riscv_sepc(void)
{
	return host_csr.sepc;
}

static inline uint64_t riscv_stval(void)
{
	return host_csr.stval;
}

static inline uint64_t riscv_satp(void)
{
	return host_csr.satp;
}

static inline uint64_t riscv_sstatus(void)
{
	return host_csr.sstatus;
}

static inline void riscv_sip_clear(unsigned long bits)
{
	host_csr.sip &= ~(uint64_t)bits;
}

static inline void riscv_sfence_vma_all(void)
{
	host_csr.fences++;
}

static inline void riscv_sie_set(unsigned long bits)
{
	host_csr.sie |= bits;
}

static inline void riscv_sie_clear(unsigned long bits)
{
	host_csr.sie &= ~(uint64_t)bits;
}

static inline void riscv_wfi(void)
{
	host_csr.wfis++;
	if (host_csr.on_wfi != NULL)
		host_csr.on_wfi();
}

static inline void riscv_relax(void)
{
}

static inline void riscv_sstatus_set(unsigned long bits)
{
	host_csr.sstatus |= bits;
}

static inline void riscv_sstatus_clear(unsigned long bits)
{
	host_csr.sstatus &= ~(uint64_t)bits;
}

static inline void riscv_satp_switch(uint64_t satp)
{
	host_csr.satp = satp;
	host_csr.satp_writes++;
	host_csr.fences++;
}

static inline void riscv_satp_switch_flushed(uint64_t satp)
{
	riscv_satp_switch(satp);
	host_csr.fences++;
}

static inline void riscv_scounteren_write(unsigned long bits)
{
	host_csr.scounteren = bits;
}

static inline void riscv_trap_vector_set(void (*vector)(void))
{
	host_csr.stvec = (uint64_t)(uintptr_t)vector;
}

static inline uint64_t riscv_tp(void)
{
	return host_csr.tp;
}

static inline void riscv_fence_rw_rw(void)
{
}

static inline void riscv_fence_rw_w(void)
{
}

// NOLINTNEXTLINE(readability-non-const-parameter)
static inline uint32_t riscv_amoswap_w_aq(volatile uint32_t *word, uint32_t value)
{
	uint32_t was = *word;

	*word = value;
	return was;
}

#endif /* CAIRN_TESTS_HOST_RISCV_H */
