/*
 * Calls into the SBI firmware (OpenSBI) that runs below the kernel in M-mode:
 * the base extension (version, probing), the legacy console, and hart state
 * management (HSM), inter-hart interrupts (IPI) and remote fences (RFENCE).
 * Each wrapper maps SBI errors to the kernel's err_code.
 */
#ifndef CAIRN_SBI_H
#define CAIRN_SBI_H

#include <stdbool.h>
#include <stdint.h>

/* Extension ids, from the SBI specification. */
#define SBI_EXT_LEGACY_PUTCHAR 0x01L
#define SBI_EXT_BASE	       0x10L
#define SBI_EXT_TIME	       0x54494D45L
#define SBI_EXT_HSM	       0x48534DL
#define SBI_EXT_IPI	       0x735049L
#define SBI_EXT_RFENCE	       0x52464E43L

/* HSM hart states, as hart_get_status reports them. */
enum sbi_hart_state {
	SBI_HART_STARTED = 0,
	SBI_HART_STOPPED = 1,
	SBI_HART_START_PENDING = 2,
	SBI_HART_STOP_PENDING = 3,
	SBI_HART_SUSPENDED = 4,
	SBI_HART_SUSPEND_PENDING = 5,
	SBI_HART_RESUME_PENDING = 6
};

/* The SBI specification version, split from the base extension's answer. */
struct sbi_version {
	unsigned long major;
	unsigned long minor;
};

void sbi_console_putchar(char c);

/* The spec version; firmware that predates v0.2 reads as 0.1. */
struct sbi_version sbi_spec_version(void);

bool sbi_has_extension(long ext);

/* Raise the supervisor timer interrupt once `time` reaches stime; clears a pending one. */
int sbi_set_timer(uint64_t stime);

/*
 * Start `hartid` at physical address `start` with a0 = hartid, a1 = opaque,
 * paging and supervisor interrupts off. Returns 0 or a negative err_code.
 */
int sbi_hart_start(unsigned long hartid, uintptr_t start, unsigned long opaque);

/* Stores the hart's enum sbi_hart_state in *ret_state; 0 or an err_code. */
int sbi_hart_get_status(unsigned long hartid, unsigned long *ret_state);

/*
 * Raise the supervisor software interrupt on each hart whose id is
 * hart_mask_base + n for a set bit n of hart_mask. 0 or an err_code.
 */
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

/*
 * Make the harts hart_mask names (as for sbi_send_ipi) run sfence.vma over
 * [start, start + size) and wait until they have. 0 or an err_code.
 */
int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base, uint64_t start,
			  uint64_t size);

#endif /* CAIRN_SBI_H */
