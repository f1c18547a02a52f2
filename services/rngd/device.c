/*
 * The entropy device (rngd.h): bring-up over libvirtio, and one request at a
 * time, a device-writable buffer put on queue 0, notified, and waited for on
 * the interrupt's notification. The rings and the buffer share one DMA page:
 * descriptors at 0, the driver area at 1024, the device area at 2048, the
 * buffer at 3072.
 */
#include <stddef.h>

#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "rngd.h"

#define RNGD_RESET_POLLS 1000u
#define RNGD_AVAIL_OFF	 1024u
#define RNGD_USED_OFF	 2048u
#define RNGD_RAW_OFF	 3072u

_Static_assert(RNGD_QUEUE_SIZE * 16u <= RNGD_AVAIL_OFF, "descriptors fit below the driver area");
_Static_assert(RNGD_RAW_OFF + RNGD_RAW_CHUNK <= VIRTQ_PAGE, "the buffer fits the page");

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

static void *rngd_at(uint64_t va)
{
	return (void *)(uintptr_t)va; // NOLINT(performance-no-int-to-ptr): a page mapped there
}

/* The registers mapped and a virtio entropy device behind them. */
static long rngd_device_found(struct rngd *d)
{
	struct virtio_mmio_id id;
	long rc = cairn_mmio_map(d->self, d->mmio, RNGD_MMIO_VA);

	if (rc != 0)
		return rc;
	d->io = (struct virtio_mmio){
		.read32 = mmio_read32, .write32 = mmio_write32, .ctx = rngd_at(RNGD_MMIO_VA)};
	if ((rc = virtio_mmio_probe(&d->io, &id)) != 0)
		return rc;
	return id.device_id == VIRTIO_ID_ENTROPY ? 0 : ERR_NOTFOUND;
}

/* The ring page: made, mapped, and queue 0 set up in it. */
static long rngd_queue_up(struct rngd *d)
{
	long rc = cairn_dma_create(d->self, VIRTQ_PAGE, d->mmio);
	cairn_handle_t page;
	uint64_t pa;

	if (rc < 0)
		return rc;
	page = (cairn_handle_t)rc;
	if ((rc = cairn_vmo_map(d->self, page, RNGD_RING_VA, CAIRN_PROT_READ | CAIRN_PROT_WRITE)) !=
		    0 ||
	    (rc = cairn_vmo_phys(page, 0)) < 0)
		return rc;
	pa = (uint64_t)rc;
	struct virtq_mem mem = {
		.desc = {.va = rngd_at(RNGD_RING_VA), .pa = pa},
		.avail = {.va = rngd_at(RNGD_RING_VA + RNGD_AVAIL_OFF), .pa = pa + RNGD_AVAIL_OFF},
		.used = {.va = rngd_at(RNGD_RING_VA + RNGD_USED_OFF), .pa = pa + RNGD_USED_OFF},
	};
	d->raw = rngd_at(RNGD_RING_VA + RNGD_RAW_OFF);
	d->raw_pa = pa + RNGD_RAW_OFF;
	return virtq_setup(&d->q, &d->io, 0, RNGD_QUEUE_SIZE, &mem);
}

/* The interrupt bound to a new notification; a claim a dead rngd left is acknowledged. */
static long rngd_irq_up(struct rngd *d)
{
	long rc = cairn_notification_create(d->self);

	if (rc < 0)
		return rc;
	d->note = (cairn_handle_t)rc;
	if ((rc = cairn_irq_bind(d->irq, d->note, RNGD_IRQ_BIT)) != 0)
		return rc;
	(void)cairn_irq_ack(d->irq); /* ERR_INVAL when nothing was claimed: the usual case */
	return 0;
}

long rngd_device_up(struct rngd *d)
{
	uint64_t features;
	long rc = rngd_device_found(d);

	if (rc != 0)
		return rc;
	if ((rc = virtio_mmio_negotiate(&d->io, 0, RNGD_RESET_POLLS, &features)) != 0 ||
	    (rc = rngd_queue_up(d)) != 0 || (rc = rngd_irq_up(d)) != 0 ||
	    (rc = virtio_mmio_driver_ok(&d->io)) != 0) {
		virtio_mmio_fail(&d->io);
		return rc;
	}
	return 0;
}

/* The device gave up on: failed, and every later read refused. */
static long rngd_give_up(struct rngd *d, long rc)
{
	d->broken = true;
	virtio_mmio_fail(&d->io);
	return rc;
}

/* The clock now, in nanoseconds (0 if it cannot be read: the deadline is then the wait). */
static uint64_t rngd_now(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/*
 * Wait for the chain `head`, RNGD_WAIT_NS at most for the whole request
 * however often the device interrupts: the bytes written (1 or more), or an
 * error with d->broken set.
 */
static long rngd_wait(struct rngd *d, uint16_t head)
{
	const uint64_t deadline = rngd_now() + RNGD_WAIT_NS;

	for (;;) {
		struct virtq_done done;
		long rc = virtq_pop_used(&d->q, &done);
		uint64_t now;

		if (rc == 1 && done.head == head)
			return done.len > 0 ? (long)done.len : rngd_give_up(d, ERR_IO);
		if (rc < 0 || rc == 1) /* a protocol break, or a chain we did not have out */
			return rngd_give_up(d, ERR_IO);
		now = rngd_now();
		rc = now < deadline ? cairn_notification_wait(d->note, deadline - now)
				    : ERR_TIMEOUT;
		if (rc < 0) /* silent, or no way to wait: given up like a protocol break */
			return rngd_give_up(d, rc == ERR_TIMEOUT ? ERR_TIMEOUT : ERR_IO);
		(void)virtio_mmio_interrupt_take(&d->io);
		(void)cairn_irq_ack(d->irq);
	}
}

long rngd_device_read(struct rngd *d)
{
	const struct virtq_buf buf = {
		.pa = d->raw_pa, .len = RNGD_RAW_CHUNK, .device_writes = true};
	uint16_t head;

	if (d->broken)
		return ERR_IO;
	if (virtq_add(&d->q, &buf, 1, &head) != 0)
		return rngd_give_up(d, ERR_IO);
	virtq_kick(&d->q, &d->io);
	return rngd_wait(d, head);
}
