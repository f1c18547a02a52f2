/*
 * The variable encoding ADR-0006 measures (bench_varint.h).
 */
#include "bench_varint.h"

#include <string.h>

#include "cairn/abi/errors.h"
#include "svcname.h"

#define VARINT_MAX_BYTES 10u /* a uint64_t takes at most ten 7-bit groups */

enum { WIRE_VARINT = 0, WIRE_BYTES = 2 };
enum { FIELD_BADGE = 1, FIELD_ACTION = 2, FIELD_OBJECT = 3 };

static size_t put_varint(uint8_t *out, uint64_t v)
{
	size_t n = 0;

	do {
		uint8_t byte = (uint8_t)(v & 0x7fu);

		v >>= 7;
		out[n++] = (uint8_t)(byte | (v != 0 ? 0x80u : 0u));
	} while (v != 0);
	return n;
}

/* Reads a varint at data[*at..len); 0, or ERR_INVAL when truncated or over 64 bits. */
static int get_varint(const uint8_t *data, uint32_t len, uint32_t *at, uint64_t *ret)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < VARINT_MAX_BYTES; i++) {
		if (*at >= len)
			return ERR_INVAL;
		uint8_t byte = data[(*at)++];

		if (i == VARINT_MAX_BYTES - 1 && byte > 1)
			return ERR_INVAL;
		v |= (uint64_t)(byte & 0x7fu) << (7 * i);
		if ((byte & 0x80u) == 0) {
			*ret = v;
			return 0;
		}
	}
	return ERR_INVAL;
}

static int askable(uint64_t action)
{
	return action <= POLICY_LIST || action == POLICY_KILL || action == POLICY_SHUTDOWN;
}

static int takes_object(uint64_t action)
{
	return action != POLICY_LIST && action != POLICY_SHUTDOWN;
}

int bench_varint_decide_encode(uint8_t *data, uint64_t badge, uint32_t action, const char *object,
			       size_t len)
{
	size_t n = 0;

	if (badge == 0 || !askable(action) || (len > 0) != takes_object(action) ||
	    len > SVCNAME_MAX || (len > 0 && svcname_check(object, len) != 0))
		return ERR_INVAL;
	n += put_varint(data + n, FIELD_BADGE << 3 | WIRE_VARINT);
	n += put_varint(data + n, badge);
	n += put_varint(data + n, FIELD_ACTION << 3 | WIRE_VARINT);
	n += put_varint(data + n, action);
	if (len > 0) {
		n += put_varint(data + n, FIELD_OBJECT << 3 | WIRE_BYTES);
		n += put_varint(data + n, len);
		memcpy(data + n, object, len);
		n += len;
	}
	return (int)n;
}

/* One field of the message into *out; `seen` has a bit per field already read. */
static int decode_field(const uint8_t *data, uint32_t len, uint32_t *at, unsigned *seen,
			struct svc_policy_decide_request *out)
{
	uint64_t key;
	uint64_t v;

	if (get_varint(data, len, at, &key) != 0 || key > 0xffu)
		return ERR_INVAL;
	unsigned field = (unsigned)(key >> 3);
	unsigned type = (unsigned)(key & 7u);

	if (field < FIELD_BADGE || field > FIELD_OBJECT || (*seen & (1u << field)) != 0 ||
	    type != (field == FIELD_OBJECT ? WIRE_BYTES : WIRE_VARINT) ||
	    get_varint(data, len, at, &v) != 0)
		return ERR_INVAL;
	*seen |= 1u << field;
	if (field == FIELD_BADGE) {
		out->badge = v;
	} else if (field == FIELD_ACTION) {
		if (v > UINT32_MAX)
			return ERR_INVAL;
		out->action = (uint32_t)v;
	} else {
		if (v == 0 || v > SVCNAME_MAX || v > len - *at ||
		    svcname_check((const char *)data + *at, (size_t)v) != 0)
			return ERR_INVAL;
		memcpy(out->object.str, data + *at, (size_t)v);
		out->object.str[v] = '\0';
		out->object.len = (uint32_t)v;
		*at += (uint32_t)v;
	}
	return 0;
}

int bench_varint_decide_decode(const uint8_t *data, uint32_t len,
			       struct svc_policy_decide_request *ret)
{
	struct svc_policy_decide_request out = {.object = {.len = 0}};
	unsigned seen = 0;
	uint32_t at = 0;

	if (len > CAIRN_IPC_DATA_MAX)
		return ERR_INVAL;
	while (at < len) {
		if (decode_field(data, len, &at, &seen, &out) != 0)
			return ERR_INVAL;
	}
	if ((seen & (1u << FIELD_BADGE)) == 0 || (seen & (1u << FIELD_ACTION)) == 0 ||
	    out.badge == 0 || !askable(out.action) ||
	    (out.object.len > 0) != takes_object(out.action))
		return ERR_INVAL;
	*ret = out;
	return 0;
}
