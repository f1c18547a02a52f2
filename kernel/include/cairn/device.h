/*
 * Device capabilities for user-mode drivers (RFC-0005, RFC-0018): the devices
 * the device tree lists, each an MMIO region, an interrupt line and a pool of
 * DMA frames. The kernel fills the table at boot (device_probe.c reads the
 * tree and the virtio transports' ids) and gives init a handle to each
 * region and line; they live for the whole run, so handles need no reference
 * counts. An MMIO handle names the struct device, an interrupt handle its
 * irq_line.
 *
 * An interrupt line bound to a notification bit is enabled on the boot
 * hart's supervisor context. When it fires, the kernel claims it, signals
 * the bit and leaves it claimed, so it cannot fire again, until the driver
 * acknowledges it (irq_ack completes the claim).
 *
 * DMA frames: a DMA VMO made for a device (dma_create) takes its pages from
 * the device's pool first and from the frame allocator after; when the VMO
 * goes, its pages return to the pool, never to the allocator, so a device
 * still writing after its driver died writes only into memory of its own.
 * Live and pooled pages together stay within DEVICE_DMA_PAGES_MAX.
 */
#ifndef CAIRN_DEVICE_H
#define CAIRN_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/device.h"
#include "cairn/dtb.h"
#include "cairn/ipc.h"

#define DEVICE_DMA_PAGES_MAX 256u	  /* a device's DMA frames, live and pooled */
#define DEVICE_MMIO_SIZE_MAX 0x100000u	  /* the largest register region handed out */
#define DEVICE_PA_LIMIT	     (1ull << 56) /* physical addresses Sv39 page tables can name */

struct mmio_region {
	uint64_t base; /* physical, page-aligned */
	uint64_t size; /* bytes, a whole number of pages */
};

struct irq_line {
	uint32_t source;	   /* PLIC source number, 0 for a device without one */
	uint32_t bit;		   /* notification bit it sets */
	struct notification *note; /* bound notification (referenced), or NULL */
	bool claimed;		   /* fired, not yet acknowledged */
	uint64_t claim_hartid;	   /* the hart whose context claimed it */
};

struct device {
	struct mmio_region mmio;
	struct irq_line irq;
	uint32_t device_class; /* enum cairn_device_class */
	uint32_t virtio_id;    /* what a virtio transport carries, 0 for nothing */
	uint32_t dma_live;     /* pages of its live DMA VMOs */
	uint32_t dma_pooled;   /* frames in dma_pool */
	uint64_t dma_pool[DEVICE_DMA_PAGES_MAX];
};

/*
 * Whether the device `d` describes can be handed out, its region rounded up
 * to whole pages: 0, ERR_ALIGN (base not page-aligned: a page could hold two
 * devices), ERR_RANGE (size 0 or above DEVICE_MMIO_SIZE_MAX, or the region
 * reaches DEVICE_PA_LIMIT), ERR_EXISTS (it overlaps RAM `dt` lists, the
 * kernel's own PLIC or finisher, or a device added before) or ERR_NOSPC
 * (CAIRN_DEVICES_MAX added). Nothing of the device is read.
 */
int device_check(const struct dtb_device *d, const struct dtb_info *dt);

/*
 * Add the device `d` describes with `virtio_id` (0 unless a virtio
 * transport carries something): 0, or device_check's error and nothing added.
 */
int device_add(const struct dtb_device *d, const struct dtb_info *dt, uint32_t virtio_id);

/*
 * Add every device of `dt` (device_probe.c), reading each virtio transport's
 * id at its physical address: called once, before paging is on. A device
 * device_add refuses is left out with a line on the console.
 */
void device_probe(const struct dtb_info *dt);

/* Devices added so far, and the i-th (i < device_count()). */
size_t device_count(void);
struct device *device_at(size_t i);

/* What device_info tells about `dev`. */
void device_describe(const struct device *dev, struct cairn_device_info *ret);

/* Record the boot hart, whose supervisor context takes every bound interrupt. */
void device_init(uint64_t boot_hartid);

/* Bind `line` to bit `bit` of `n` and enable it; a previous binding is replaced. */
void device_irq_bind(struct irq_line *line, struct notification *n, uint32_t bit);

/* 0 if `line` can be bound (it has a source), ERR_INVAL otherwise. */
int device_irq_bind_check(const struct irq_line *line);

/* 0 if `line` is claimed and may be acknowledged, ERR_INVAL otherwise. */
int device_irq_ack_check(const struct irq_line *line);

/* Complete the claim: the line may fire again. */
void device_irq_ack(struct irq_line *line);

/* An external interrupt reached this hart (`hartid`): claim, signal, leave claimed. */
void device_irq_take(uint64_t hartid);

/*
 * Whether `pages` more DMA pages can be made for `dev` while the caller also
 * takes `other` frames from the allocator: its bound leaves room, and its
 * pool and the allocator hold the frames between them.
 */
bool device_dma_available(const struct device *dev, uint32_t pages, uint64_t other);

/* A zeroed DMA frame for `dev`, from its pool first. Precondition: device_dma_available. */
uint64_t device_dma_take(struct device *dev);

/* Frame `pa` of a DMA VMO of `dev` that went: back to the device's pool. */
void device_dma_return(struct device *dev, uint64_t pa);

#endif /* CAIRN_DEVICE_H */
