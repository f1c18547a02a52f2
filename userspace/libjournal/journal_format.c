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
