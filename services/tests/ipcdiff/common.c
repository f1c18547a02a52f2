/*
 * The differential boot's shared helpers (ipcdiff.h).
 */
#include "ipcdiff.h"

#include "cairn/print.h"

void ipcdiff_prepare(struct ipcdiff_regs *r, uint64_t seed, uint64_t num, const uint64_t a[6])
{
	for (unsigned n = 1; n < 32; n++)
		r->in[n] = 0x5eed000000000000ull ^ seed << 24 ^ (uint64_t)n << 8 ^ n;
	for (unsigned i = 0; i < 6; i++)
		r->in[IPCDIFF_A0 + i] = a[i];
	r->in[IPCDIFF_A7] = num;
}

uint64_t ipcdiff_hash(const struct ipcdiff_regs *r)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (unsigned n = 1; n < 32; n++) {
		if (n == 3)
			continue;
		for (unsigned b = 0; b < 64; b += 8) {
			h ^= (r->out[n] >> b) & 0xffu;
			h *= 0x100000001b3ull;
		}
	}
	return h;
}

/* Append `text` to the line at *at (bounded by IPCDIFF_LINE_MAX). */
static void put_str(char *line, size_t *at, const char *text)
{
	while (*text != '\0' && *at + 1 < IPCDIFF_LINE_MAX)
		line[(*at)++] = *text++;
}

/* Append `v` in `base` (10 or 16), no leading zeros (0 is "0"). */
static void put_uint(char *line, size_t *at, uint64_t v, unsigned base)
{
	char digits[21];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	while (n > 0 && *at + 1 < IPCDIFF_LINE_MAX)
		line[(*at)++] = digits[--n];
}

void ipcdiff_report(uint64_t console, const char *who, unsigned step, const char *name,
		    const struct ipcdiff_regs *r)
{
	static const char *const names[6] = {" a0=", " a1=", " a2=", " a3=", " a4=", " a5="};
	char line[IPCDIFF_LINE_MAX];
	size_t at = 0;

	put_str(line, &at, "ipcdiff: ");
	put_str(line, &at, who);
	put_str(line, &at, " ");
	put_uint(line, &at, step, 10);
	put_str(line, &at, " ");
	put_str(line, &at, name);
	for (unsigned i = 0; i < 6; i++) {
		put_str(line, &at, names[i]);
		put_uint(line, &at, r->out[IPCDIFF_A0 + i], 16);
	}
	put_str(line, &at, " regs=");
	put_uint(line, &at, ipcdiff_hash(r), 16);
	put_str(line, &at, " changed=[");
	for (unsigned n = 1; n < 32; n++) {
		if (n == 3 || (n >= IPCDIFF_A0 && n < IPCDIFF_A0 + 6) || r->out[n] == r->in[n])
			continue;
		put_str(line, &at, " x");
		put_uint(line, &at, n, 10);
	}
	put_str(line, &at, "]\n");
	(void)cairn_write((cairn_handle_t)console, line, at);
}

void ipcdiff_cost(uint64_t console, unsigned step, const char *name, uint64_t instructions)
{
	char line[IPCDIFF_LINE_MAX];
	size_t at = 0;

	put_str(line, &at, "ipcdiff-cost: ");
	put_uint(line, &at, step, 10);
	put_str(line, &at, " ");
	put_str(line, &at, name);
	put_str(line, &at, " ");
	put_uint(line, &at, instructions, 10);
	put_str(line, &at, "\n");
	(void)cairn_write((cairn_handle_t)console, line, at);
}
