/*
 * The hostile suite's attacks (RFC-0010). An attack tries one thing the ABI
 * promises to refuse or survive, and checks what happened: it returns true
 * only when the refusal carried the documented error and the system still
 * serves; otherwise it says why in `why`. hostile.c runs them in order and
 * prints each one's marker only after its check passed.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"

/* What init gives the program (manifest.txt's line): [0] itself, [1] supervisor, then handles=. */
enum {
	HOSTILE_H_SELF = 0,
	HOSTILE_H_SUPERVISOR = 1,
	HOSTILE_H_LOG = 2,
	HOSTILE_H_CONSOLE = 3,
	HOSTILE_H_DEVICE_MMIO =
		4, /* a device region (a spare virtio transport), as a rogue driver holds one */
	HOSTILE_HANDLES = 5
};

struct hostile {
	const cairn_handle_t *h;
	const char *why;  /* what went wrong, when a check fails */
	long got;	  /* the result the call gave instead */
	long fp_at_start; /* hostile_fp_zero_check() when cairn_main began */
};

/* Record why a check failed and what the call returned; false, for `return hostile_fail(...)`. */
bool hostile_fail(struct hostile *x, const char *why, long got);

struct hostile_attack {
	const char *marker; /* the registered "HOSTILE: ... ok" text */
	bool (*run)(struct hostile *x);
};

/* fp.S: fill every f-register and fcsr from a seed, and check them (0: intact). */
void hostile_fp_fill(uint64_t seed);
long hostile_fp_check(uint64_t seed);
/* 0 when every f-register and fcsr is zero, else 1 + the first that is not (33: fcsr). */
long hostile_fp_zero_check(void);

/* Rounds of fill, yield, check: for hostile and for each fpbuddy. */
#define HOSTILE_FP_ROUNDS 4000u

extern const struct hostile_attack hostile_attacks[];
extern const size_t hostile_attack_count;

#endif /* HOSTILE_H */
