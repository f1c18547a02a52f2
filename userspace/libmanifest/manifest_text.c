/*
 * Spans, fields, comma lists and error text for the manifest parser (see
 * manifest_text.h). No manifest rules live here.
 */
#include "manifest_text.h"

#include "cairn/abi/errors.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct span span_skip(struct span s, size_t n)
{
	return (struct span){.p = s.p + n, .len = s.len - n};
}

size_t span_find(struct span s, char c)
{
	size_t i = 0;

	while (i < s.len && s.p[i] != c)
		i++;
	return i;
}

bool span_next_line(struct span *text, struct span *ret_line)
{
	size_t end;

	if (text->len == 0)
		return false;
	end = span_find(*text, '\n');
	*ret_line = (struct span){.p = text->p, .len = end};
	*text = span_skip(*text, end < text->len ? end + 1 : end);
	return true;
}

struct span span_drop_comment(struct span line)
{
	line.len = span_find(line, '#');
	return line;
}

bool span_next_field(struct span *rest, struct span *ret_field)
{
	size_t start = 0;
	size_t end;

	while (start < rest->len && is_space(rest->p[start]))
		start++;
	if (start == rest->len) {
		*rest = span_skip(*rest, start);
		return false;
	}
	end = start;
	while (end < rest->len && !is_space(rest->p[end]))
		end++;
	*ret_field = (struct span){.p = rest->p + start, .len = end - start};
	*rest = span_skip(*rest, end);
	return true;
}

bool span_is(struct span s, const char *word)
{
	size_t i = 0;

	while (i < s.len && word[i] != '\0' && word[i] == s.p[i])
		i++;
	return i == s.len && word[i] == '\0';
}

struct list_iter list_start(struct span list)
{
	return (struct list_iter){.rest = list, .done = list.len == 0};
}

bool list_next(struct list_iter *it, struct span *ret_item)
{
	size_t comma;

	if (it->done)
		return false;
	comma = span_find(it->rest, ',');
	*ret_item = (struct span){.p = it->rest.p, .len = comma};
	if (comma == it->rest.len) {
		it->done = true;
		it->rest = span_skip(it->rest, comma);
	} else {
		it->rest = span_skip(it->rest, comma + 1);
	}
	return true;
}

/* Bytes of the reason in use; the reason is always NUL-terminated. */
static size_t err_used(const struct manifest_error *err)
{
	size_t n = 0;

	while (n < MANIFEST_REASON_MAX - 1 && err->reason[n] != '\0')
		n++;
	return n;
}

static void err_put(struct manifest_error *err, const char *bytes, size_t len)
{
	static const char cut[] = "...";
	size_t used;
	size_t room;

	if (err == NULL)
		return;
	used = err_used(err);
	room = MANIFEST_REASON_MAX - 1 - used;
	for (size_t i = 0; i < len && i < room; i++) {
		char c = bytes[i];

		err->reason[used + i] = (c >= ' ' && c <= '~') ? c : '?';
	}
	if (len > room) {
		used = MANIFEST_REASON_MAX - sizeof(cut);
		for (size_t i = 0; i < sizeof(cut); i++)
			err->reason[used + i] = cut[i];
		return;
	}
	err->reason[used + len] = '\0';
}

int err_begin(struct manifest_error *err, int code, uint32_t line)
{
	if (err != NULL) {
		err->code = code;
		err->line = line;
		err->reason[0] = '\0';
	}
	return code;
}

void err_add(struct manifest_error *err, const char *text)
{
	size_t len = 0;

	while (text[len] != '\0')
		len++;
	err_put(err, text, len);
}

void err_add_span(struct manifest_error *err, struct span s)
{
	err_put(err, s.p, s.len);
}

void err_add_uint(struct manifest_error *err, uint32_t value)
{
	char digits[10];
	size_t n = sizeof(digits);

	do {
		digits[--n] = (char)('0' + value % 10u);
		value /= 10u;
	} while (value != 0);
	err_put(err, digits + n, sizeof(digits) - n);
}

int err_say(struct manifest_error *err, int code, uint32_t line, const char *before,
	    struct span what, const char *after)
{
	err_begin(err, code, line);
	err_add(err, before);
	err_add(err, "'");
	err_add_span(err, what);
	err_add(err, "'");
	err_add(err, after);
	return code;
}
