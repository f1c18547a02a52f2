/*
 * Token buckets keyed by badge (see ratelimit.h): finding or making a
 * sender's entry, evicting the least recently seen, and refilling by
 * elapsed time without floating point or overflow.
 */
#include "ratelimit.h"

#include <stddef.h>

#include "cairn/abi/errors.h"

int ratelimit_init(struct ratelimit *rl, struct ratelimit_sender *senders, uint32_t capacity,
		   uint32_t burst, uint64_t period)
{
	if (senders == NULL || capacity == 0 || burst == 0 || period == 0)
		return ERR_INVAL;
	*rl = (struct ratelimit){
		.senders = senders,
		.capacity = capacity,
		.burst = burst,
		.period = period,
	};
	for (uint32_t i = 0; i < capacity; i++)
		senders[i] = (struct ratelimit_sender){0};
	return 0;
}

static struct ratelimit_sender *find(const struct ratelimit *rl, uint64_t badge)
{
	for (uint32_t i = 0; i < rl->capacity; i++) {
		if (rl->senders[i].used && rl->senders[i].badge == badge)
			return &rl->senders[i];
	}
	return NULL;
}

/* A free entry, or else the least recently seen one (counted as an eviction). */
static struct ratelimit_sender *claim(struct ratelimit *rl)
{
	struct ratelimit_sender *victim = &rl->senders[0];

	for (uint32_t i = 0; i < rl->capacity; i++) {
		if (!rl->senders[i].used)
			return &rl->senders[i];
		if (rl->senders[i].seen < victim->seen)
			victim = &rl->senders[i];
	}
	rl->evictions++;
	return victim;
}

/* Adds the tokens earned since s->refilled, keeping the unspent part of a period. */
static void refill(const struct ratelimit *rl, struct ratelimit_sender *s, uint64_t now)
{
	uint64_t earned;

	if (now <= s->refilled)
		return;
	earned = (now - s->refilled) / rl->period;
	if (earned >= rl->burst - s->tokens) {
		s->tokens = rl->burst;
		s->refilled = now;
		return;
	}
	s->tokens += (uint32_t)earned;
	s->refilled += earned * rl->period;
}

enum ratelimit_verdict ratelimit_admit(struct ratelimit *rl, uint64_t badge, uint64_t now)
{
	struct ratelimit_sender *s = find(rl, badge);

	if (s == NULL) {
		s = claim(rl);
		*s = (struct ratelimit_sender){
			.badge = badge,
			.refilled = now,
			.tokens = rl->burst,
			.used = true,
		};
	}
	refill(rl, s, now);
	s->seen = ++rl->stamp;
	if (s->tokens == 0) {
		s->denied++;
		return RATELIMIT_DENY;
	}
	s->tokens--;
	s->admitted++;
	return RATELIMIT_ADMIT;
}

int ratelimit_query(const struct ratelimit *rl, uint64_t badge, struct ratelimit_sender *ret_sender)
{
	const struct ratelimit_sender *s = find(rl, badge);

	if (s == NULL)
		return ERR_NOTFOUND;
	*ret_sender = *s;
	return 0;
}
