/*
 * The virtio-mmio transport (virtio_mmio.h): discovery, the status
 * handshake and feature negotiation, interrupts and consistent
 * configuration reads, over the caller's register accessors.
 */
#include "virtio_mmio.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

static uint32_t reg_read(const struct virtio_mmio *io, uint32_t off)
{
	return io->read32(io->ctx, off);
}

static void reg_write(const struct virtio_mmio *io, uint32_t off, uint32_t val)
{
	io->write32(io->ctx, off, val);
}

int virtio_mmio_probe(const struct virtio_mmio *io, struct virtio_mmio_id *ret_id)
{
	uint32_t device;

	if (reg_read(io, VIRTIO_REG_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE)
		return ERR_NOTFOUND;
	if (reg_read(io, VIRTIO_REG_VERSION) != VIRTIO_MMIO_VERSION_2)
		return ERR_VERSION;
	device = reg_read(io, VIRTIO_REG_DEVICE_ID);
	if (device == 0)
		return ERR_NOTFOUND;
	ret_id->device_id = device;
	ret_id->vendor_id = reg_read(io, VIRTIO_REG_VENDOR_ID);
	return 0;
}

int virtio_mmio_reset(const struct virtio_mmio *io, uint32_t polls)
{
	reg_write(io, VIRTIO_REG_STATUS, 0);
	for (uint32_t i = 0; i < polls; i++) {
		if (reg_read(io, VIRTIO_REG_STATUS) == 0)
			return 0;
	}
	return ERR_TIMEOUT;
}

/* Status bits accumulate: each step adds its bit to what the device holds. */
static void status_add(const struct virtio_mmio *io, uint32_t bits)
{
	reg_write(io, VIRTIO_REG_STATUS, reg_read(io, VIRTIO_REG_STATUS) | bits);
}

static bool status_has(const struct virtio_mmio *io, uint32_t bits)
{
	return (reg_read(io, VIRTIO_REG_STATUS) & bits) == bits;
}

static uint64_t device_features(const struct virtio_mmio *io)
{
	uint64_t features;

	reg_write(io, VIRTIO_REG_DEVICE_FEATURES_SEL, 1);
	features = (uint64_t)reg_read(io, VIRTIO_REG_DEVICE_FEATURES) << 32;
	reg_write(io, VIRTIO_REG_DEVICE_FEATURES_SEL, 0);
	return features | reg_read(io, VIRTIO_REG_DEVICE_FEATURES);
}

static void driver_features(const struct virtio_mmio *io, uint64_t features)
{
	reg_write(io, VIRTIO_REG_DRIVER_FEATURES_SEL, 0);
	reg_write(io, VIRTIO_REG_DRIVER_FEATURES, (uint32_t)features);
	reg_write(io, VIRTIO_REG_DRIVER_FEATURES_SEL, 1);
	reg_write(io, VIRTIO_REG_DRIVER_FEATURES, (uint32_t)(features >> 32));
}

/* The device and this driver cannot agree: tell the device, and say why. */
static int give_up(const struct virtio_mmio *io)
{
	virtio_mmio_fail(io);
	return ERR_NOTSUP;
}

int virtio_mmio_negotiate(const struct virtio_mmio *io, uint64_t wanted, uint32_t polls,
			  uint64_t *ret_features)
{
	uint64_t offered;
	uint64_t chosen;
	int rc = virtio_mmio_reset(io, polls);

	if (rc != 0)
		return rc;
	status_add(io, VIRTIO_STATUS_ACKNOWLEDGE);
	status_add(io, VIRTIO_STATUS_DRIVER);
	offered = device_features(io);
	if ((offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)) == 0)
		return give_up(io);
	chosen = (wanted & offered & VIRTIO_FEATURES_DEVICE_MASK) |
		 VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	driver_features(io, chosen);
	status_add(io, VIRTIO_STATUS_FEATURES_OK);
	if (!status_has(io, VIRTIO_STATUS_FEATURES_OK))
		return give_up(io);
	*ret_features = chosen;
	return 0;
}

int virtio_mmio_driver_ok(const struct virtio_mmio *io)
{
	status_add(io, VIRTIO_STATUS_DRIVER_OK);
	return status_has(io, VIRTIO_STATUS_NEEDS_RESET) ? ERR_IO : 0;
}

void virtio_mmio_fail(const struct virtio_mmio *io)
{
	status_add(io, VIRTIO_STATUS_FAILED);
}

uint32_t virtio_mmio_interrupt_take(const struct virtio_mmio *io)
{
	uint32_t bits = reg_read(io, VIRTIO_REG_INTERRUPT_STATUS);

	if (bits != 0)
		reg_write(io, VIRTIO_REG_INTERRUPT_ACK, bits);
	return bits;
}

/* One pass: the words and whether the generation held still around them. */
static bool config_pass(const struct virtio_mmio *io, uint32_t off, uint32_t *words, uint32_t n)
{
	uint32_t gen = reg_read(io, VIRTIO_REG_CONFIG_GENERATION);

	for (uint32_t i = 0; i < n; i++)
		words[i] = reg_read(io, VIRTIO_REG_CONFIG + off + 4u * i);
	return reg_read(io, VIRTIO_REG_CONFIG_GENERATION) == gen;
}

int virtio_mmio_config_read(const struct virtio_mmio *io, uint32_t off, uint32_t *ret_words,
			    uint32_t n, uint32_t tries)
{
	uint32_t words[VIRTIO_MMIO_CONFIG_BYTES / 4u];

	if (off % 4u != 0)
		return ERR_ALIGN;
	if (off > VIRTIO_MMIO_CONFIG_BYTES || n > (VIRTIO_MMIO_CONFIG_BYTES - off) / 4u)
		return ERR_RANGE;
	for (uint32_t t = 0; t < tries; t++) {
		if (!config_pass(io, off, words, n))
			continue;
		for (uint32_t i = 0; i < n; i++)
			ret_words[i] = words[i];
		return 0;
	}
	return ERR_TIMEOUT;
}
