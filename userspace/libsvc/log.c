/*
 * logd's wire codecs (svc/log.h): decoding WRITE and TAIL, packing logd's
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
 * Appends line's text and '\n' at data[*used], cutting a text longer than
 * SVC_LOG_LINE_MAX to that with "..." at its end. ERR_NOSPC (nothing
 * written) when it does not fit in the room left.
 */
static int put_line(uint8_t *data, uint32_t *used, const struct svc_log_line *line)
{
	static const char cut[] = "...";
	size_t len = line->len > SVC_LOG_LINE_MAX ? SVC_LOG_LINE_MAX : line->len;

	if (*used + len + 1 > CAIRN_IPC_DATA_MAX)
		return ERR_NOSPC;
	for (size_t i = 0; i < len; i++)
		data[*used + i] = (uint8_t)line->text[i];
	if (len < line->len) {
		for (size_t i = 0; i < sizeof(cut) - 1; i++)
			data[*used + len - (sizeof(cut) - 1) + i] = (uint8_t)cut[i];
	}
	data[*used + len] = '\n';
	*used += (uint32_t)len + 1;
	return 0;
}

void svc_log_tail_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			const struct svc_log_line *lines, uint32_t count, uint64_t next,
			uint64_t lost)
{
	uint32_t used = 0;
	uint32_t sent = 0;

	while (sent < count && put_line(buf->data, &used, &lines[sent]) == 0)
		sent++;
	svc_reply_status(m, SVC_LOG_TAIL, 0);
	m->info = cairn_ipc_info(SVC_LOG_TAIL, used, 0);
	m->w[1] = sent < count ? lines[sent].seq : next;
	m->w[2] = lost;
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
