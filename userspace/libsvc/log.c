/*
 * logd's wire codecs (svc/log.h): decoding WRITE and TAIL, packing journal
 * lines into a TAIL reply, and the client's encoders and reply reader. Pure.
 */
#include "svc/log.h"

#include "cairn/abi/errors.h"

static const struct svc_shape write_shape = {
	.tag = SVC_LOG_WRITE, .len_min = 1, .len_max = SVC_LOG_TEXT_MAX, .words = 1};
static const struct svc_shape tail_shape = {.tag = SVC_LOG_TAIL, .words = 2};

int svc_log_write_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			 struct svc_log_write *ret)
{
	uint32_t len = cairn_ipc_len(m->info);

	if (svc_shape_check(m, &write_shape) != 0 || m->w[0] >= JOURNAL_LEVELS)
		return ERR_INVAL;
	ret->badge = m->badge;
	ret->level = (uint32_t)m->w[0];
	ret->len = len;
	for (uint32_t i = 0; i < len; i++)
		ret->text[i] = (char)buf->data[i];
	return 0;
}

int svc_log_tail_decode(const struct svc_msg *m, struct svc_log_tail *ret)
{
	if (svc_shape_check(m, &tail_shape) != 0 || m->w[0] == 0 || m->w[0] > SVC_LOG_TAIL_MAX)
		return ERR_INVAL;
	ret->max = (uint32_t)m->w[0];
	ret->from = m->w[1];
	return 0;
}

/*
 * Appends rec's line and '\n' at data[*used], cutting a line longer than
 * SVC_LOG_LINE_MAX to that with "..." at its end. ERR_NOSPC when it does
 * not fit in the room left, ERR_INVAL when rec does not format (nothing
 * written either way).
 */
static int put_line(uint8_t *data, uint32_t *used, const struct journal_record *rec)
{
	static const char cut[] = "...";
	char line[JOURNAL_LINE_MAX + 1];
	size_t len = 0;

	if (journal_format(rec, line, sizeof(line), &len) != 0)
		return ERR_INVAL;
	if (len > SVC_LOG_LINE_MAX) {
		len = SVC_LOG_LINE_MAX;
		for (size_t i = 0; i < sizeof(cut) - 1; i++)
			line[len - (sizeof(cut) - 1) + i] = cut[i];
	}
	if (*used + len + 1 > CAIRN_IPC_DATA_MAX)
		return ERR_NOSPC;
	for (size_t i = 0; i < len; i++)
		data[*used + i] = (uint8_t)line[i];
	data[*used + len] = '\n';
	*used += (uint32_t)len + 1;
	return 0;
}

int svc_log_tail_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
		       const struct journal_record *recs, uint32_t count, uint64_t next,
		       uint64_t lost)
{
	uint32_t used = 0;
	uint32_t sent = 0;

	while (sent < count) {
		int err = put_line(buf->data, &used, &recs[sent]);

		if (err == ERR_NOSPC)
			break;
		if (err != 0) {
			svc_reply_status(m, SVC_LOG_TAIL, ERR_INVAL);
			return ERR_INVAL;
		}
		sent++;
	}
	svc_reply_status(m, SVC_LOG_TAIL, 0);
	m->info = cairn_ipc_info(SVC_LOG_TAIL, used, 0);
	m->w[1] = sent < count ? recs[sent].seq : next;
	m->w[2] = lost;
	return 0;
}

int svc_log_write_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint32_t level,
			 const char *text, size_t len)
{
	if (level >= JOURNAL_LEVELS || len == 0 || len > SVC_LOG_TEXT_MAX)
		return ERR_INVAL;
	for (size_t i = 0; i < len; i++)
		buf->data[i] = (uint8_t)text[i];
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_LOG_WRITE, (uint32_t)len, 0),
			      .w = {level, 0, 0}};
	return 0;
}

int svc_log_tail_encode(struct svc_msg *m, uint32_t max, uint64_t from)
{
	if (max == 0 || max > SVC_LOG_TAIL_MAX)
		return ERR_INVAL;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_LOG_TAIL, 0, 0), .w = {max, from, 0}};
	return 0;
}

int svc_log_tail_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct svc_log_lines *ret)
{
	const struct svc_shape shape = {
		.tag = SVC_LOG_TAIL, .len_max = CAIRN_IPC_DATA_MAX, .words = 3};
	uint32_t len = cairn_ipc_len(m->info);
	int status = svc_reply_check(m, SVC_LOG_TAIL);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 || (len > 0 && buf->data[len - 1] != '\n'))
		return ERR_INVAL;
	ret->next = m->w[1];
	ret->lost = m->w[2];
	ret->text = (const char *)buf->data;
	ret->len = len;
	return 0;
}
