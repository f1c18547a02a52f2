/*
 * The VMO pool (cairn/vmo.h): creation, page lookup, and references. A DMA
 * VMO's pages come from its device's pool and go back to it (cairn/device.h).
 */
#include "cairn/vmo.h"

#include "cairn/device.h"
#include "cairn/kmem.h"
#include "cairn/panic.h"
#include "cairn/phys.h"
#include "cairn/proc.h"

static struct vmo vmo_pool[VMO_MAX];
static uint64_t vmo_next_id = 1;

/* Frames of the page list of a VMO of `pages` pages. */
static uint64_t vmo_list_frames(uint32_t pages)
{
	return (pages + VMO_LIST_PER_PAGE - 1) / VMO_LIST_PER_PAGE;
}

uint64_t vmo_frames_needed(uint32_t pages)
{
	return pages + vmo_list_frames(pages);
}

static struct vmo *vmo_free_slot(void)
{
	for (size_t i = 0; i < VMO_MAX; i++) {
		if (!vmo_pool[i].used)
			return &vmo_pool[i];
	}
	return NULL;
}

bool vmo_available(const struct process *account, uint32_t pages)
{
	uint64_t frames = vmo_frames_needed(pages);

	return vmo_free_slot() != NULL && quota_has_room(&account->quota, QUOTA_VMOS, 1) &&
	       quota_has_room(&account->quota, QUOTA_PAGES, frames) &&
	       kmem_get_stats().free >= frames;
}

bool vmo_dma_available(const struct process *account, uint32_t pages, const struct device *dma)
{
	return vmo_free_slot() != NULL && quota_has_room(&account->quota, QUOTA_VMOS, 1) &&
	       quota_has_room(&account->quota, QUOTA_PAGES, vmo_frames_needed(pages)) &&
	       device_dma_available(dma, pages, vmo_list_frames(pages));
}

static uint64_t vmo_must_alloc(void)
{
	uint64_t pa;

	if (kmem_frame_alloc(&pa) != 0)
		PANIC("decode promised a frame");
	return pa;
}

/* Take a slot and charge `account`; the pages are the caller's to fill. */
static struct vmo *vmo_take_slot(struct process *account, uint32_t pages, struct device *dma)
{
	struct vmo *v = vmo_free_slot();

	if (v == NULL || pages == 0 || pages > VMO_PAGES_MAX)
		PANIC("decode promised a slot for %u pages", pages);
	quota_charge(&account->quota, QUOTA_VMOS, 1);
	quota_charge(&account->quota, QUOTA_PAGES, vmo_frames_needed(pages));
	proc_ref(account);
	*v = (struct vmo){.used = true,
			  .refs = 1,
			  .pages = pages,
			  .id = vmo_next_id++,
			  .account = account,
			  .dma = dma};
	return v;
}

/* Record `pa` as page `index`, taking a frame for the list when it needs one. */
static void vmo_set_page(struct vmo *v, uint32_t index, uint64_t pa)
{
	uint32_t list = index / VMO_LIST_PER_PAGE;

	if (v->list[list] == NULL)
		v->list[list] = phys_to_ptr(vmo_must_alloc());
	v->list[list][index % VMO_LIST_PER_PAGE] = pa;
}

struct vmo *vmo_create(struct process *account, uint32_t pages)
{
	struct vmo *v = vmo_take_slot(account, pages, NULL);

	for (uint32_t i = 0; i < pages; i++)
		vmo_set_page(v, i, vmo_must_alloc());
	return v;
}

struct vmo *vmo_create_dma(struct process *account, uint32_t pages, struct device *dma)
{
	struct vmo *v = vmo_take_slot(account, pages, dma);

	for (uint32_t i = 0; i < pages; i++)
		vmo_set_page(v, i, device_dma_take(dma));
	return v;
}

uint64_t vmo_page(const struct vmo *v, uint32_t index)
{
	return v->list[index / VMO_LIST_PER_PAGE][index % VMO_LIST_PER_PAGE];
}

void vmo_ref(struct vmo *v)
{
	v->refs++;
}

void vmo_unref(struct vmo *v)
{
	if (v->refs == 0)
		PANIC("vmo %lu has no reference to drop", (unsigned long)v->id);
	if (--v->refs != 0)
		return;
	for (uint32_t i = 0; i < v->pages; i++) {
		if (v->dma != NULL)
			device_dma_return(v->dma, vmo_page(v, i));
		else
			kmem_frame_free(vmo_page(v, i));
	}
	for (size_t l = 0; l < VMO_LIST_PAGES && v->list[l] != NULL; l++)
		kmem_frame_free(phys_of(v->list[l]));
	struct process *account = v->account;
	uint32_t pages = v->pages;

	*v = (struct vmo){0};
	quota_credit(&account->quota, QUOTA_VMOS, 1);
	quota_credit(&account->quota, QUOTA_PAGES, vmo_frames_needed(pages));
	proc_unref(account);
}
