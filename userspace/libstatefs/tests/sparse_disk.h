/*
 * A sparse simulated disk for libstatefs's host tests of large devices: any
 * size up to 2^64 sectors, of which only the sectors written take memory
 * (a fixed table of them). A sector never written reads as zeros. No power
 * cuts and no faults: those are sim_disk.h's.
 */
#ifndef SPARSE_DISK_H
#define SPARSE_DISK_H

#include <stdint.h>

#include "statefs.h"

#define SPARSE_DISK_SLOTS 1024u /* sectors written that it keeps; one more is ERR_IO */

struct sparse_disk {
	uint64_t sectors;
	uint32_t used; /* slots taken */
	uint64_t lba[SPARSE_DISK_SLOTS];
	uint8_t data[SPARSE_DISK_SLOTS][SFS_SECTOR_SIZE];
};

void sparse_disk_init(struct sparse_disk *d, uint64_t sectors);
/* The device functions over d. */
struct sfs_dev sparse_disk_dev(struct sparse_disk *d);

#endif /* SPARSE_DISK_H */
