/*
 * The raw sources librng's tests feed (see rng_tests.h): a good one built
 * on SHA-256, and stuck, biased and run-length shapes built from it.
 */
#include <bearssl_hash.h>

#include "rng_tests.h"

void src_init(struct src *s, uint32_t tag)
{
	*s = (struct src){.tag = tag, .used = sizeof(s->block)};
}

static void next_block(struct src *s)
{
	br_sha256_context ctx;
	uint8_t in[12];

	for (int i = 0; i < 4; i++)
		in[i] = (uint8_t)(s->tag >> (8 * i));
	for (int i = 0; i < 8; i++)
		in[4 + i] = (uint8_t)(s->counter >> (8 * i));
	s->counter++;
	br_sha256_init(&ctx);
	br_sha256_update(&ctx, in, sizeof(in));
	br_sha256_out(&ctx, s->block);
	s->used = 0;
}

uint8_t src_byte(struct src *s)
{
	if (s->used == sizeof(s->block))
		next_block(s);
	return s->block[s->used++];
}

uint8_t src_byte_not(struct src *s, uint8_t avoid)
{
	uint8_t b = src_byte(s);

	while (b == avoid)
		b = src_byte(s);
	return b;
}

void src_fill(struct src *s, uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = src_byte(s);
}

void src_fill_biased(struct src *s, uint8_t *buf, size_t n, uint8_t value, unsigned run)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = i % (run + 1) < run ? value : src_byte_not(s, value);
}

void src_fill_runs(struct src *s, uint8_t *buf, size_t n, unsigned run)
{
	uint8_t value = src_byte(s);

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i % run == 0)
			value = src_byte_not(s, value);
		buf[i] = value;
	}
}
