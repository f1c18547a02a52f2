/*
 * The restart state machine (supervise.h): what a start, a READY and an end
 * mean for one service, and when its next restart is due.
 */
#include "supervise.h"

#include "cairn/abi/errors.h"

static const char *const supervise_whys[SUPERVISE_WHYS] = {
	[SUPERVISE_UP] = "up",
	[SUPERVISE_NEVER_READY] = "ended before it said READY",
	[SUPERVISE_POLICY] = "its restart policy keeps it down",
	[SUPERVISE_STOPPING] = "the system is stopping",
	[SUPERVISE_CRASH_LOOP] = "ended 6 times in a row within 10 s of starting",
	[SUPERVISE_SPAWN_FAILED] = "could not be started",
};
_Static_assert(SUPERVISE_QUICK_ENDS_MAX + 1 == 6 && SUPERVISE_STABLE_NS == 10000000000ull,
	       "the crash-loop text names the limits");

void supervise_init(struct supervise_record *r)
{
	*r = (struct supervise_record){.state = SUPERVISOR_WAITING, .why = SUPERVISE_UP};
}

void supervise_started(struct supervise_record *r, uint64_t now_ns)
{
	if (r->ever_started)
		r->restarts++;
	r->ever_started = true;
	r->state = SUPERVISOR_STARTING;
	r->why = SUPERVISE_UP;
	r->started_ns = now_ns;
}

long supervise_ready(struct supervise_record *r)
{
	if (r->state != SUPERVISOR_STARTING)
		return ERR_BUSY;
	r->state = SUPERVISOR_RUNNING;
	return 0;
}

uint64_t supervise_backoff_ns(uint32_t k)
{
	uint64_t wait = SUPERVISE_BACKOFF_FIRST_NS;

	if (k <= 1)
		return 0;
	for (uint32_t i = 2; i < k && wait < SUPERVISE_BACKOFF_MAX_NS; i++)
		wait *= 2;
	return wait < SUPERVISE_BACKOFF_MAX_NS ? wait : SUPERVISE_BACKOFF_MAX_NS;
}

/* Down for good or for now, with its reason and the action that says so. */
static uint32_t down(struct supervise_record *r, uint32_t state, uint32_t why, uint32_t action)
{
	r->state = state;
	r->why = why;
	r->last_action = action;
	return action;
}

uint32_t supervise_ended(struct supervise_record *r, long status, bool restart, bool stopping,
			 uint64_t now_ns)
{
	bool served = r->state == SUPERVISOR_RUNNING;
	uint64_t ran = now_ns > r->started_ns ? now_ns - r->started_ns : 0;

	r->last_status = status;
	if (!served)
		return down(r, SUPERVISOR_FAILED, SUPERVISE_NEVER_READY, SUPERVISOR_KEEP_DOWN);
	if (stopping)
		return down(r, SUPERVISOR_ENDED, SUPERVISE_STOPPING, SUPERVISOR_KEEP_DOWN);
	if (!restart)
		return down(r, SUPERVISOR_ENDED, SUPERVISE_POLICY, SUPERVISOR_KEEP_DOWN);
	r->quick_ends = ran < SUPERVISE_STABLE_NS ? r->quick_ends + 1 : 0;
	if (r->quick_ends > SUPERVISE_QUICK_ENDS_MAX)
		return down(r, SUPERVISOR_FAILED, SUPERVISE_CRASH_LOOP, SUPERVISOR_GIVE_UP);
	r->due_ns = now_ns + supervise_backoff_ns(r->quick_ends);
	return down(r, SUPERVISOR_WAITING, SUPERVISE_UP, SUPERVISOR_RESTART);
}

bool supervise_restart_due(const struct supervise_record *r, uint64_t now_ns)
{
	return r->state == SUPERVISOR_WAITING && r->last_action == SUPERVISOR_RESTART &&
	       now_ns >= r->due_ns;
}

void supervise_spawn_failed(struct supervise_record *r)
{
	(void)down(r, SUPERVISOR_FAILED, SUPERVISE_SPAWN_FAILED, r->last_action);
}

const char *supervise_why_text(uint32_t why)
{
	return why < SUPERVISE_WHYS ? supervise_whys[why] : "unknown";
}
