/*
 * A virtio-mmio version 2 device for libvirtio's host tests: a register
 * file with the semantics the library relies on (status and reset, the
 * feature select windows, per-queue registers, a configuration space with
 * a generation counter, interrupt status), fake physical memory the device
 * reaches rings and buffers through, as a device would by DMA, and a
 * virtio-blk disk in memory behind queue 0. Tests either let the model
 * serve the block requests on notify, or play the device by hand with
 * model_take_avail and model_push_used.
 *
 * Anything the driver does that a real device would take as a bug (a
 * register it should not touch, an address outside memory, a malformed
 * chain) sets `fault`, which every test checks stays clear.
 */
#ifndef VIRTIO_TEST_MODEL_H
#define VIRTIO_TEST_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_mmio.h"
#include "virtq.h"

#define MODEL_MEM_BYTES	 0x10000u	      /* 64 KiB */
#define MODEL_MEM_BASE	 UINT64_C(0x80000000) /* physical address of mem[0] */
#define MODEL_QUEUES	 2u
#define MODEL_CHAIN_MAX	 32u
#define MODEL_REGS	 (VIRTIO_MMIO_WINDOW / 4u)
#define MODEL_DISK_BYTES 0x2000u /* 16 sectors */

struct model_queue {
	uint64_t desc, driver, device; /* the areas' physical addresses */
	uint32_t num_max, num, ready;
	uint16_t last_avail; /* entries taken from the available ring */
	uint16_t used_idx;   /* entries put on the used ring */
};

/* A chain as the device found it. */
struct model_seg {
	uint64_t pa;
	uint32_t len;
	bool device_writes;
};
struct model_chain {
	struct model_seg seg[MODEL_CHAIN_MAX];
	uint32_t n;
	uint16_t head;
};

struct model {
	uint8_t mem[MODEL_MEM_BYTES]; /* first: page-aligned, as the struct is */
	uint8_t disk[MODEL_DISK_BYTES];
	uint8_t config[VIRTIO_MMIO_CONFIG_BYTES];
	struct model_queue q[MODEL_QUEUES];
	uint64_t features;	     /* offered */
	uint64_t driver_features;    /* written by the driver */
	uint64_t next_capacity;	     /* what the capacity becomes at config_change_at */
	uint32_t reads[MODEL_REGS];  /* reads per register */
	uint32_t writes[MODEL_REGS]; /* writes per register */
	uint32_t magic, version, device_id, vendor_id;
	uint32_t dev_sel, drv_sel, queue_sel;
	uint32_t status, interrupt_status, generation;
	uint32_t config_reads;
	uint32_t config_change_at; /* config reads after which the capacity changes (0: never) */
	uint32_t last_notify;
	uint32_t flushes;
	uint32_t mem_used; /* bump allocator over mem */
	bool reset_stuck;  /* status never reads back 0 */
	bool refuse_features_ok;
	bool needs_reset_on_driver_ok;
	bool serve_blk;		/* serve queue 0 as virtio-blk on notify */
	bool fail_io;		/* answer every block request with IOERR */
	bool generation_churns; /* the generation changes on every read of it */
	bool fault;		/* the driver did something a device would refuse */
};

/* A blank, page-aligned virtio-blk device (version 2, VERSION_1 | FLUSH offered). */
struct model *model_new(void);
void model_free(struct model *m);

/* The accessors over m. */
struct virtio_mmio model_io(struct model *m);

/* Memory the device can reach: bytes at `align`, with their physical address. */
void *model_alloc(struct model *m, uint32_t bytes, uint32_t align, uint64_t *ret_pa);
/* Ring memory for a queue of `size` entries: each area on a page of its own. */
void model_ring_mem(struct model *m, uint16_t size, struct virtq_mem *ret_mem);
/* The host pointer for [pa, pa+len), or NULL (and fault) outside memory. */
void *model_pa(struct model *m, uint64_t pa, uint32_t len);

void model_set_capacity(struct model *m, uint64_t sectors);

/* Takes the next chain the driver published on queue qi; false when there is none. */
bool model_take_avail(struct model *m, uint32_t qi, struct model_chain *ret_chain);
/* Puts {id, len} on queue qi's used ring and raises the used-buffer interrupt. */
void model_push_used(struct model *m, uint32_t qi, uint32_t id, uint32_t len);
/* The driver's published avail index on queue qi. */
uint16_t model_avail_idx(struct model *m, uint32_t qi);
/* Sets or clears the device's no-notify flag on queue qi. */
void model_set_no_notify(struct model *m, uint32_t qi, bool on);

/* Serves every block request waiting on queue 0 (model_blk.c); notify calls it when serve_blk. */
void model_blk_serve(struct model *m);

#endif /* VIRTIO_TEST_MODEL_H */
