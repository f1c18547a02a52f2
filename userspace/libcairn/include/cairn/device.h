/*
 * Typed wrappers of the device calls (RFC-0018): what an MMIO region is, DMA
 * memory for its device, and the physical address of a DMA page. Mapping a
 * region and binding its interrupt are cairn/ipc.h's.
 */
#ifndef LIBCAIRN_DEVICE_H
#define LIBCAIRN_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/device.h"
#include "cairn/ecall.h"

static inline long cairn_device_info(cairn_handle_t region, struct cairn_device_info *ret_info)
{
	return cairn_sys_device_info(region, (uintptr_t)ret_info);
}

/* A VMO of `size` bytes charged to `proc` whose pages the region's device may be pointed at. */
static inline long cairn_dma_create(cairn_handle_t proc, size_t size, cairn_handle_t region)
{
	return cairn_sys_dma_create(proc, size, region);
}

/* The physical address of page `page` of a DMA VMO (its handle holds RIGHT_DMA). */
static inline long cairn_vmo_phys(cairn_handle_t vmo, uint32_t page)
{
	return cairn_sys_vmo_phys(vmo, page);
}

#endif /* LIBCAIRN_DEVICE_H */
