/*
 * libFuzzer target for the client's reader of init's LIST reply
 * (supervisor_list_reply_decode, svc/supervisor.h); the input is a reply as
 * supervisor_input.h reads it. Any reply must be answered without a bad
 * read or undefined behaviour. A reply read as a service must hold a known
 * state and a good name and be exactly what init's encoder
 * (supervisor_list_reply) writes for that service; one read as an error
 * must be an ERR_* code and leave the result untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "supervisor_input.h"
#include "svc/supervisor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Field by field: the structure has padding, whose bytes mean nothing. */
static int fuzz_list_same(const struct supervisor_entry *a, const struct supervisor_entry *b)
{
	return a->state == b->state && a->restarts == b->restarts && a->pid == b->pid &&
	       a->name.len == b->name.len &&
	       memcmp(a->name.str, b->name.str, sizeof(a->name.str)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	static struct cairn_ipc_buffer again;
	struct svc_msg m;
	struct svc_msg e;
	struct supervisor_entry got;
	struct supervisor_entry before;
	int rc;

	supervisor_input_load(data, size, &m, &buf);
	memset(&got, 0xa5, sizeof(got));
	before = got;
	rc = supervisor_list_reply_decode(&m, &buf, &got);
	if (rc != 0) {
		if (rc > 0 || rc < ERR_LAST || !fuzz_list_same(&got, &before))
			abort();
		return 0;
	}
	if (got.state >= SUPERVISOR_STATES || svcname_check(got.name.str, got.name.len) != 0)
		abort();
	if (supervisor_list_reply(&e, &again, &got) != 0 || e.info != m.info ||
	    memcmp(e.w, m.w, sizeof(e.w)) != 0 ||
	    memcmp(again.data, buf.data, cairn_ipc_len(m.info)) != 0)
		abort();
	return 0;
}
