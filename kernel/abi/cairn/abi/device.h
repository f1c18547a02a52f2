/*
 * Devices the kernel hands out (RFC-0018), shared by the kernel, user
 * programs and host tests: the classes it recognises in the device tree and
 * what device_info tells a holder of a device's MMIO region. This header owns
 * the layout only; which devices exist is the device tree's to say.
 */
#ifndef CAIRN_ABI_DEVICE_H
#define CAIRN_ABI_DEVICE_H

#include <stddef.h>
#include <stdint.h>

/* What a device is, by the device tree's `compatible`. */
enum cairn_device_class {
	CAIRN_DEVICE_NONE = 0,
	CAIRN_DEVICE_UART_16550 = 1, /* "ns16550a" */
	CAIRN_DEVICE_VIRTIO_MMIO =
		2, /* "virtio,mmio": a transport; virtio_id says what sits on it */
	CAIRN_DEVICE_GOLDFISH_RTC = 3 /* "google,goldfish-rtc": a real-time clock (RFC-0020) */
};

/* The most devices the kernel hands out; init gets two handles for each. */
#define CAIRN_DEVICES_MAX 16u

/* device_info fills this. */
struct cairn_device_info {
	uint32_t device_class; /* enum cairn_device_class */
	uint32_t irq;	       /* PLIC source of its interrupt line, 0 when it has none */
	uint64_t base;	       /* physical address of its registers, page-aligned */
	uint64_t size;	       /* bytes its MMIO handle maps, whole pages */
	uint32_t virtio_id; /* a virtio transport's device id (0: nothing behind it); 0 otherwise */
	uint32_t reserved;  /* 0 */
};
_Static_assert(sizeof(struct cairn_device_info) == 32, "device_info is 32 bytes");
_Static_assert(offsetof(struct cairn_device_info, base) == 8, "base at 8");
_Static_assert(offsetof(struct cairn_device_info, virtio_id) == 24, "virtio_id at 24");

#endif /* CAIRN_ABI_DEVICE_H */
