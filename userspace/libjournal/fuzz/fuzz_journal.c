/*
 * libFuzzer target for logd's journal: the input is a script of appends,
 * tail reads and reads from a sequence number against a small ring, checked
 * step by step against a model kept here (the last records appended, how many
 * ever were). Every record read back is formatted; a line must be printable,
 * at most JOURNAL_LINE_MAX, fit a buffer of exactly its size and leave a
 * buffer one byte short untouched. Corrupt records must be refused.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "journal.h"
#include "line_contract.h"

#define FUZZ_JOURNAL_SLOTS 8u /* the most slots the ring gets; the model keeps as many */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read from the front; reads past the end give zeros. */
struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

/* The model: what the journal must hold after the same script. */
struct fuzz_model {
	struct journal_record last[FUZZ_JOURNAL_SLOTS]; /* record seq s at last[s % SLOTS] */
	uint64_t appended;
	uint32_t capacity;
};

static uint8_t fuzz_journal_byte(struct fuzz_input *in)
{
	uint8_t b = 0;

	if (in->left > 0) {
		b = *in->p++;
		in->left--;
	}
	return b;
}

static uint64_t fuzz_journal_u64(struct fuzz_input *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | fuzz_journal_byte(in);
	return v;
}

static int fuzz_journal_format(const void *rec, char *buf, size_t size, size_t *ret_len)
{
	return journal_format(rec, buf, size, ret_len);
}

static void fuzz_journal_check_line(const struct journal_record *rec)
{
	fuzz_line_check(fuzz_journal_format, rec, JOURNAL_LINE_MAX);
}

/* got[0..n) must be the records seq first.. of the model, and format well. */
static void fuzz_journal_check_records(const struct fuzz_model *m, const struct journal_record *got,
				       uint32_t n, uint64_t first)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct journal_record *want = &m->last[(first + i) % FUZZ_JOURNAL_SLOTS];

		if (got[i].seq != first + i || got[i].time != want->time ||
		    got[i].badge != want->badge || got[i].level != want->level ||
		    got[i].len != want->len || memcmp(got[i].msg, want->msg, want->len) != 0)
			abort();
		fuzz_journal_check_line(&got[i]);
	}
}

static uint64_t fuzz_journal_held(const struct fuzz_model *m)
{
	return m->appended < m->capacity ? m->appended : m->capacity;
}

static void fuzz_journal_check_state(const struct journal *j, const struct fuzz_model *m)
{
	uint64_t held = fuzz_journal_held(m);

	if (j->count != held || j->next_seq != m->appended || j->dropped != m->appended - held ||
	    j->oldest >= j->capacity)
		abort();
}

static void fuzz_journal_append(struct journal *j, struct fuzz_model *m, struct fuzz_input *in)
{
	uint8_t level = fuzz_journal_byte(in) % (JOURNAL_LEVELS + 1);
	uint8_t len = fuzz_journal_byte(in) % (JOURNAL_MSG_MAX + 2);
	uint64_t badge = fuzz_journal_u64(in);
	struct journal_record rec = {.seq = m->appended, .time = m->appended * 7, .badge = badge};
	uint64_t seq = ~0ull;
	int rc;

	for (uint8_t i = 0; i < len; i++)
		rec.msg[i < JOURNAL_MSG_MAX ? i : 0] = (char)fuzz_journal_byte(in);
	rc = journal_append(j, rec.time, (enum journal_level)level, badge, rec.msg, len, &seq);
	if (level >= JOURNAL_LEVELS || len > JOURNAL_MSG_MAX) {
		if (rc != (level >= JOURNAL_LEVELS ? ERR_INVAL : ERR_TOOLONG))
			abort();
		return;
	}
	if (rc != 0 || seq != m->appended)
		abort();
	rec.level = level;
	rec.len = len;
	m->last[m->appended % FUZZ_JOURNAL_SLOTS] = rec;
	m->appended++;
}

static void fuzz_journal_tail(const struct journal *j, const struct fuzz_model *m,
			      struct fuzz_input *in)
{
	struct journal_record out[FUZZ_JOURNAL_SLOTS + 1];
	uint32_t max = fuzz_journal_byte(in) % (FUZZ_JOURNAL_SLOTS + 2);
	uint64_t held = fuzz_journal_held(m);
	uint32_t n = 0;

	if (journal_tail(j, out, max, &n) != 0 || n != (max < held ? max : held))
		abort();
	fuzz_journal_check_records(m, out, n, m->appended - n);
}

static void fuzz_journal_read_from(const struct journal *j, const struct fuzz_model *m,
				   struct fuzz_input *in)
{
	struct journal_record out[FUZZ_JOURNAL_SLOTS + 1];
	uint32_t max = fuzz_journal_byte(in) % (FUZZ_JOURNAL_SLOTS + 2);
	uint64_t back = fuzz_journal_byte(in);
	uint64_t seq = back <= m->appended + 2 ? m->appended + 2 - back : 0;
	uint64_t oldest = m->appended - fuzz_journal_held(m);
	uint64_t start = seq < oldest ? oldest : seq;
	struct journal_read r;
	int rc = journal_read_from(j, seq, out, max, &r);

	if (seq > m->appended) {
		if (rc != ERR_RANGE)
			abort();
		return;
	}
	if (rc != 0 || r.lost != start - seq || r.next_seq != start + r.count)
		abort();
	if (r.count != (max < m->appended - start ? max : m->appended - start))
		abort();
	fuzz_journal_check_records(m, out, r.count, start);
}

/* A record with a level or length out of range is refused, not formatted. */
static void fuzz_journal_corrupt(struct fuzz_input *in)
{
	struct journal_record rec = {.level = fuzz_journal_byte(in), .len = fuzz_journal_byte(in)};
	char line[JOURNAL_LINE_MAX + 1];
	size_t len = 0;
	int rc = journal_format(&rec, line, sizeof(line), &len);
	bool bad = rec.level >= JOURNAL_LEVELS || rec.len > JOURNAL_MSG_MAX;

	if (bad ? rc != ERR_INVAL : (rc != 0 || len > JOURNAL_LINE_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal_record slots[FUZZ_JOURNAL_SLOTS];
	struct fuzz_input in = {.p = data, .left = size};
	struct fuzz_model m = {.capacity = 1 + fuzz_journal_byte(&in) % FUZZ_JOURNAL_SLOTS};
	struct journal j;

	if (journal_init(&j, slots, m.capacity) != 0)
		abort();
	while (in.left > 0) {
		switch (fuzz_journal_byte(&in) % 4) {
		case 0:
			fuzz_journal_append(&j, &m, &in);
			break;
		case 1:
			fuzz_journal_tail(&j, &m, &in);
			break;
		case 2:
			fuzz_journal_read_from(&j, &m, &in);
			break;
		default:
			fuzz_journal_corrupt(&in);
			break;
		}
		fuzz_journal_check_state(&j, &m);
	}
	return 0;
}
