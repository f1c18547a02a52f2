/*
 * The console's line rule (cairn/console_line.h): who owns the open line, and
 * the tag that starts each line. No output of its own and no lock.
 */
#include "cairn/console_line.h"

#include "cairn/string.h"

static void console_line_tag(const struct console_source *src, console_line_sink sink, void *ctx)
{
	sink(CONSOLE_TAG_BYTE, ctx);
	sink('[', ctx);
	for (const char *p = src->name; *p != '\0'; p++)
		sink(*p, ctx);
	sink(']', ctx);
	sink(' ', ctx);
}

void console_line_put(struct console_line *line, const struct console_source *src, char c,
		      console_line_sink sink, void *ctx)
{
	if (c == CONSOLE_TAG_BYTE)
		return;
	if (line->open && line->owner != src->id) {
		sink('\n', ctx);
		line->open = false;
	}
	if (!line->open) {
		console_line_tag(src, sink, ctx);
		line->owner = src->id;
		line->open = true;
	}
	sink(c, ctx);
	if (c == '\n')
		line->open = false;
}

static bool console_name_is(const char *name, size_t len, const char *reserved)
{
	return len == strlen(reserved) && memcmp(name, reserved, len) == 0;
}

static bool console_name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

bool console_name_is_allowed(const char *name, size_t len)
{
	if (len == 0 || len > CAIRN_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!console_name_char_ok(name[i]))
			return false;
	}
	return !console_name_is(name, len, "kernel") && !console_name_is(name, len, "console");
}
