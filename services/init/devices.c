/*
 * The devices init was given (RFC-0018): after its three fixed handles the
 * kernel passes two per device the device tree lists, its MMIO region and
 * its interrupt. init asks each region what it is and keeps the first
 * device of each role the manifest can name (uart-*, blk-*, scratch-*,
 * rng-*, rtc-mmio, spare-mmio); every other device's handles are closed,
 * so no one is ever given them, and so is the interrupt of a role that
 * names none (the clock's: rtcd sets no alarm).
 */
#include <stddef.h>

#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/sys.h"
#include "init.h"

/* What the manifest's device words stand for. */
struct device_role {
	uint32_t device_class; /* enum cairn_device_class */
	uint32_t virtio_id;    /* for a virtio transport: what sits behind it (0: nothing) */
	uint8_t mmio_word;     /* enum manifest_handle */
	uint8_t irq_word;      /* enum manifest_handle, or MANIFEST_HANDLES: not given */
};

#define VIRTIO_ID_BLOCK	  2u /* virtio 1.x device ids */
#define VIRTIO_ID_ENTROPY 4u

static const struct device_role device_roles[] = {
	{CAIRN_DEVICE_UART_16550, 0, MANIFEST_H_UART_MMIO, MANIFEST_H_UART_IRQ},
	{CAIRN_DEVICE_VIRTIO_MMIO, VIRTIO_ID_BLOCK, MANIFEST_H_BLK_MMIO, MANIFEST_H_BLK_IRQ},
	/* a second block device: a scratch disk no store uses */
	{CAIRN_DEVICE_VIRTIO_MMIO, VIRTIO_ID_BLOCK, MANIFEST_H_SCRATCH_MMIO,
	 MANIFEST_H_SCRATCH_IRQ},
	{CAIRN_DEVICE_VIRTIO_MMIO, VIRTIO_ID_ENTROPY, MANIFEST_H_RNG_MMIO, MANIFEST_H_RNG_IRQ},
	{CAIRN_DEVICE_GOLDFISH_RTC, 0, MANIFEST_H_RTC_MMIO, MANIFEST_HANDLES},
	{CAIRN_DEVICE_VIRTIO_MMIO, 0, MANIFEST_H_SPARE_MMIO, MANIFEST_HANDLES},
};

/* The role of the device `info` describes that no device has taken yet, or NULL. */
static const struct device_role *device_free_role(const struct init_ctx *c,
						  const struct cairn_device_info *info)
{
	for (size_t i = 0; i < sizeof(device_roles) / sizeof(device_roles[0]); i++) {
		const struct device_role *r = &device_roles[i];

		if (r->device_class == info->device_class && r->virtio_id == info->virtio_id &&
		    c->words[r->mmio_word] == CAIRN_HANDLE_INVALID)
			return r;
	}
	return NULL;
}

void init_devices_sort(struct init_ctx *c, const cairn_handle_t *handles, size_t count)
{
	for (size_t k = CAIRN_INIT_HANDLES; k + 1 < count; k += 2) {
		struct cairn_device_info info = {0};
		const struct device_role *r = NULL;

		if (cairn_device_info(handles[k], &info) == 0)
			r = device_free_role(c, &info);
		if (r == NULL) {
			(void)cairn_handle_close(handles[k]);
			(void)cairn_handle_close(handles[k + 1]);
			continue;
		}
		c->words[r->mmio_word] = handles[k];
		if (r->irq_word < MANIFEST_HANDLES)
			c->words[r->irq_word] = handles[k + 1];
		else
			(void)cairn_handle_close(handles[k + 1]);
	}
}
