/*
 * The clients' DMA windows (blkd.h): one per badge, made at its first OPEN
 * and kept for the whole run, so a client opening again (or restarted under
 * the same badge) gets the same window and blkd's quota holds at most
 * BLKD_WINDOWS_MAX windows, whatever its clients do.
 */
#include <stddef.h>

#include "blkd.h"
#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/sys.h"

struct blkd_window *blkd_window_of(struct blkd *d, uint64_t badge)
{
	for (size_t i = 0; i < BLKD_WINDOWS_MAX; i++) {
		if (d->windows[i].used && d->windows[i].badge == badge)
			return &d->windows[i];
	}
	return NULL;
}

static struct blkd_window *blkd_window_free(struct blkd *d)
{
	for (size_t i = 0; i < BLKD_WINDOWS_MAX; i++) {
		if (!d->windows[i].used)
			return &d->windows[i];
	}
	return NULL;
}

/* A new DMA VMO for w, with its pages' addresses; 0 or the kernel's error. */
static long blkd_window_make(struct blkd *d, struct blkd_window *w)
{
	long rc = cairn_dma_create(d->self, SVC_BLK_WINDOW, d->mmio);

	if (rc < 0)
		return rc;
	w->vmo = (cairn_handle_t)rc;
	for (uint32_t i = 0; i < BLKD_WINDOW_PAGES; i++) {
		if ((rc = cairn_vmo_phys(w->vmo, i)) < 0) {
			(void)cairn_handle_close(w->vmo);
			return rc;
		}
		w->pages[i] = (uint64_t)rc;
	}
	return 0;
}

long blkd_window_open(struct blkd *d, uint64_t badge, bool writer, struct blkd_window **ret_w)
{
	struct blkd_window *w = blkd_window_of(d, badge);
	long rc;

	if (w == NULL) {
		if ((w = blkd_window_free(d)) == NULL)
			return ERR_NOSPC;
		if ((rc = blkd_window_make(d, w)) != 0)
			return rc;
		w->badge = badge;
		w->used = true;
	}
	w->writer = writer;
	*ret_w = w;
	return 0;
}
