/*
 * hog: takes everything its quota lets it have and keeps it (RFC-0010). init
 * starts it as an outside program with no max-* keys on its line, so with
 * CAIRN_QUOTA_DEFAULT. It makes threads, endpoints, notifications and VMOs
 * until each call answers ERR_NOMEM, checks that it got exactly its quota
 * of each (threads: its own first one counts) and a VMO page count that
 * used up its pages, prints what it holds and its marker, says READY and
 * then sleeps holding it all. The rest of the suite and the shell's
 * `crash logd` (a restart, which needs a process slot, a thread, frames)
 * then run while it holds its quota. A kernel without quotas lets it take
 * more than its quota, and it says FAIL.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/client.h"

enum { HOG_H_SELF = 0, HOG_H_SUPERVISOR = 1, HOG_H_CONSOLE = 2, HOG_HANDLES = 3 };

#define HOG_MARKER "HOSTILE: quota exhausted and held ok"

#define HOG_THREADS_MAX 32u /* stacks it maps: more than any quota it is given here */
#define HOG_STACK_VA	0x2000400000ull
#define HOG_BIG_VA	0x2001000000ull
#define HOG_TRIES	64u /* calls per kind at most: the loops end even without quotas */

/* What it took. */
struct hog {
	cairn_handle_t self;
	cairn_handle_t sleep; /* the endpoint its threads sleep on, receiving: no one calls it */
	uint32_t threads;     /* its first one included */
	uint32_t endpoints;
	uint32_t notifications;
	uint32_t vmos;
	uint64_t vmo_pages;
};

/* Many threads may wait to receive on one endpoint; a notification takes one waiter. */
static _Noreturn void hog_sleeper(uint64_t ep)
{
	struct cairn_msg m = {0};

	for (;;)
		(void)cairn_ipc_recv((cairn_handle_t)ep, &m, CAIRN_WAIT_FOREVER);
}

/* Threads until ERR_NOMEM, each on a stack page of its own. */
static long hog_threads(struct hog *h)
{
	long vmo = cairn_vmo_create(h->self, (size_t)HOG_THREADS_MAX * 4096u);
	long rc = vmo < 0 ? vmo
			  : cairn_vmo_map(h->self, (cairn_handle_t)vmo, HOG_STACK_VA,
					  CAIRN_PROT_READ | CAIRN_PROT_WRITE);

	if (rc != 0)
		return rc;
	h->vmos++;
	h->vmo_pages += HOG_THREADS_MAX;
	for (h->threads = 1; h->threads <= HOG_THREADS_MAX; h->threads++) {
		uintptr_t top = HOG_STACK_VA + (uintptr_t)h->threads * 4096u;

		rc = cairn_thread_create(h->self, hog_sleeper, top, h->sleep);
		if (rc < 0)
			return rc == ERR_NOMEM ? 0 : rc;
	}
	return ERR_BUSY; /* HOG_THREADS_MAX threads and no refusal */
}

/* Endpoints and notifications until ERR_NOMEM. */
static long hog_objects(struct hog *h)
{
	long rc = 0;

	for (uint32_t i = 0; i < HOG_TRIES && rc >= 0; i++) {
		rc = cairn_endpoint_create(h->self);
		h->endpoints += rc >= 0 ? 1 : 0;
	}
	if (rc != ERR_NOMEM)
		return rc < 0 ? rc : ERR_BUSY;
	rc = 0;
	for (uint32_t i = 0; i < HOG_TRIES && rc >= 0; i++) {
		rc = cairn_notification_create(h->self);
		h->notifications += rc >= 0 ? 1 : 0;
	}
	return rc == ERR_NOMEM ? 0 : (rc < 0 ? rc : ERR_BUSY);
}

/* VMOs, each as large as still fits, until even one page is refused. */
static long hog_memory(struct hog *h)
{
	uint64_t pages = 4096; /* CAIRN_VMO_SIZE_MAX */
	uint64_t va = HOG_BIG_VA;

	for (uint32_t i = 0; i < HOG_TRIES; i++) {
		long rc = cairn_vmo_create(h->self, pages * 4096u);

		if (rc == ERR_NOMEM && pages > 1) {
			pages /= 2;
			continue;
		}
		if (rc < 0)
			return rc == ERR_NOMEM ? 0 : rc;
		h->vmos++;
		h->vmo_pages += pages;
		/* Map it too: its pages are real, and the tables come out of the quota as well. */
		if (cairn_vmo_map(h->self, (cairn_handle_t)rc, va, CAIRN_PROT_READ) == 0)
			va += pages * 4096u;
	}
	return ERR_BUSY;
}

/* Exactly the quota of each kind, and its pages used up by VMOs. */
static const char *hog_judge(const struct hog *h)
{
	static const struct cairn_quota q = CAIRN_QUOTA_DEFAULT;

	if (h->threads != q.threads)
		return "threads";
	if (h->endpoints != q.endpoints)
		return "endpoints";
	if (h->notifications != q.notifications)
		return "notifications";
	if (h->vmos > q.vmos)
		return "VMOs";
	if (h->vmo_pages < q.pages / 2 || h->vmo_pages > q.pages)
		return "pages";
	return NULL;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct hog h = {0};
	const char *wrong;
	long rc;

	if (count < HOG_HANDLES)
		return 1; /* not started by init with manifest.txt's handles */
	h.self = handles[HOG_H_SELF];
	rc = cairn_endpoint_create(h.self);
	h.sleep = (cairn_handle_t)rc;
	h.endpoints = rc >= 0 ? 1 : 0;
	if (rc >= 0)
		rc = hog_threads(&h);
	if (rc == 0)
		rc = hog_objects(&h);
	if (rc == 0)
		rc = hog_memory(&h);
	(void)cairn_printf(handles[HOG_H_CONSOLE],
			   "hog: holds %u threads, %u endpoints, %u notifications, %u VMOs of %lu "
			   "pages\n",
			   h.threads, h.endpoints, h.notifications, h.vmos,
			   (unsigned long)h.vmo_pages);
	wrong = rc != 0 ? "a call" : hog_judge(&h);
	if (wrong != NULL) {
		(void)cairn_printf(handles[HOG_H_CONSOLE],
				   "HOSTILE: quota FAIL (%s: not its quota; last error %ld)\n",
				   wrong, rc);
		return 1;
	}
	(void)cairn_printf(handles[HOG_H_CONSOLE], "%s\n", HOG_MARKER);
	if (svc_ready(handles[HOG_H_SUPERVISOR]) != 0)
		return 1;
	hog_sleeper(h.sleep);
}
