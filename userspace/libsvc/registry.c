/*
 * samgrd's wire codecs (svc/registry.h): decoding REGISTER, LOOKUP and LIST,
 * the LOOKUP and LIST replies, and the client's encoders and reply readers.
 * Pure.
 */
#include "svc/registry.h"

#include "cairn/abi/errors.h"

static const struct svc_shape register_shape = {
	.tag = SVC_REGISTRY_REGISTER, .len_min = 2, .len_max = SVC_NAME_WIRE_MAX, .handles = 1};
static const struct svc_shape lookup_shape = {
	.tag = SVC_REGISTRY_LOOKUP, .len_min = 2, .len_max = SVC_NAME_WIRE_MAX};
static const struct svc_shape list_shape = {.tag = SVC_REGISTRY_LIST, .len_max = SVC_NAME_WIRE_MAX};

int svc_registry_register_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				 struct svc_registry_register *ret)
{
	const struct cairn_ipc_handle *h = &buf->handles[0];
	struct svc_name name;

	if (svc_shape_check(m, &register_shape) != 0 ||
	    svc_name_decode(buf->data, cairn_ipc_len(m->info), false, &name) != 0)
		return ERR_INVAL;
	if (h->handle == CAIRN_HANDLE_INVALID ||
	    (h->rights & SVC_REGISTRY_GIVE_RIGHTS) != SVC_REGISTRY_GIVE_RIGHTS)
		return ERR_INVAL;
	ret->name = name;
	ret->handle = h->handle;
	return 0;
}

int svc_registry_lookup_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			       struct svc_name *ret)
{
	if (svc_shape_check(m, &lookup_shape) != 0)
		return ERR_INVAL;
	return svc_name_decode(buf->data, cairn_ipc_len(m->info), false, ret);
}

int svc_registry_list_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			     struct svc_name *ret)
{
	uint32_t len = cairn_ipc_len(m->info);
	struct svc_name after = {.len = 0};

	if (svc_shape_check(m, &list_shape) != 0)
		return ERR_INVAL;
	if (len > 0 && svc_name_decode(buf->data, len, false, &after) != 0)
		return ERR_INVAL;
	*ret = after;
	return 0;
}

void svc_registry_lookup_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf, cairn_handle_t h)
{
	svc_reply_status(m, SVC_REGISTRY_LOOKUP, 0);
	m->info = cairn_ipc_info(SVC_REGISTRY_LOOKUP, 0, 1);
	buf->handles[0] = (struct cairn_ipc_handle){
		.handle = h, .rights = RIGHT_SEND, .mode = CAIRN_IPC_COPY};
}

/* The length of a NUL-terminated name within its array, or ERR_INVAL. */
static int stored_name_len(const char *name)
{
	size_t len = 0;

	while (len <= SVCNAME_MAX && name[len] != '\0')
		len++;
	if (len > SVCNAME_MAX || svcname_check(name, len) != 0)
		return ERR_INVAL;
	return (int)len;
}

int svc_registry_list_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			    const char (*names)[SVCNAME_MAX + 1], uint32_t count, bool full)
{
	uint32_t used = 0;

	if (count > SVC_REGISTRY_LIST_MAX)
		goto invalid;
	for (uint32_t i = 0; i < count; i++) {
		int len = stored_name_len(names[i]);

		if (len < 0)
			goto invalid;
		used += (uint32_t)svc_name_encode(&buf->data[used], names[i], (size_t)len, false);
	}
	svc_reply_status(m, SVC_REGISTRY_LIST, 0);
	m->info = cairn_ipc_info(SVC_REGISTRY_LIST, used, 0);
	m->w[1] = count;
	m->w[2] = full ? 1u : 0u;
	return 0;
invalid:
	svc_reply_status(m, SVC_REGISTRY_LIST, ERR_INVAL);
	return ERR_INVAL;
}

int svc_registry_register_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
				 size_t len, cairn_handle_t h)
{
	int wire;

	if (h == CAIRN_HANDLE_INVALID)
		return ERR_INVAL;
	wire = svc_name_encode(buf->data, name, len, false);
	if (wire < 0)
		return wire;
	buf->handles[0] = (struct cairn_ipc_handle){
		.handle = h, .rights = SVC_REGISTRY_GIVE_RIGHTS, .mode = CAIRN_IPC_COPY};
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_REGISTRY_REGISTER, (uint32_t)wire, 1)};
	return 0;
}

int svc_registry_lookup_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
			       size_t len)
{
	int wire = svc_name_encode(buf->data, name, len, false);

	if (wire < 0)
		return wire;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_REGISTRY_LOOKUP, (uint32_t)wire, 0)};
	return 0;
}

int svc_registry_list_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *after,
			     size_t after_len)
{
	int wire = 0;

	if (after_len > 0) {
		wire = svc_name_encode(buf->data, after, after_len, false);
		if (wire < 0)
			return wire;
	}
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_REGISTRY_LIST, (uint32_t)wire, 0)};
	return 0;
}

int svc_registry_lookup_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				     cairn_handle_t *ret_handle)
{
	const struct svc_shape shape = {.tag = SVC_REGISTRY_LOOKUP, .handles = 1, .words = 1};
	const struct cairn_ipc_handle *h = &buf->handles[0];
	int status = svc_reply_check(m, SVC_REGISTRY_LOOKUP);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 || h->handle == CAIRN_HANDLE_INVALID ||
	    (h->rights & RIGHT_SEND) == 0)
		return ERR_INVAL;
	*ret_handle = h->handle;
	return 0;
}

/* Whether a sorts strictly before b (NUL-terminated names). */
static bool name_before(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a < (unsigned char)*b;
}

int svc_registry_list_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				   struct svc_registry_page *ret)
{
	const struct svc_shape shape = {
		.tag = SVC_REGISTRY_LIST, .len_max = CAIRN_IPC_DATA_MAX, .words = 3};
	struct svc_registry_page page = {.full = m->w[2] == 1};
	uint32_t len = cairn_ipc_len(m->info);
	uint32_t off = 0;
	int status = svc_reply_check(m, SVC_REGISTRY_LIST);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 || m->w[1] > SVC_REGISTRY_LIST_MAX || m->w[2] > 1)
		return ERR_INVAL;
	while (off < len) {
		uint32_t end = off;
		uint32_t n = page.count;

		while (end < len && buf->data[end] != '\0')
			end++;
		if (n == m->w[1] || end == len ||
		    svc_name_decode(&buf->data[off], end + 1 - off, false, &page.names[n]) != 0)
			return ERR_INVAL;
		if (n > 0 && !name_before(page.names[n - 1].str, page.names[n].str))
			return ERR_INVAL;
		off = end + 1;
		page.count++;
	}
	if (page.count != m->w[1])
		return ERR_INVAL;
	*ret = page;
	return 0;
}
