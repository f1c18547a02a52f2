/*
 * A simulated block device for libstatefs's host tests: sectors in memory,
 * call counts, one-shot device errors, and a power cut at a chosen write.
 *
 * The cut: write number cut_at (counting from 1 since sim_disk_arm) lands
 * as its variant says, returns ERR_IO, and every later call fails with
 * ERR_IO (the power is gone) until sim_disk_reboot. The device has a
 * volatile write cache: sectors written since the last flush are not
 * durable, and the SIM_CUT_CACHE variant loses every one of them.
 */
#ifndef SIM_DISK_H
#define SIM_DISK_H

#include <stdbool.h>
#include <stdint.h>

#include "statefs.h"

#define SIM_DISK_SECTORS_MAX 256u

/* What the write the power is cut at leaves on the disk. */
enum sim_cut {
	SIM_CUT_NONE,  /* nothing of it */
	SIM_CUT_FULL,  /* all of it (the flush after it never comes) */
	SIM_CUT_HALF,  /* its first half of whole sectors (nothing of a one-sector write) */
	SIM_CUT_TORN,  /* its first half of sectors, then the next one torn: a prefix new */
	SIM_CUT_CACHE, /* nothing of it, and every write since the last flush lost too */
	SIM_CUT_HOLE,  /* all of it but the sector before its last (a one-sector write: nothing) */
	SIM_CUTS,
};

struct sim_disk {
	uint8_t data[SIM_DISK_SECTORS_MAX][SFS_SECTOR_SIZE];
	uint8_t durable[SIM_DISK_SECTORS_MAX][SFS_SECTOR_SIZE]; /* a dirty sector's flushed bytes */
	bool dirty[SIM_DISK_SECTORS_MAX];
	uint64_t sectors;
	uint32_t reads, writes, flushes; /* calls since sim_disk_arm */
	uint32_t cut_at;		 /* the write the power is cut at; 0: never */
	enum sim_cut cut;
	bool dead;
	uint32_t fail_read_at, fail_write_at, fail_flush_at; /* one call each fails; 0: none */
	bool failed_write_lands; /* a failing write still changes the sectors */
};

void sim_disk_init(struct sim_disk *d, uint64_t sectors);
/* Zeroes the counts and arms a cut (cut_at 0: none); the sectors stay. */
void sim_disk_arm(struct sim_disk *d, uint32_t cut_at, enum sim_cut cut);
/* Power back: what was written is durable, the counts and faults are cleared. */
void sim_disk_reboot(struct sim_disk *d);
/* The device functions over d. */
struct sfs_dev sim_disk_dev(struct sim_disk *d);

#endif /* SIM_DISK_H */
