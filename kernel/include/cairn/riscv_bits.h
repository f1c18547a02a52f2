/*
 * The RISC-V CSR bits the kernel uses and the SBI call (arch/riscv/
 * sbi_call.S): what the kernel's cairn/riscv.h and the host tests' model of
 * it have in common. Values from the privileged specification.
 */
#ifndef CAIRN_RISCV_BITS_H
#define CAIRN_RISCV_BITS_H

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

/* scause: set for an interrupt, clear for an exception; the rest is the cause's number. */
#define RISCV_SCAUSE_INTERRUPT (1ULL << 63)

/* satp's mode field for Sv39 (the root table's frame number goes below it). */
#define RISCV_SATP_MODE_SV39 (8ULL << 60)

/* sstatus bit that enables supervisor interrupts. */
#define RISCV_SSTATUS_SIE (1UL << 1)

/* scounteren: user mode may read cycle, time and instret (`just bench` counts with instret). */
#define RISCV_SCOUNTEREN_CY_TM_IR 7UL

/* What an SBI call returns in a0 and a1. */
struct riscv_sbi_ret {
	long error;
	long value;
};

/*
 * An SBI call: extension `ext`, function `fid`, four arguments
 * (arch/riscv/sbi_call.S: the registers SBI wants are not C's argument order).
 */
struct riscv_sbi_ret riscv_sbi_call(unsigned long arg0, unsigned long arg1, unsigned long arg2,
				    unsigned long arg3, long fid, long ext);

#endif /* CAIRN_RISCV_BITS_H */
