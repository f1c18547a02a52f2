/*
 * The virtio-mmio transport, version 2 of its register layout (virtio 1.x,
 * "modern"): the register map, device discovery, the status handshake with
 * feature negotiation, interrupt status and acknowledgement, and reads of
 * the device-specific configuration space that the generation counter
 * keeps consistent. Queues are virtq.h's; a device class's requests and
 * configuration are its own header's (virtio_blk.h).
 *
 * The registers are reached through accessors the caller provides, so this
 * code runs on the real device in a driver and on a model in the host
 * tests. The accessors own MMIO ordering: a driver implements them with
 * volatile 32-bit loads and stores and the fences its machine needs between
 * MMIO and memory (on RISC-V a `fence w,o` before a store, so ring writes
 * reach memory before a notification, and a `fence i,r` after a load).
 *
 * Virtio 1.x is little-endian everywhere; the rings in virtq.h are laid out
 * for a little-endian machine (RISC-V and the hosts that test this code).
 *
 * Pure: no system calls, no globals, no clock; every wait is a bounded
 * number of register reads given by the caller.
 */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <stdint.h>

/* Register offsets in the version 2 layout (the window is VIRTIO_MMIO_WINDOW bytes). */
enum virtio_reg {
	VIRTIO_REG_MAGIC = 0x000,
	VIRTIO_REG_VERSION = 0x004,
	VIRTIO_REG_DEVICE_ID = 0x008,
	VIRTIO_REG_VENDOR_ID = 0x00c,
	VIRTIO_REG_DEVICE_FEATURES = 0x010,
	VIRTIO_REG_DEVICE_FEATURES_SEL = 0x014,
	VIRTIO_REG_DRIVER_FEATURES = 0x020,
	VIRTIO_REG_DRIVER_FEATURES_SEL = 0x024,
	VIRTIO_REG_QUEUE_SEL = 0x030,
	VIRTIO_REG_QUEUE_NUM_MAX = 0x034,
	VIRTIO_REG_QUEUE_NUM = 0x038,
	VIRTIO_REG_QUEUE_READY = 0x044,
	VIRTIO_REG_QUEUE_NOTIFY = 0x050,
	VIRTIO_REG_INTERRUPT_STATUS = 0x060,
	VIRTIO_REG_INTERRUPT_ACK = 0x064,
	VIRTIO_REG_STATUS = 0x070,
	VIRTIO_REG_QUEUE_DESC_LOW = 0x080,
	VIRTIO_REG_QUEUE_DESC_HIGH = 0x084,
	VIRTIO_REG_QUEUE_DRIVER_LOW = 0x090,
	VIRTIO_REG_QUEUE_DRIVER_HIGH = 0x094,
	VIRTIO_REG_QUEUE_DEVICE_LOW = 0x0a0,
	VIRTIO_REG_QUEUE_DEVICE_HIGH = 0x0a4,
	VIRTIO_REG_CONFIG_GENERATION = 0x0fc,
	VIRTIO_REG_CONFIG = 0x100, /* the device-specific configuration space */
};
#define VIRTIO_MMIO_WINDOW	 0x200u /* bytes of one device's register window */
#define VIRTIO_MMIO_CONFIG_BYTES (VIRTIO_MMIO_WINDOW - (uint32_t)VIRTIO_REG_CONFIG)

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u /* "virt", little-endian */
#define VIRTIO_MMIO_VERSION_2	2u	    /* the modern layout; 1 is legacy */

/* Device ids (DeviceID); 0 marks an empty slot. */
enum virtio_device_id {
	VIRTIO_ID_NET = 1,
	VIRTIO_ID_BLOCK = 2,
	VIRTIO_ID_CONSOLE = 3,
	VIRTIO_ID_ENTROPY = 4,
};

/* Device status bits (Status). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01u /* the driver has seen the device */
#define VIRTIO_STATUS_DRIVER	  0x02u /* and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK	  0x04u /* set up; the device may run */
#define VIRTIO_STATUS_FEATURES_OK 0x08u /* the driver's features are final */
#define VIRTIO_STATUS_NEEDS_RESET 0x40u /* the device hit an error it cannot recover from */
#define VIRTIO_STATUS_FAILED	  0x80u /* the driver gave up on the device */

