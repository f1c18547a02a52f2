/*
 * The checks every request decoder of libsvc starts with: the message's
 * shape (tag, data length, handle count, unused words) and the wire form of
 * a name. Pure.
 */
#include "svc/msg.h"

#include "cairn/abi/errors.h"

int svc_shape_check(const struct svc_msg *m, const struct svc_shape *shape)
{
	uint32_t len = cairn_ipc_len(m->info);

	if ((m->info & ~(uint64_t)CAIRN_IPC_INFO_VALID) != 0 || len > CAIRN_IPC_DATA_MAX ||
	    cairn_ipc_hcount(m->info) > CAIRN_IPC_HANDLES_MAX)
		return ERR_INVAL;
	if (cairn_ipc_tag(m->info) != shape->tag || len < shape->len_min || len > shape->len_max ||
	    cairn_ipc_hcount(m->info) != shape->handles)
		return ERR_INVAL;
	for (uint32_t i = shape->words; i < CAIRN_IPC_WORDS; i++)
		if (m->w[i] != 0)
			return ERR_INVAL;
	return 0;
}

int svc_name_decode(const uint8_t *data, uint32_t len, bool allow_empty, struct svc_name *ret_name)
{
	uint32_t n = 0;

	if (len == 0 || len > SVC_NAME_WIRE_MAX || data[len - 1] != '\0')
		return ERR_INVAL;
	while (data[n] != '\0')
		n++;
	if (n != len - 1)
		return ERR_INVAL;
	if (n == 0 && !allow_empty)
		return ERR_INVAL;
	if (n > 0 && svcname_check((const char *)data, n) != 0)
		return ERR_INVAL;
	for (uint32_t i = 0; i <= n; i++)
		ret_name->str[i] = (char)data[i];
	ret_name->len = n;
	return 0;
}

int svc_name_set(struct svc_name *ret, const char *s, size_t len)
{
	if (len > SVCNAME_MAX)
		return ERR_INVAL;
	for (size_t i = 0; i < len; i++)
		ret->str[i] = s[i];
	ret->str[len] = '\0';
	ret->len = (uint32_t)len;
	return 0;
}

int svc_name_encode(uint8_t *data, const char *name, size_t len, bool allow_empty)
{
	if (len == 0 && !allow_empty)
		return ERR_INVAL;
	if (len > 0 && svcname_check(name, len) != 0)
		return ERR_INVAL;
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)name[i];
	data[len] = '\0';
	return (int)SVC_NAME_WIRE(len);
}

/* Whether a sorts strictly before b, byte by byte (both NUL-terminated). */
static bool name_before(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a < (unsigned char)*b;
}

int svc_names_decode(const uint8_t *data, uint32_t len, uint32_t max, struct svc_name *names,
		     uint32_t *ret_count)
{
	struct svc_name name;
	uint32_t count = 0;
	uint32_t off = 0;

	if (len > CAIRN_IPC_DATA_MAX)
		return ERR_INVAL;
	while (off < len) {
		uint32_t end = off;

		while (end < len && data[end] != '\0')
			end++;
		if (count == max || end == len ||
		    svc_name_decode(&data[off], end + 1 - off, false, &name) != 0 ||
		    (count > 0 && !name_before(names[count - 1].str, name.str)))
			return ERR_INVAL;
		names[count++] = name;
		off = end + 1;
	}
	*ret_count = count;
	return 0;
}

int svc_names_encode(uint8_t *data, const struct svc_name *names, uint32_t count, uint32_t max)
{
	uint32_t off = 0;

	if (count > max)
		return ERR_INVAL;
	for (uint32_t i = 0; i < count; i++) {
		if (names[i].len == 0 || names[i].len > SVCNAME_MAX ||
		    off + SVC_NAME_WIRE(names[i].len) > CAIRN_IPC_DATA_MAX ||
		    (i > 0 && !name_before(names[i - 1].str, names[i].str)) ||
		    svc_name_encode(&data[off], names[i].str, names[i].len, false) < 0)
			return ERR_INVAL;
		off += SVC_NAME_WIRE(names[i].len);
	}
	return (int)off;
}

void svc_reply_status(struct svc_msg *m, uint32_t tag, long status)
{
	m->info = cairn_ipc_info(tag, 0, 0);
	m->w[0] = (uint64_t)(int64_t)status;
	m->w[1] = 0;
	m->w[2] = 0;
	m->badge = 0;
}

int svc_reply_check(const struct svc_msg *m, uint32_t tag)
{
	int64_t status = (int64_t)m->w[0];

	if ((m->info & ~(uint64_t)CAIRN_IPC_INFO_VALID) != 0 || cairn_ipc_tag(m->info) != tag)
		return ERR_INVAL;
	if (status == 0)
		return 0;
	if (status > 0 || status < ERR_LAST || cairn_ipc_len(m->info) != 0 ||
	    cairn_ipc_hcount(m->info) != 0)
		return ERR_INVAL;
	return (int)status;
}
