/*
 * The device (blkd.h): bring-up over libvirtio, and one request at a time,
 * put on the queue, notified, and waited for on the interrupt's
 * notification. The rings and the request's header and status share one
 * DMA page: descriptors at 0, the driver area at 1024, the device area at
 * 2048, the request at 3072.
 */
#include <stddef.h>

#include "blkd.h"
#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"

#define BLKD_RESET_POLLS  1000u
#define BLKD_CONFIG_TRIES 8u
#define BLKD_WANTED	  ((1ull << VIRTIO_BLK_F_FLUSH) | (1ull << VIRTIO_BLK_F_RO))
#define BLKD_AVAIL_OFF	  1024u
#define BLKD_USED_OFF	  2048u
#define BLKD_REQ_OFF	  3072u

_Static_assert(BLKD_QUEUE_SIZE * 16u <= BLKD_AVAIL_OFF, "descriptors fit below the driver area");
_Static_assert(BLKD_AVAIL_OFF + 6u + 2u * BLKD_QUEUE_SIZE <= BLKD_USED_OFF, "driver area fits");
_Static_assert(BLKD_USED_OFF + 6u + 8u * BLKD_QUEUE_SIZE <= BLKD_REQ_OFF, "device area fits");

/* Register access: fences order the device's registers against the rings in memory. */
static uint32_t mmio_read32(void *ctx, uint32_t off)
{
	const volatile uint32_t *reg =
		(const volatile uint32_t *)((const volatile uint8_t *)ctx + off);
	uint32_t v;

	__asm__ volatile("fence iorw, iorw" ::: "memory");
	v = *reg;
	__asm__ volatile("fence iorw, iorw" ::: "memory");
	return v;
}

static void mmio_write32(void *ctx, uint32_t off, uint32_t val)
{
	volatile uint32_t *reg = (volatile uint32_t *)((volatile uint8_t *)ctx + off);

	__asm__ volatile("fence iorw, iorw" ::: "memory");
	*reg = val;
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

static void *blkd_at(uint64_t va)
{
	return (void *)(uintptr_t)va; // NOLINT(performance-no-int-to-ptr): a page mapped there
}

/* The registers mapped and a virtio block device behind them. */
static long blkd_device_found(struct blkd *d)
{
	struct virtio_mmio_id id;
	long rc = cairn_mmio_map(d->self, d->mmio, BLKD_MMIO_VA);

	if (rc != 0)
		return rc;
	d->io = (struct virtio_mmio){
		.read32 = mmio_read32, .write32 = mmio_write32, .ctx = blkd_at(BLKD_MMIO_VA)};
	if ((rc = virtio_mmio_probe(&d->io, &id)) != 0)
		return rc;
	return id.device_id == VIRTIO_ID_BLOCK ? 0 : ERR_NOTFOUND;
}

/* The ring page: made, mapped, and queue 0 set up in it. */
static long blkd_queue_up(struct blkd *d)
{
	long rc = cairn_dma_create(d->self, VIRTQ_PAGE, d->mmio);
	cairn_handle_t page;
	uint64_t pa;

	if (rc < 0)
		return rc;
	page = (cairn_handle_t)rc;
	if ((rc = cairn_vmo_map(d->self, page, BLKD_RING_VA, CAIRN_PROT_READ | CAIRN_PROT_WRITE)) !=
		    0 ||
	    (rc = cairn_vmo_phys(page, 0)) < 0)
		return rc;
	pa = (uint64_t)rc;
	struct virtq_mem mem = {
		.desc = {.va = blkd_at(BLKD_RING_VA), .pa = pa},
		.avail = {.va = blkd_at(BLKD_RING_VA + BLKD_AVAIL_OFF), .pa = pa + BLKD_AVAIL_OFF},
		.used = {.va = blkd_at(BLKD_RING_VA + BLKD_USED_OFF), .pa = pa + BLKD_USED_OFF},
	};
	d->req = blkd_at(BLKD_RING_VA + BLKD_REQ_OFF);
	d->req_pa = pa + BLKD_REQ_OFF;
	return virtq_setup(&d->q, &d->io, 0, BLKD_QUEUE_SIZE, &mem);
}

/* The interrupt bound to a new notification; a claim a dead blkd left is acknowledged. */
static long blkd_irq_up(struct blkd *d)
{
	long rc = cairn_notification_create(d->self);

	if (rc < 0)
		return rc;
	d->note = (cairn_handle_t)rc;
	if ((rc = cairn_irq_bind(d->irq, d->note, BLKD_IRQ_BIT)) != 0)
		return rc;
	(void)cairn_irq_ack(d->irq); /* ERR_INVAL when nothing was claimed: the usual case */
	return 0;
}

long blkd_disk_up(struct blkd *d)
{
	long rc = blkd_device_found(d);

	if (rc != 0)
		return rc;
	if ((rc = virtio_mmio_negotiate(&d->io, BLKD_WANTED, BLKD_RESET_POLLS, &d->dev.features)) !=
		    0 ||
	    (rc = virtio_blk_capacity(&d->io, BLKD_CONFIG_TRIES, &d->dev.capacity)) != 0 ||
	    (rc = blkd_queue_up(d)) != 0 || (rc = blkd_irq_up(d)) != 0 ||
	    (rc = virtio_mmio_driver_ok(&d->io)) != 0) {
		virtio_mmio_fail(&d->io);
		return rc;
	}
	return 0;
}

/* The clock now, in nanoseconds (0 if it cannot be read: the deadline is then the wait). */
static uint64_t blkd_now(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/*
 * Wait for the chain `head` to come back, BLKD_WAIT_NS at most for the whole
 * request however often the device interrupts: 0, or ERR_IO/ERR_TIMEOUT with
 * d->broken set.
 */
static long blkd_wait(struct blkd *d, uint16_t head)
{
	const uint64_t deadline = blkd_now() + BLKD_WAIT_NS;

	for (;;) {
		struct virtq_done done;
		long rc = virtq_pop_used(&d->q, &done);
		uint64_t now;

		if (rc == 1 && done.head == head)
			return 0;
		if (rc < 0 || rc == 1) /* a protocol break, or a chain we did not have out */
			break;
		now = blkd_now();
		rc = now < deadline ? cairn_notification_wait(d->note, deadline - now)
				    : ERR_TIMEOUT;
		if (rc < 0) { /* silent, or no way to wait: given up like a protocol break */
			d->broken = true;
			virtio_mmio_fail(&d->io);
			return rc == ERR_TIMEOUT ? ERR_TIMEOUT : ERR_IO;
		}
		(void)virtio_mmio_interrupt_take(&d->io);
		(void)cairn_irq_ack(d->irq);
	}
	d->broken = true;
	virtio_mmio_fail(&d->io);
	return ERR_IO;
}

long blkd_disk_do(struct blkd *d, uint32_t type, uint64_t sector, const struct virtio_blk_seg *segs,
		  uint32_t n)
{
	struct virtio_blk_buf buf = {.req = d->req, .req_pa = d->req_pa, .segs = segs, .nsegs = n};
	uint16_t head;
	long rc;

	if (d->broken)
		return ERR_IO;
	if ((rc = virtio_blk_submit(&d->q, &d->dev, type, sector, &buf, &head)) != 0)
		return rc;
	virtq_kick(&d->q, &d->io);
	if ((rc = blkd_wait(d, head)) != 0)
		return rc;
	return virtio_blk_status_error(d->req->status);
}
