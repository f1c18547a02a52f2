/*
 * Finding the devices at boot (cairn/device.h): every device node the
 * device tree lists goes into the table, and of a virtio transport the id of
 * what sits behind it, read from its registers. It runs before paging is on,
 * so a device's registers are read at their physical address; nothing else
 * of a device is touched, and nothing of virtio beyond the magic value and
 * the device id (the drivers own the rest).
 */
#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/console.h"
#include "cairn/device.h"
#include "cairn/error.h"

#define DEVICE_VIRTIO_MAGIC	0x74726976u /* "virt", little-endian */
#define DEVICE_VIRTIO_REG_MAGIC 0u	    /* word offsets of the two registers read */
#define DEVICE_VIRTIO_REG_ID	2u

/*
 * The id of what sits behind the virtio transport at `base`, a region
 * device_check accepted; 0 for nothing.
 */
static uint32_t device_virtio_id(uint64_t base)
{
	/* Before paging a physical address is the address to load from. */
	const volatile uint32_t *regs =
		(const volatile uint32_t *)(uintptr_t)base; // NOLINT(performance-no-int-to-ptr)

	if (regs[DEVICE_VIRTIO_REG_MAGIC] != DEVICE_VIRTIO_MAGIC)
		return 0;
	return regs[DEVICE_VIRTIO_REG_ID];
}

void device_probe(const struct dtb_info *dt)
{
	for (size_t i = 0; i < dt->device_count; i++) {
		const struct dtb_device *d = &dt->devices[i];
		int err = device_check(d, dt); /* before a register is touched */

		if (err == 0)
			err = device_add(d, dt,
					 d->device_class == CAIRN_DEVICE_VIRTIO_MMIO
						 ? device_virtio_id(d->base)
						 : 0);

		if (err != 0)
			kprintf("device: the one at 0x%lx is left out: %s\n",
				(unsigned long)d->base, err_describe(err));
	}
	if (dt->devices_dropped != 0)
		kprintf("device: %zu more are left out: past the table's %u, without a usable reg, "
			"or behind a bus that translates addresses\n",
			dt->devices_dropped, CAIRN_DEVICES_MAX);
}
