/*
 * Virtual memory objects: zero-filled pages that handles name and address
 * spaces map. A VMO lives while a handle or a mapping holds a reference
 * (refs); its frames go back when the last one does. The pool is bounded
 * (VMO_MAX) and each VMO's frame list lives in frames of its own.
 * Everything runs under the kernel lock.
 */
#ifndef CAIRN_VMO_H
#define CAIRN_VMO_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"

struct device;
struct process;

#define VMO_MAX		  256 /* two hosted programs with 64 MiB heaps beside the services (RFC-0020) */
#define VMO_PAGES_MAX	  (CAIRN_VMO_SIZE_MAX / CAIRN_PAGE_SIZE)
#define VMO_LIST_PER_PAGE (CAIRN_PAGE_SIZE / sizeof(uint64_t))
#define VMO_LIST_PAGES	  ((VMO_PAGES_MAX + VMO_LIST_PER_PAGE - 1) / VMO_LIST_PER_PAGE)

struct vmo {
	bool used;
	uint32_t refs;
	uint32_t pages;
	uint64_t id;
	struct process *account; /* charged for it (QUOTA_VMOS and QUOTA_PAGES), referenced */
	struct device *dma;	 /* the device its pages came from (dma_create), or NULL */
	uint64_t *list[VMO_LIST_PAGES]; /* frames holding the page frame addresses */
};

/* Frames vmo_create takes for a VMO of `pages` pages (the pages and their list). */
uint64_t vmo_frames_needed(uint32_t pages);

/*
 * Whether `account` may have a VMO of `pages` pages: a slot is free, its
 * quota has room for one more VMO and vmo_frames_needed(pages) more pages,
 * and the frame allocator holds that many frames.
 */
bool vmo_available(const struct process *account, uint32_t pages);

/*
 * Make a VMO of `pages` (1..VMO_PAGES_MAX) zeroed pages with one reference,
 * charged to `account` until the last reference goes. Precondition (the
 * caller's decode): vmo_available(account, pages); panics otherwise.
 */
struct vmo *vmo_create(struct process *account, uint32_t pages);

/*
 * As vmo_available and vmo_create, for a DMA VMO of device `dma`
 * (RFC-0018): its pages come from the device's pool and go back there.
 */
bool vmo_dma_available(const struct process *account, uint32_t pages, const struct device *dma);
struct vmo *vmo_create_dma(struct process *account, uint32_t pages, struct device *dma);

/* The frame of page `index` (< pages). */
uint64_t vmo_page(const struct vmo *v, uint32_t index);

void vmo_ref(struct vmo *v);
void vmo_unref(struct vmo *v);

#endif /* CAIRN_VMO_H */
