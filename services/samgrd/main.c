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

#define SAMGRD_NAMES 16u /* names the registry holds */
/* Rights of a handle given to a caller: SEND, plus what copying it out takes. */
#define SAMGRD_MINT_RIGHTS (RIGHT_SEND | RIGHT_TRANSFER | RIGHT_DUP)

struct samgrd {
	struct registry registry;
	cairn_handle_t slots[SAMGRD_NAMES]; /* the endpoint handle of each registry slot in use */
	cairn_handle_t policy;
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

/* REGISTER from init only, refused before the request is read; LOOKUP and LIST from anyone. */
static long admit(void *ctx, struct svc_exchange *x)
{
	(void)ctx;
	if (cairn_ipc_tag(x->in.info) == SVC_REGISTRY_REGISTER && x->in.badge != SVC_BADGE_INIT)
		return ERR_DENIED;
	return 0;
}

static long on_register(void *ctx, struct svc_exchange *x,
			const struct svc_registry_register_request *req,
			struct svc_registry_register_reply *rep)
{
	struct samgrd *s = ctx;
	struct registry_change change = {0};
	uint32_t slot = 0;
	long status = registry_free_slot(&s->registry, &slot);

	if (status == 0)
		status = registry_register(&s->registry, req->name.str, req->name.len, x->in.badge,
					   slot, &change);
	if (status != 0)
		return status; /* svc_serve closes the handle that came */
	s->slots[slot] = req->endpoint;
	if (change.replaced) {
		cairn_handle_close(s->slots[change.old_slot]);
		s->slots[change.old_slot] = CAIRN_HANDLE_INVALID;
	}
	rep->replaced = change.replaced;
	return 0;
}

static long on_lookup(void *ctx, struct svc_exchange *x,
		      const struct svc_registry_lookup_request *req,
		      struct svc_registry_lookup_reply *rep)
{
	struct samgrd *s = ctx;
	struct registry_entry e;
	/* policy first: a caller refused learns nothing of what is registered */
	long status = ask_policy(s, x->in.badge, POLICY_LOOKUP, &req->name);
	long h = 0;

	if (status == 0)
		status = registry_lookup(&s->registry, req->name.str, req->name.len, &e);
	if (status == 0) {
		h = cairn_endpoint_mint(s->slots[e.slot], x->in.badge, SAMGRD_MINT_RIGHTS);
		status = h < 0 ? h : 0;
	}
	if (status != 0)
		return status;
	rep->endpoint = (cairn_handle_t)h;
	x->close_after = (cairn_handle_t)h; /* the caller has its copy; samgrd keeps none */
	return 0;
}

static long on_list(void *ctx, struct svc_exchange *x, const struct svc_registry_list_request *req,
		    struct svc_registry_list_reply *rep)
{
	struct samgrd *s = ctx;
	const struct svc_name all = {.len = 0};
	struct registry_entry page[SVC_REGISTRY_LIST_MAX];
	uint32_t count = 0;
	long status = ask_policy(s, x->in.badge, POLICY_LIST, &all);

	if (status == 0)
		status = registry_list(&s->registry, req->after.str, req->after.len, page,
				       SVC_REGISTRY_LIST_MAX, &count);
	if (status != 0)
		return status;
	for (uint32_t i = 0; i < count; i++) {
		size_t len = strlen(page[i].name);

		memcpy(rep->names[i].str, page[i].name, len + 1);
		rep->names[i].len = (uint32_t)len;
	}
	rep->names_count = count;
	rep->count = count;
	rep->full = count == SVC_REGISTRY_LIST_MAX;
	return 0;
}

static const struct svc_registry_handlers samgrd_handlers = {
	.admit = admit, .register_ = on_register, .lookup = on_lookup, .list = on_list};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static const char started[] = "samgrd: serving";
	static struct samgrd s;

	if (count < H_COUNT || registry_init(&s.registry, samgrd_entries, SAMGRD_NAMES) != 0)
		return 1;
	s.policy = handles[H_POLICY];
	(void)svc_log_write(handles[H_LOG], JOURNAL_INFO, started, sizeof(started) - 1, NULL);
	(void)svc_ready(handles[H_SUPERVISOR]);
	return (int)-svc_registry_serve(handles[H_REGISTRY], &samgrd_handlers, &s);
}
