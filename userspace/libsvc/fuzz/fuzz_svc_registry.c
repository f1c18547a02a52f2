/*
 * libFuzzer target for samgrd's protocol (svc/registry.h): every input is
 * decoded as a REGISTER, a LOOKUP, a LIST, a LOOKUP reply and a LIST reply.
 * Beyond ASan and UBSan it checks the header's promises: an accepted
 * request names a name that follows the rule (LIST: or none), a REGISTER
 * carries one handle with the rights samgrd needs, and each comes out of its
 * encoder unchanged; a refused one is ERR_INVAL and leaves the result
 * untouched; an accepted LIST reply holds its count of valid names in
 * strictly rising order and is exactly what samgrd's reply writer makes of
 * them; a LOOKUP reply gives a SEND handle.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "svc/registry.h"
#include "svc_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_registry_check_name(const struct svc_name *n, bool may_be_empty)
{
	if (n->len > SVCNAME_MAX || n->str[n->len] != '\0' || strlen(n->str) != n->len)
		abort();
	if (n->len == 0 ? !may_be_empty : svcname_check(n->str, n->len) != 0)
		abort();
}

/* A request decoder's refusal: ERR_INVAL, and ret untouched. */
static void fuzz_registry_refused(int rc, const void *ret, size_t size)
{
	if (rc != ERR_INVAL)
		abort();
	svc_input_check_untouched(ret, size);
}

static void fuzz_registry_register(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_registry_register r;
	struct svc_msg e;
	int rc;

	memset(&r, SVC_INPUT_FILL, sizeof(r));
	rc = svc_registry_register_decode(m, buf, &r);
	if (rc != 0) {
		fuzz_registry_refused(rc, &r, sizeof(r));
		return;
	}
	fuzz_registry_check_name(&r.name, false);
	if (r.handle == CAIRN_HANDLE_INVALID || r.handle != buf->handles[0].handle ||
	    (buf->handles[0].rights & SVC_REGISTRY_GIVE_RIGHTS) != SVC_REGISTRY_GIVE_RIGHTS)
		abort();
	if (svc_registry_register_encode(&e, &again, r.name.str, r.name.len, r.handle) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_registry_lookup(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_name n;
	struct svc_msg e;
	int rc;

	memset(&n, SVC_INPUT_FILL, sizeof(n));
	rc = svc_registry_lookup_decode(m, buf, &n);
	if (rc != 0) {
		fuzz_registry_refused(rc, &n, sizeof(n));
		return;
	}
	fuzz_registry_check_name(&n, false);
	if (svc_registry_lookup_encode(&e, &again, n.str, n.len) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_registry_list(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_name n;
	struct svc_msg e;
	int rc;

	memset(&n, SVC_INPUT_FILL, sizeof(n));
	rc = svc_registry_list_decode(m, buf, &n);
	if (rc != 0) {
		fuzz_registry_refused(rc, &n, sizeof(n));
		return;
	}
	fuzz_registry_check_name(&n, true);
	if (svc_registry_list_encode(&e, &again, n.str, n.len) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_registry_lookup_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	cairn_handle_t h;
	int rc;

	memset(&h, SVC_INPUT_FILL, sizeof(h));
	rc = svc_registry_lookup_reply_decode(m, buf, &h);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &h, sizeof(h));
		return;
	}
	if (h == CAIRN_HANDLE_INVALID || h != buf->handles[0].handle ||
	    (buf->handles[0].rights & RIGHT_SEND) == 0)
		abort();
}

/* An accepted page must be exactly what samgrd's writer makes of its names. */
static void fuzz_registry_list_rewrite(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				       const struct svc_registry_page *page)
{
	static struct cairn_ipc_buffer again;
	char names[SVC_REGISTRY_LIST_MAX][SVCNAME_MAX + 1];
	struct svc_msg e;

	for (uint32_t i = 0; i < page->count; i++) {
		fuzz_registry_check_name(&page->names[i], false);
		if (i > 0 && strcmp(page->names[i - 1].str, page->names[i].str) >= 0)
			abort();
		memcpy(names[i], page->names[i].str, sizeof(names[i]));
	}
	if (svc_registry_list_reply(&e, &again, (const char(*)[SVCNAME_MAX + 1]) names, page->count,
				    page->full) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_registry_list_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	struct svc_registry_page page;
	int rc;

	memset(&page, SVC_INPUT_FILL, sizeof(page));
	rc = svc_registry_list_reply_decode(m, buf, &page);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &page, sizeof(page));
		return;
	}
	if (page.count > SVC_REGISTRY_LIST_MAX || page.count != m->w[1])
		abort();
	fuzz_registry_list_rewrite(m, buf, &page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;

	svc_input_load(data, size, &m, &buf);
	fuzz_registry_register(&m, &buf);
	fuzz_registry_lookup(&m, &buf);
	fuzz_registry_list(&m, &buf);
	fuzz_registry_lookup_reply(&m, &buf);
	fuzz_registry_list_reply(&m, &buf);
	return 0;
}
