/*
 * The restart state machine of one supervised service, for init (RFC-0011).
 * Pure: time is a parameter (nanoseconds of a clock that does not go back;
 * a `now` before the instance's start counts as its start), no system calls,
 * no globals, no I/O. init keeps one record per service, tells this library
 * each event and does what it answers: the spawning, killing and logging are
 * init's.
 *
 * The rules:
 * - An instance that ends before it said READY is not retried: the service
 *   cannot come up (FAILED, SUPERVISE_NEVER_READY).
 * - One that ends after READY is restarted when its manifest's restart=
 *   policy says so of how it ended, unless a shutdown is under way;
 *   otherwise it stays ENDED.
 * - An end within SUPERVISE_STABLE_NS of the instance's start is a quick
 *   end. The first restart after a quick end is at once; each quick end in a
 *   row after it waits twice as long as the one before, from
 *   SUPERVISE_BACKOFF_FIRST_NS up to SUPERVISE_BACKOFF_MAX_NS. The
 *   (SUPERVISE_QUICK_ENDS_MAX + 1)th quick end in a row gives the service up
 *   (FAILED, SUPERVISE_CRASH_LOOP). An instance that ran stable ends the row.
 */
#ifndef LIBSUPERVISE_SUPERVISE_H
#define LIBSUPERVISE_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>

#include "supervise_report.h" /* enum supervisor_action */
#include "svc/supervisor.h"

#define SUPERVISE_STABLE_NS	   10000000000ull /* 10 s */
#define SUPERVISE_BACKOFF_FIRST_NS 100000000ull	  /* 100 ms */
#define SUPERVISE_BACKOFF_MAX_NS   3200000000ull  /* 3.2 s */
#define SUPERVISE_QUICK_ENDS_MAX   5u

/* Why a service is down, when it is. */
enum supervise_why {
	SUPERVISE_UP = 0,	/* it is not down: waiting to start, starting or running */
	SUPERVISE_NEVER_READY,	/* an instance ended before it said READY */
	SUPERVISE_POLICY,	/* its restart= policy keeps it down after how it ended */
	SUPERVISE_STOPPING,	/* a shutdown is under way */
	SUPERVISE_CRASH_LOOP,	/* too many quick ends in a row */
	SUPERVISE_SPAWN_FAILED, /* the supervisor could not start an instance */
	SUPERVISE_WHYS,		/* the count; not a reason */
};

struct supervise_record {
	uint32_t state;	      /* enum supervisor_state */
	uint32_t restarts;    /* instances started after the first */
	uint32_t quick_ends;  /* quick ends in a row, up to the last end */
	uint32_t why;	      /* enum supervise_why */
	uint64_t started_ns;  /* when the current or last instance was started */
	uint64_t due_ns;      /* state WAITING after an end: when the restart is due */
	long last_status;     /* how the last instance ended (process_wait's status) */
	uint32_t last_action; /* enum supervisor_action taken at that end */
	bool ever_started;    /* an instance was started once: later ones are restarts */
};

/* A service not started yet: WAITING, nothing ended. */
void supervise_init(struct supervise_record *r);

/* An instance was spawned at now_ns: STARTING; a restart when one was started before. */
void supervise_started(struct supervise_record *r, uint64_t now_ns);

/* The instance said READY: RUNNING and 0, or ERR_BUSY (unchanged) when it is not STARTING. */
long supervise_ready(struct supervise_record *r);

/*
 * The instance ended at now_ns with `status`. `restart` is what the
 * service's restart= policy says of that status; `stopping` whether a
 * shutdown is under way. Sets the state (WAITING with due_ns for a restart,
 * ENDED or FAILED), why, last_status and last_action, and returns that
 * action: SUPERVISOR_RESTART (due at due_ns, which may be now_ns),
 * SUPERVISOR_KEEP_DOWN or SUPERVISOR_GIVE_UP.
 */
uint32_t supervise_ended(struct supervise_record *r, long status, bool restart, bool stopping,
			 uint64_t now_ns);

/* Whether a restart is waiting and due at now_ns. */
bool supervise_restart_due(const struct supervise_record *r, uint64_t now_ns);

/* Starting an instance failed: FAILED, SUPERVISE_SPAWN_FAILED. */
void supervise_spawn_failed(struct supervise_record *r);

/* The wait before the restart after the k-th quick end in a row (k >= 1): 0 for the first. */
uint64_t supervise_backoff_ns(uint32_t k);

/* What a reason says, for a log line ("crashed 6 times in a row within 10 s of starting"). */
const char *supervise_why_text(uint32_t why);

#endif /* LIBSUPERVISE_SUPERVISE_H */