/* InterruptStatus / InterruptACK bits. */
#define VIRTIO_INT_USED_BUFFER	 0x01u /* a queue's used ring moved */
#define VIRTIO_INT_CONFIG_CHANGE 0x02u /* the configuration space changed */

/* Feature bits are numbered 0..63; VIRTIO_FEATURE(n) is bit n as a mask. */
#define VIRTIO_FEATURE(bit) (UINT64_C(1) << (bit))
#define VIRTIO_F_VERSION_1  32 /* a virtio 1.x device: required */
/* Bits 0..23 belong to the device class; the rest are the transport's. */
#define VIRTIO_FEATURES_DEVICE_MASK (VIRTIO_FEATURE(24) - 1u)

/* How this code reaches a device's registers; off is an enum virtio_reg (or config byte offset). */
struct virtio_mmio {
	uint32_t (*read32)(void *ctx, uint32_t off);
	void (*write32)(void *ctx, uint32_t off, uint32_t val);
	void *ctx;
};

/* What virtio_mmio_probe found. */
struct virtio_mmio_id {
	uint32_t device_id; /* an enum virtio_device_id, or another class */
	uint32_t vendor_id;
};

/*
 * Reads MagicValue, Version, DeviceID and VendorID. 0 with *ret_id filled,
 * or ERR_NOTFOUND (no virtio magic, or DeviceID 0: an empty slot),
 * ERR_VERSION (not the version 2 layout; version 1 is legacy virtio). Only
 * reads registers.
 */
int virtio_mmio_probe(const struct virtio_mmio *io, struct virtio_mmio_id *ret_id);

/*
 * Writes status 0 and reads it back until it is 0, at most `polls` reads.
 * 0, or ERR_TIMEOUT when the device never finished its reset.
 */
int virtio_mmio_reset(const struct virtio_mmio *io, uint32_t polls);

/*
 * The handshake up to FEATURES_OK: reset (as virtio_mmio_reset), set
 * ACKNOWLEDGE and DRIVER, read the device's 64 feature bits, write the
 * driver's (wanted's device-class bits the device offers, plus
 * VIRTIO_F_VERSION_1: this library implements no optional transport
 * feature), set FEATURES_OK and read it back. The caller then sets up its
 * queues and calls virtio_mmio_driver_ok.
 *
 * 0 with *ret_features the negotiated set; ERR_TIMEOUT (reset); ERR_NOTSUP
 * when the device lacks VIRTIO_F_VERSION_1 or refuses FEATURES_OK, after
 * setting FAILED.
 */
int virtio_mmio_negotiate(const struct virtio_mmio *io, uint64_t wanted, uint32_t polls,
			  uint64_t *ret_features);

/*
 * Sets DRIVER_OK: the device is live. 0, or ERR_IO when the device then
 * says it needs a reset (the driver should call virtio_mmio_fail).
 */
int virtio_mmio_driver_ok(const struct virtio_mmio *io);

/* Sets FAILED: the driver gave up on the device. Only a reset undoes it. */
void virtio_mmio_fail(const struct virtio_mmio *io);

/*
 * Reads InterruptStatus and acknowledges exactly the bits it held (no write
 * when none). Returns them (VIRTIO_INT_*), so the caller knows whether to
 * look at its used rings or its configuration.
 */
uint32_t virtio_mmio_interrupt_take(const struct virtio_mmio *io);

/*
 * Reads n 32-bit words of the configuration space from byte offset off
 * (a multiple of 4) into ret_words, as one consistent snapshot:
 * ConfigGeneration is read before and after, and the read is retried while
 * it changed, at most `tries` times. Each word is the little-endian value at
 * its offset, so a 64-bit field is words[0] | words[1] << 32.
 *
 * 0; ERR_ALIGN (off); ERR_RANGE (past the configuration space);
 * ERR_TIMEOUT (the generation changed on every try). ret_words is untouched
 * on failure.
 */
int virtio_mmio_config_read(const struct virtio_mmio *io, uint32_t off, uint32_t *ret_words,
			    uint32_t n, uint32_t tries);

#endif /* VIRTIO_MMIO_H */
