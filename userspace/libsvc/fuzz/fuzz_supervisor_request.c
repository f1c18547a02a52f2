/*
 * libFuzzer target for init's supervisor request decoder
 * (supervisor_request_decode, svc/supervisor.h); the input is a message as
 * supervisor_input.h reads it. Any message must be answered without a bad
 * read or undefined behaviour. An accepted request must be one of the four,
 * carry the kernel's badge, and come out of its client encoder again word
 * for word and byte for byte; a refused one leaves the result untouched,
 * and only an unknown tag is ERR_NOTSUP.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "supervisor_input.h"
#include "svc/supervisor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The request as its encoder writes it; must equal what was decoded from. */
static void fuzz_sup_reencode(const struct supervisor_request *req, const struct svc_msg *m,
			      const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_msg e;

	switch (req->tag) {
	case SUPERVISOR_READY:
		supervisor_ready_encode(&e);
		break;
	case SUPERVISOR_LIST:
		supervisor_list_encode(&e, req->index);
		break;
	case SUPERVISOR_KILL:
		if (supervisor_kill_encode(&e, &again, req->name.str, req->name.len) != 0 ||
		    memcmp(again.data, buf->data, cairn_ipc_len(m->info)) != 0)
			abort();
		break;
	case SUPERVISOR_SHUTDOWN:
		supervisor_shutdown_encode(&e);
		break;
	default:
		abort();
	}
	if (e.info != m->info || memcmp(e.w, m->w, sizeof(e.w)) != 0)
		abort();
}

/* Field by field: the structure has padding, whose bytes mean nothing. */
static int fuzz_sup_same(const struct supervisor_request *a, const struct supervisor_request *b)
{
	return a->tag == b->tag && a->badge == b->badge && a->index == b->index &&
	       a->name.len == b->name.len &&
	       memcmp(a->name.str, b->name.str, sizeof(a->name.str)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;
	struct supervisor_request req;
	struct supervisor_request before;
	uint32_t tag;
	int rc;

	supervisor_input_load(data, size, &m, &buf);
	memset(&req, 0xa5, sizeof(req));
	before = req;
	rc = supervisor_request_decode(&m, &buf, &req);
	tag = cairn_ipc_tag(m.info);
	if (rc != 0) {
		int known = tag == SUPERVISOR_READY || tag == SUPERVISOR_LIST ||
			    tag == SUPERVISOR_KILL || tag == SUPERVISOR_SHUTDOWN;

		if (!fuzz_sup_same(&req, &before) || rc != (known ? ERR_INVAL : ERR_NOTSUP))
			abort();
		return 0;
	}
	if (req.tag != tag || req.badge != m.badge)
		abort();
	if (req.tag == SUPERVISOR_KILL && svcname_check(req.name.str, req.name.len) != 0)
		abort();
	fuzz_sup_reencode(&req, &m, &buf);
	return 0;
}
