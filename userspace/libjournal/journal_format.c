/*
 * One journal record as one printable line (see journal_format in journal.h).
 * The line is laid out twice by the same code: once to measure it, then, if
 * it fits, to write it, so a buffer that is too small is never half-written.
 */
#include "journal.h"

#include "cairn/abi/errors.h"
#include "text_writer.h"

static void lay_out(struct text_writer *w, const struct journal_record *rec)
{
	text_put_decimal(w, rec->seq);
	text_put_char(w, ' ');
	text_put_decimal(w, rec->time);
	text_put_char(w, ' ');
	text_put_str(w, journal_level_name(rec->level));
	text_put_char(w, ' ');
	text_put_hex64(w, rec->badge);
	text_put_char(w, ' ');
	text_put_escaped(w, rec->msg, rec->len);
}

const char *journal_level_name(unsigned level)
{
	static const char *const names[JOURNAL_LEVELS] = {"DEBUG", "INFO ", "WARN ", "ERROR"};

	return level < JOURNAL_LEVELS ? names[level] : NULL;
}

int journal_format(const struct journal_record *rec, char *buf, size_t size, size_t *ret_len)
{
	struct text_writer measure = {0};
	struct text_writer out = {.buf = buf};

	if (rec->level >= JOURNAL_LEVELS || rec->len > JOURNAL_MSG_MAX)
		return ERR_INVAL;
	lay_out(&measure, rec);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, rec);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}

/* Appends line's text and a newline at out[*used], cut as journal_pack_lines says; -1 when it does
 * not fit. */
static int put_line(char *out, uint32_t cap, uint32_t *used, const struct journal_line *line)
{
	static const char cut[] = "...";
	size_t len = line->len > SVC_LOG_LINE_MAX ? SVC_LOG_LINE_MAX : line->len;

	if (*used + len + 1 > cap)
		return -1;
	for (size_t i = 0; i < len; i++)
		out[*used + i] = line->text[i];
	if (len < line->len) {
		for (size_t i = 0; i < sizeof(cut) - 1; i++)
			out[*used + len - (sizeof(cut) - 1) + i] = cut[i];
	}
	out[*used + len] = '\n';
	*used += (uint32_t)len + 1;
	return 0;
}

uint32_t journal_pack_lines(char *out, uint32_t cap, const struct journal_line *lines,
			    uint32_t count, uint64_t next, uint64_t *ret_next)
{
	uint32_t used = 0;
	uint32_t sent = 0;

	while (sent < count && put_line(out, cap, &used, &lines[sent]) == 0)
		sent++;
	*ret_next = sent < count ? lines[sent].seq : next;
	return used;
}
