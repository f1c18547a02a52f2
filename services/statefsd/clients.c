/*
 * statefsd's clients (statefsd.h): one slot per badge, its window mapped in
 * a span of its own, its namespace and its batch. A client's VMO may be
 * larger than the page the protocol uses; the spans are as large as any VMO,
 * so one client's window can never cover another's place. A client attaching again
 * (or restarted under its badge) takes its old slot, and its old window is
 * unmapped and closed.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "statefsd.h"

struct statefsd_client *statefsd_client_of(struct statefsd *s, uint64_t badge)
{
	for (size_t i = 0; i < STATEFSD_CLIENTS_MAX; i++) {
		if (s->clients[i].used && s->clients[i].badge == badge)
			return &s->clients[i];
	}
	return NULL;
}

static struct statefsd_client *statefsd_client_slot(struct statefsd *s, uint64_t badge)
{
	struct statefsd_client *c = statefsd_client_of(s, badge);

	for (size_t i = 0; c == NULL && i < STATEFSD_CLIENTS_MAX; i++) {
		if (!s->clients[i].used)
			c = &s->clients[i];
	}
	return c;
}

static uint64_t statefsd_client_va(const struct statefsd *s, const struct statefsd_client *c)
{
	return STATEFSD_CLIENT_VA + (uint64_t)(c - s->clients) * STATEFSD_CLIENT_SPAN;
}

long statefsd_client_attach(struct statefsd *s, uint64_t badge, cairn_handle_t window,
			    const char *ns, size_t len, bool writer)
{
	struct statefsd_client *c = statefsd_client_slot(s, badge);
	uint64_t va;
	long rc;

	if (c == NULL)
		return ERR_NOSPC;
	va = statefsd_client_va(s, c);
	if (c->used) {
		(void)cairn_vmo_unmap(s->self, va);
		(void)cairn_handle_close(c->window);
		c->used = false;
	}
	if ((rc = cairn_vmo_map(s->self, window, va, CAIRN_PROT_READ | CAIRN_PROT_WRITE)) != 0)
		return rc;
	*c = (struct statefsd_client){
		.used = true,
		.writer = writer,
		.badge = badge,
		.window = window,
		.bytes = (uint8_t *)(uintptr_t)va, // NOLINT(performance-no-int-to-ptr)
		.ns_len = len};
	memcpy(c->ns, ns, len);
	sfs_batch_init(&c->batch);
	return 0;
}

size_t statefsd_key(const struct statefsd_client *c, const uint8_t *key, size_t len, uint8_t *out)
{
	memcpy(out, c->ns, c->ns_len);
	out[c->ns_len] = '/';
	memcpy(out + c->ns_len + 1, key, len);
	return c->ns_len + 1 + len;
}
