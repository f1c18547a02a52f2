/*
 * rngd's state, shared by its files: the entropy device (device.c:
 * bring-up, and raw bytes one request at a time, completed by interrupt)
 * and librng's health tests and DRBG over them. main.c marshals the
 * protocol (svc/rng.h).
 */
#ifndef RNGD_H
#define RNGD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "virtio_mmio.h"
#include "virtq.h"

#define RNGD_MMIO_VA	0x2000000000ull		/* the device's registers */
#define RNGD_RING_VA	0x2000010000ull		/* the page of rings and the raw buffer */
#define RNGD_QUEUE_SIZE 8u			/* one request is out at a time */
#define RNGD_RAW_CHUNK	64u			/* raw bytes one request asks for */
#define RNGD_IRQ_BIT	0u			/* the notification bit the interrupt sets */
#define RNGD_WAIT_NS	(10ull * 1000000000ull) /* a request the device leaves this long failed */
#define RNGD_CALLERS	16u			/* callers whose policy answer rngd keeps */

/* policyd's answer for one caller, asked at its first READ and kept for the run. */
struct rngd_caller {
	uint64_t badge;
	bool allowed;
};

struct rngd {
	cairn_handle_t self;
	cairn_handle_t mmio;
	cairn_handle_t irq;
	cairn_handle_t note; /* the interrupt's notification */
	cairn_handle_t policy;
	cairn_handle_t log;
	struct virtio_mmio io;
	struct virtq q;
	uint8_t *raw; /* the device-writable buffer in the ring page, at raw_pa */
	uint64_t raw_pa;
	bool broken;	   /* the device broke the protocol or went silent: rngd ends */
	bool failure_said; /* the health test's failure is in the journal */
	struct rng rng;
	struct rngd_caller callers[RNGD_CALLERS];
	uint32_t ncallers;
};

/*
 * Map the device, reset it, negotiate, set up its queue in a DMA page and
 * bind its interrupt; 0 or the first error (the device is then left FAILED).
 */
long rngd_device_up(struct rngd *d);

/*
 * Raw bytes from the device into d->raw: the count it wrote (1 to
 * RNGD_RAW_CHUNK), or ERR_IO/ERR_TIMEOUT with d->broken set when the device
 * broke the protocol or never answered.
 */
long rngd_device_read(struct rngd *d);

#endif /* RNGD_H */
