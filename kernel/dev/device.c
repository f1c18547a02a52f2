/*
 * The device table (cairn/device.h): the devices added at boot, the
 * claim/signal/acknowledge cycle of bound interrupts, and each device's DMA
 * frame pool. Reading the device tree and the devices' id registers is
 * device_probe.c's.
 */
#include "cairn/device.h"

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/kmem.h"
#include "cairn/memlayout.h"
#include "cairn/panic.h"
#include "cairn/phys.h"
#include "cairn/plic.h"
#include "cairn/string.h"

static struct device device_table[CAIRN_DEVICES_MAX];
static size_t device_used;
static uint64_t device_boot_hartid;

/* The region's bytes, rounded up to whole pages (0 for a size past the bound). */
static uint64_t device_region_size(const struct dtb_device *d)
{
	if (d->size == 0 || d->size > DEVICE_MMIO_SIZE_MAX)
		return 0;
	return (d->size + CAIRN_PAGE_SIZE - 1) & ~(uint64_t)(CAIRN_PAGE_SIZE - 1);
}

static bool device_overlaps(uint64_t base, uint64_t size, uint64_t other, uint64_t other_size)
{
	return base < other + other_size && other < base + size;
}

/* Whether [base, base + size) meets RAM, the kernel's own devices, or a device added before. */
static bool device_collides(uint64_t base, uint64_t size, const struct dtb_info *dt)
{
	for (size_t i = 0; i < dt->mem_count; i++) {
		if (device_overlaps(base, size, dt->mem[i].base, dt->mem[i].size))
			return true;
	}
	for (size_t i = 0; i < device_used; i++) {
		if (device_overlaps(base, size, device_table[i].mmio.base,
				    device_table[i].mmio.size))
			return true;
	}
	return device_overlaps(base, size, MEMLAYOUT_PLIC, MEMLAYOUT_PLIC_SIZE) ||
	       device_overlaps(base, size, MEMLAYOUT_FINISHER, MEMLAYOUT_MMIO_PAGE);
}

int device_check(const struct dtb_device *d, const struct dtb_info *dt)
{
	uint64_t size = device_region_size(d);

	if (d->base % CAIRN_PAGE_SIZE != 0)
		return ERR_ALIGN;
	if (size == 0 || d->base >= DEVICE_PA_LIMIT || size > DEVICE_PA_LIMIT - d->base)
		return ERR_RANGE;
	if (device_collides(d->base, size, dt))
		return ERR_EXISTS;
	return device_used == CAIRN_DEVICES_MAX ? ERR_NOSPC : 0;
}

int device_add(const struct dtb_device *d, const struct dtb_info *dt, uint32_t virtio_id)
{
	int err = device_check(d, dt);

	if (err != 0)
		return err;
	device_table[device_used++] = (struct device){
		.mmio = {.base = d->base, .size = device_region_size(d)},
		.irq = {.source = d->irq < PLIC_SOURCES ? d->irq : 0},
		.device_class = d->device_class,
		.virtio_id = virtio_id,
	};
	return 0;
}

size_t device_count(void)
{
	return device_used;
}

struct device *device_at(size_t i)
{
	if (i >= device_used)
		PANIC("device %zu of %zu", i, device_used);
	return &device_table[i];
}

void device_describe(const struct device *dev, struct cairn_device_info *ret)
{
	*ret = (struct cairn_device_info){.device_class = dev->device_class,
					  .irq = dev->irq.source,
					  .base = dev->mmio.base,
					  .size = dev->mmio.size,
					  .virtio_id = dev->virtio_id};
}

void device_init(uint64_t boot_hartid)
{
	device_boot_hartid = boot_hartid;
}

int device_irq_bind_check(const struct irq_line *line)
{
	return line->source != 0 ? 0 : ERR_INVAL;
}

void device_irq_bind(struct irq_line *line, struct notification *n, uint32_t bit)
{
	notification_ref(n);
	if (line->note != NULL)
		notification_unref(line->note);
	line->note = n;
	line->bit = bit;
	plic_enable(device_boot_hartid, line->source);
}

int device_irq_ack_check(const struct irq_line *line)
{
	return line->claimed ? 0 : ERR_INVAL;
}

void device_irq_ack(struct irq_line *line)
{
	line->claimed = false;
	plic_complete(line->claim_hartid, line->source);
}

void device_irq_take(uint64_t hartid)
{
	uint32_t src = plic_claim(hartid);

	for (size_t i = 0; src != 0 && i < device_used; i++) {
		struct irq_line *line = &device_table[i].irq;

		if (line->source != src || line->note == NULL)
			continue;
		line->claimed = true;
		line->claim_hartid = hartid;
		notification_signal(line->note, 1u << line->bit);
		return;
	}
	if (src != 0)
		plic_complete(hartid, src); /* no driver: nothing to wait for */
}

bool device_dma_available(const struct device *dev, uint32_t pages, uint64_t other)
{
	uint32_t from_pool = pages < dev->dma_pooled ? pages : dev->dma_pooled;

	return pages <= DEVICE_DMA_PAGES_MAX - dev->dma_live - dev->dma_pooled + from_pool &&
	       kmem_get_stats().free >= other + (pages - from_pool);
}

uint64_t device_dma_take(struct device *dev)
{
	uint64_t pa;

	if (dev->dma_pooled > 0) {
		pa = dev->dma_pool[--dev->dma_pooled];
		memset(phys_to_ptr(pa), 0, CAIRN_PAGE_SIZE);
	} else if (kmem_frame_alloc(&pa) != 0) {
		PANIC("decode promised a DMA frame");
	}
	dev->dma_live++;
	return pa;
}

void device_dma_return(struct device *dev, uint64_t pa)
{
	if (dev->dma_live == 0 || dev->dma_pooled == DEVICE_DMA_PAGES_MAX)
		PANIC("DMA frame 0x%lx returned to a device that lent none", (unsigned long)pa);
	dev->dma_live--;
	dev->dma_pool[dev->dma_pooled++] = pa;
}
