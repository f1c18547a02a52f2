/*
 * Device system calls (RFC-0018): device_info tells what an MMIO region is;
 * dma_create makes memory a device may be pointed at, only for the holder of
 * the device's region with RIGHT_DMA; vmo_phys tells a page's physical
 * address to the holder of such memory. Decode checks every handle, right,
 * size and address and that the frames are there; perform cannot fail.
 */
#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/panic.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"
#include "cairn/vmo.h"

/* A DMA VMO's handle: a VMO's rights and RIGHT_DMA. */
#define SYS_DMA_RIGHTS                                                                             \
	(RIGHT_DUP | RIGHT_TRANSFER | RIGHT_READ | RIGHT_WRITE | RIGHT_MAP | RIGHT_DMA)

static int sys_lookup(const struct sys_call *c, uint64_t h, uint32_t kind, uint32_t right,
		      void **ret_obj)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(h), kind, right, &e);

	if (err == 0)
		*ret_obj = e.obj;
	return err;
}

/* device_info(mmio, info): any holder of the region may ask. */
int64_t sys_device_info(struct sys_call *c)
{
	struct cairn_device_info info;
	void *dev;
	int err = sys_lookup(c, c->arg[0], KIND_MMIO, 0, &dev);

	if (err != 0)
		return err;
	if (c->arg[1] % 8 != 0)
		return ERR_ALIGN;
	if (!uaccess_range_ok(c->proc->root, c->arg[1], sizeof(info), PTE_R | PTE_W))
		return ERR_BADADDR;
	device_describe(dev, &info);
	/* Decode checked the range under the kernel lock, so the copy cannot fail. */
	if (copy_to_user(c->proc->root, c->arg[1], &info, sizeof(info)) != 0)
		PANIC("checked range 0x%lx refused", (unsigned long)c->arg[1]);
	return 0;
}

/* dma_create(process, size, mmio): a DMA VMO charged to `process`, for the region's device. */
int64_t sys_dma_create(struct sys_call *c)
{
	void *p;
	void *dev;
	int err;

	if ((err = sys_lookup(c, c->arg[0], KIND_PROCESS, RIGHT_ALLOC, &p)) != 0 ||
	    (err = sys_lookup(c, c->arg[2], KIND_MMIO, RIGHT_DMA, &dev)) != 0)
		return err;
	if (c->arg[1] == 0 || c->arg[1] > (uint64_t)DEVICE_DMA_PAGES_MAX * CAIRN_PAGE_SIZE)
		return ERR_RANGE;
	uint32_t pages = (uint32_t)((c->arg[1] + CAIRN_PAGE_SIZE - 1) / CAIRN_PAGE_SIZE);
	if (!vmo_dma_available(p, pages, dev))
		return ERR_NOMEM; /* no slot, no room in the quota or the device's bound, no frames
				   */
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	/* Point of no return. */
	struct vmo *v = vmo_create_dma(p, pages, dev);
	return handle_install(&c->proc->handles, KIND_VMO, SYS_DMA_RIGHTS, v);
}

/* vmo_phys(vmo, page): the physical address of one page of a DMA VMO. */
int64_t sys_vmo_phys(struct sys_call *c)
{
	void *obj;
	int err = sys_lookup(c, c->arg[0], KIND_VMO, RIGHT_DMA, &obj);

	if (err != 0)
		return err;
	const struct vmo *v = obj;
	if (v->dma == NULL)
		return ERR_DENIED; /* only dma_create grants RIGHT_DMA on a VMO: a second guard */
	if (c->arg[1] >= v->pages)
		return ERR_RANGE;
	return (int64_t)vmo_page(v, (uint32_t)c->arg[1]);
}
