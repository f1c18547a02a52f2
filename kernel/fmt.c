/*
 * The formatting engine behind kprintf and fmt_snprintf (see cairn/fmt.h for
 * the conversions it accepts). Pure: no globals, no output of its own, so the
 * host tests run it against the C library. It does not handle floating point,
 * precision, or flags other than '0'.
 */
#include "cairn/fmt.h"

#include <stdbool.h>
#include <stdint.h>

/* One parsed conversion specification. */
struct fmt_spec {
	bool zero_pad;
	unsigned int width;
	unsigned int longs; /* 0, 1 (l) or 2 (ll) */
	char conv;
};

static void fmt_pad(fmt_sink sink, void *ctx, char c, unsigned int count)
{
	while (count-- > 0)
		sink(c, ctx);
}

/* Print `value` in `base` (10 or 16), padded to the spec's width. */
static void fmt_unsigned(fmt_sink sink, void *ctx, const struct fmt_spec *spec, uint64_t value,
			 unsigned int base, bool negative)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	unsigned int len = 0;

	do {
		buf[len++] = digits[value % base];
		value /= base;
	} while (value != 0);
	unsigned int total = len + (negative ? 1U : 0U);
	unsigned int pad = spec->width > total ? spec->width - total : 0;

	if (!spec->zero_pad)
		fmt_pad(sink, ctx, ' ', pad);
	if (negative)
		sink('-', ctx);
	if (spec->zero_pad)
		fmt_pad(sink, ctx, '0', pad);
	while (len > 0)
		sink(buf[--len], ctx);
}

static void fmt_string(fmt_sink sink, void *ctx, const struct fmt_spec *spec, const char *s)
{
	unsigned int len = 0;

	if (s == NULL)
		s = "(null)";
	while (s[len] != '\0')
		len++;
	fmt_pad(sink, ctx, ' ', spec->width > len ? spec->width - len : 0);
	while (*s != '\0')
		sink(*s++, ctx);
}

static void fmt_signed(fmt_sink sink, void *ctx, const struct fmt_spec *spec, int64_t value)
{
	/* Negate in unsigned arithmetic so the most negative value works too. */
	uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

	fmt_unsigned(sink, ctx, spec, magnitude, 10, value < 0);
}

static void fmt_pointer(fmt_sink sink, void *ctx, const struct fmt_spec *spec, const void *p)
{
	struct fmt_spec hex = *spec;

	sink('0', ctx);
	sink('x', ctx);
	hex.width = spec->width > 2 ? spec->width - 2 : 0;
	fmt_unsigned(sink, ctx, &hex, (uint64_t)(uintptr_t)p, 16, false);
}

/* The argument of one conversion, as fmt_vformat fetched it. */
union fmt_arg {
	int64_t s;
	uint64_t u;
	const void *ptr; /* %s and %p */
};

/* Emit one conversion; returns false if `spec->conv` is not one we know. */
static bool fmt_convert(fmt_sink sink, void *ctx, const struct fmt_spec *spec, union fmt_arg arg)
{
	switch (spec->conv) {
	case 'd':
		fmt_signed(sink, ctx, spec, arg.s);
		return true;
	case 'u':
		fmt_unsigned(sink, ctx, spec, arg.u, 10, false);
		return true;
	case 'x':
		fmt_unsigned(sink, ctx, spec, arg.u, 16, false);
		return true;
	case 'p':
		fmt_pointer(sink, ctx, spec, arg.ptr);
		return true;
	case 's':
		fmt_string(sink, ctx, spec, arg.ptr);
		return true;
	case 'c':
		sink((char)arg.s, ctx);
		return true;
	case '%':
		sink('%', ctx);
		return true;
	default:
		return false;
	}
}

/* Parse the specification after a '%'; returns the position after it. */
static const char *fmt_parse(const char *p, struct fmt_spec *ret_spec)
{
	struct fmt_spec spec = {0};

	if (*p == '0') {
		spec.zero_pad = true;
		p++;
	}
	while (*p >= '0' && *p <= '9' && spec.width < 1000)
		spec.width = spec.width * 10 + (unsigned int)(*p++ - '0');
	while (*p == 'l' && spec.longs < 2) {
		spec.longs++;
		p++;
	}
	spec.conv = *p;
	*ret_spec = spec;
	return *p == '\0' ? p : p + 1;
}

/* The C type of the argument a conversion takes. */
enum fmt_type { FMT_NONE, FMT_INT, FMT_LONG, FMT_LLONG, FMT_UINT, FMT_ULONG, FMT_ULLONG, FMT_PTR };

static enum fmt_type fmt_type_of(const struct fmt_spec *spec)
{
	switch (spec->conv) {
	case 'd':
		return spec->longs == 2 ? FMT_LLONG : spec->longs == 1 ? FMT_LONG : FMT_INT;
	case 'u':
	case 'x':
		return spec->longs == 2 ? FMT_ULLONG : spec->longs == 1 ? FMT_ULONG : FMT_UINT;
	case 'c':
		return FMT_INT;
	case 's':
	case 'p':
		return FMT_PTR;
	default:
		return FMT_NONE;
	}
}

/*
 * Every va_arg call sits here, in the function that owns `ap`: a va_list
 * handed to a helper by value would not advance in the caller on every ABI.
 */
void fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap)
{
	while (*fmt != '\0') {
		const char *start = fmt;
		struct fmt_spec spec;
		union fmt_arg arg = {.u = 0};

		if (*fmt != '%') {
			sink(*fmt++, ctx);
			continue;
		}
		fmt = fmt_parse(fmt + 1, &spec);
		switch (fmt_type_of(&spec)) {
		case FMT_INT:
			arg.s = va_arg(ap, int);
			break;
		case FMT_LONG:
			arg.s = va_arg(ap, long);
			break;
		case FMT_LLONG:
			arg.s = va_arg(ap, long long);
			break;
		case FMT_UINT:
			arg.u = va_arg(ap, unsigned int);
			break;
		case FMT_ULONG:
			arg.u = va_arg(ap, unsigned long);
			break;
		case FMT_ULLONG:
			arg.u = va_arg(ap, unsigned long long);
			break;
		case FMT_PTR:
			arg.ptr = va_arg(ap, const void *);
			break;
		case FMT_NONE:
			break;
		}
		if (!fmt_convert(sink, ctx, &spec, arg)) {
			while (start < fmt)
				sink(*start++, ctx);
		}
	}
}

/* Sink state for fmt_vsnprintf: bytes beyond the buffer are only counted. */
struct fmt_buffer {
	char *buf;
	size_t size;
	size_t len;
};

static void fmt_buffer_put(char c, void *ctx)
{
	struct fmt_buffer *b = ctx;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buffer b = {.buf = buf, .size = size, .len = 0};

	fmt_vformat(fmt_buffer_put, &b, fmt, ap);
	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return b.len;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	len = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
