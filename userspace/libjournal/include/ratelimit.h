/*
 * A per-sender rate limiter for logd: one token bucket per kernel badge in a
 * fixed table the caller provides. Each bucket holds up to `burst` tokens and
 * gains one every `period` time units; a message costs one token, and a
 * sender with none is denied and its denials counted. A sender not yet in a
 * full table takes the place of the least recently seen one, whose counts
 * are forgotten (the table counts evictions).
 *
 * Pure: the time is a parameter of every call, in whatever unit the caller
 * uses for `period`, so tests step time by hand. Time that goes backwards
 * adds no tokens and never underflows.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

enum ratelimit_verdict {
	RATELIMIT_DENY = 0,
	RATELIMIT_ADMIT = 1,
};

struct ratelimit_sender {
	uint64_t badge;
	uint64_t refilled; /* time the tokens were last brought up to date */
	uint64_t seen;	   /* recency stamp: higher was seen later */
	uint64_t admitted;
	uint64_t denied;
	uint32_t tokens;
	bool used;
};

/* Fields are the limiter's own; read them, change them only through the calls below. */
struct ratelimit {
	struct ratelimit_sender *senders;
	uint32_t capacity;
	uint32_t burst;
	uint64_t period;
	uint64_t stamp;	    /* the last recency stamp handed out */
	uint64_t evictions; /* senders pushed out of a full table */
};

/*
 * Makes rl an empty limiter over `senders`, which the caller owns and keeps
 * alive as long as rl. ERR_INVAL when senders is NULL or capacity, burst or
 * period is 0.
 */
int ratelimit_init(struct ratelimit *rl, struct ratelimit_sender *senders, uint32_t capacity,
		   uint32_t burst, uint64_t period);

/*
 * Whether the sender `badge` may log one message at time `now`. A new sender
 * starts with a full bucket. Always updates the sender's counts and recency.
 */
enum ratelimit_verdict ratelimit_admit(struct ratelimit *rl, uint64_t badge, uint64_t now);

/*
 * The table entry of `badge` in *ret_sender (a copy). ERR_NOTFOUND when the
 * sender was never seen or has been evicted.
 */
int ratelimit_query(const struct ratelimit *rl, uint64_t badge,
		    struct ratelimit_sender *ret_sender);

#endif /* RATELIMIT_H */
