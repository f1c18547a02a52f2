/*
 * samgrd, the service registry: init registers each served endpoint under
 * its name; a caller that looks a name up gets a handle to that endpoint
 * minted with the caller's own badge and RIGHT_SEND only, when policyd
 * allows it. The protocol is svc/registry.h; the name table is
 * libregistry's (which also says which slot a new name's handle goes to),
 * the permission policyd's. This file only marshals and keeps the endpoint
 * handles, one per slot.
 *
 * Handles (manifest line in services/samgrd/README.md):
 * [0] self, [1] supervisor SEND, [2] registry RECV, [3] policy SEND, [4] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "policy.h"
#include "registry.h"
#include "services/samgrd_handles.h"
#include "svc/client.h"
#include "svc/registry.h"
#include "svc/server.h"

#define SAMGRD_NAMES 16u /* names the registry holds */
/* Rights of a handle given to a caller: SEND, plus what copying it out takes. */
#define SAMGRD_MINT_RIGHTS (RIGHT_SEND | RIGHT_TRANSFER | RIGHT_DUP)

struct samgrd {
	struct registry registry;
	cairn_handle_t slots[SAMGRD_NAMES]; /* the endpoint handle of each registry slot in use */
	cairn_handle_t policy;
};

static void on_register(void *ctx, struct svc_exchange *x);
static void on_lookup(void *ctx, struct svc_exchange *x);
static void on_list(void *ctx, struct svc_exchange *x);

static const struct svc_route samgrd_routes[] = {
	{SVC_REGISTRY_REGISTER, on_register},
	{SVC_REGISTRY_LOOKUP, on_lookup},
	{SVC_REGISTRY_LIST, on_list},
};

static struct registry_entry samgrd_entries[SAMGRD_NAMES];

/* policyd's answer for (caller, action, object): 0, ERR_DENIED, or the error of asking. */
static long ask_policy(const struct samgrd *s, uint64_t caller, enum policy_action action,
		       const struct svc_name *object)
{
	bool allow = false;
	long err = svc_policy_decide(s->policy, caller, action, object->str, object->len, &allow);

	return err != 0 ? err : (allow ? 0 : ERR_DENIED);
}

static void on_register(void *ctx, struct svc_exchange *x)
{
	struct samgrd *s = ctx;
	struct svc_registry_register req;
	struct registry_change change = {0};
	uint32_t slot = 0;
	long status = x->in.badge == SVC_BADGE_INIT
			      ? svc_registry_register_decode(&x->in, x->buf, &req)
			      : ERR_DENIED;

	if (status == 0)
		status = registry_free_slot(&s->registry, &slot);
	if (status == 0)
		status = registry_register(&s->registry, req.name.str, req.name.len, x->in.badge,
					   slot, &change);
	svc_reply_status(&x->out, SVC_REGISTRY_REGISTER, status);
	if (status != 0)
		return; /* svc_serve closes the handle that came */
	s->slots[slot] = req.handle;
	if (change.replaced) {
		cairn_handle_close(s->slots[change.old_slot]);
		s->slots[change.old_slot] = CAIRN_HANDLE_INVALID;
	}
	x->out.w[1] = change.replaced ? 1u : 0u;
}

static void on_lookup(void *ctx, struct svc_exchange *x)
{
	struct samgrd *s = ctx;
	struct svc_name name;
	struct registry_entry e;
	long status = svc_registry_lookup_decode(&x->in, x->buf, &name);
	long h = 0;

	/* policy first: a caller refused learns nothing of what is registered */
	if (status == 0)
		status = ask_policy(s, x->in.badge, POLICY_LOOKUP, &name);
	if (status == 0)
		status = registry_lookup(&s->registry, name.str, name.len, &e);
	if (status == 0) {
		h = cairn_endpoint_mint(s->slots[e.slot], x->in.badge, SAMGRD_MINT_RIGHTS);
		status = h < 0 ? h : 0;
	}
	if (status != 0) {
		svc_reply_status(&x->out, SVC_REGISTRY_LOOKUP, status);
		return;
	}
	svc_registry_lookup_reply(&x->out, x->buf, (cairn_handle_t)h);
	x->close_after = (cairn_handle_t)h; /* the caller has its copy; samgrd keeps none */
}

static void on_list(void *ctx, struct svc_exchange *x)
{
	struct samgrd *s = ctx;
	struct svc_name after;
	const struct svc_name all = {.len = 0};
	struct registry_entry page[SVC_REGISTRY_LIST_MAX];
	char names[SVC_REGISTRY_LIST_MAX][SVCNAME_MAX + 1];
	uint32_t count = 0;
	long status = svc_registry_list_decode(&x->in, x->buf, &after);

	if (status == 0)
		status = ask_policy(s, x->in.badge, POLICY_LIST, &all);
	if (status == 0)
		status = registry_list(&s->registry, after.str, after.len, page,
				       SVC_REGISTRY_LIST_MAX, &count);
	if (status != 0) {
		svc_reply_status(&x->out, SVC_REGISTRY_LIST, status);
		return;
	}
	for (uint32_t i = 0; i < count; i++)
		memcpy(names[i], page[i].name, sizeof(names[i]));
	(void)svc_registry_list_reply(&x->out, x->buf, (const char(*)[SVCNAME_MAX + 1]) names,
				      count, count == SVC_REGISTRY_LIST_MAX);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static const char started[] = "samgrd: serving";
	static struct samgrd s;

	if (count < H_COUNT || registry_init(&s.registry, samgrd_entries, SAMGRD_NAMES) != 0)
		return 1;
	s.policy = handles[H_POLICY];
	(void)svc_log_write(handles[H_LOG], JOURNAL_INFO, started, sizeof(started) - 1, NULL);
	(void)svc_ready(handles[H_SUPERVISOR]);
	return (int)-svc_serve(handles[H_REGISTRY], samgrd_routes,
			       sizeof(samgrd_routes) / sizeof(samgrd_routes[0]), &s);
}
