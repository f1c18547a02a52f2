/*
 * The journal's ring (see journal.h): appending with overwrite of the oldest,
 * and the two ways of reading back. Formatting a record as a line is in
 * journal_format.c; the per-sender rate limiter in ratelimit.c.
 */
#include "journal.h"

#include <string.h>

#include "cairn/abi/errors.h"

int journal_init(struct journal *j, struct journal_record *slots, uint32_t capacity)
{
	if (slots == NULL || capacity == 0)
		return ERR_INVAL;
	*j = (struct journal){.slots = slots, .capacity = capacity};
	return 0;
}

/* The slot of the i-th record held, counting from the oldest (i < count). */
static uint32_t slot_of(const struct journal *j, uint32_t i)
{
	return (uint32_t)(((uint64_t)j->oldest + i) % j->capacity);
}

static uint64_t oldest_seq(const struct journal *j)
{
	return j->next_seq - j->count;
}

int journal_append(struct journal *j, uint64_t time, enum journal_level level, uint64_t badge,
		   const char *msg, size_t len, uint64_t *ret_seq)
{
	struct journal_record *rec;

	if ((unsigned)level >= JOURNAL_LEVELS || (msg == NULL && len > 0))
		return ERR_INVAL;
	if (len > JOURNAL_MSG_MAX)
		return ERR_TOOLONG;

	if (j->count == j->capacity) {
		rec = &j->slots[j->oldest];
		j->oldest = slot_of(j, 1);
		j->dropped++;
	} else {
		rec = &j->slots[slot_of(j, j->count)];
		j->count++;
	}
	*rec = (struct journal_record){
		.seq = j->next_seq,
		.time = time,
		.badge = badge,
		.level = (uint8_t)level,
		.len = (uint8_t)len,
	};
	if (len > 0)
		memcpy(rec->msg, msg, len);
	if (ret_seq != NULL)
		*ret_seq = j->next_seq;
	j->next_seq++;
	return 0;
}

/* Copies n records held, starting with the first-th from the oldest. */
static void copy_out(const struct journal *j, uint32_t first, uint32_t n,
		     struct journal_record *ret_records)
{
	for (uint32_t i = 0; i < n; i++)
		ret_records[i] = j->slots[slot_of(j, first + i)];
}

int journal_tail(const struct journal *j, struct journal_record *ret_records, uint32_t max,
		 uint32_t *ret_count)
{
	uint32_t n = max < j->count ? max : j->count;

	if (ret_records == NULL && max > 0)
		return ERR_INVAL;
	copy_out(j, j->count - n, n, ret_records);
	*ret_count = n;
	return 0;
}

uint64_t journal_newest_from(const struct journal *j, uint32_t max)
{
	return j->next_seq - (max < j->count ? max : j->count);
}

int journal_read_from(const struct journal *j, uint64_t seq, struct journal_record *ret_records,
		      uint32_t max, struct journal_read *ret_read)
{
	uint64_t start = seq;
	uint32_t available;
	uint32_t n;

	if (ret_records == NULL && max > 0)
		return ERR_INVAL;
	if (seq > j->next_seq)
		return ERR_RANGE;
	if (start < oldest_seq(j))
		start = oldest_seq(j);
	available = (uint32_t)(j->next_seq - start);
	n = max < available ? max : available;
	copy_out(j, (uint32_t)(start - oldest_seq(j)), n, ret_records);
	*ret_read = (struct journal_read){
		.count = n,
		.lost = start - seq,
		.next_seq = start + n,
	};
	return 0;
}
