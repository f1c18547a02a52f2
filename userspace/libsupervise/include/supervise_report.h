/*
 * How init reports a service: the names of the states LIST reports, what
 * init does about a service that ended, and the line it writes to logd when
 * one ends. init's logic, not the protocol's (svc/supervisor.h has the
 * wire): the shell, init and testinit print with it. Pure.
 */
#ifndef LIBSUPERVISE_SUPERVISE_REPORT_H
#define LIBSUPERVISE_SUPERVISE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "svc/supervisor.h"
#include "svcname.h"

/* "waiting", "starting", "running", "ended", "failed", or NULL for an unknown state. */
const char *supervisor_state_name(unsigned int state);

/* What init does about a service that ended. */
enum supervisor_action {
	SUPERVISOR_KEEP_DOWN = 0,
	SUPERVISOR_RESTART = 1, /* at once, or after a backoff (libsupervise) */
	SUPERVISOR_GIVE_UP = 2, /* it kept ending quickly: down for good */
};

/* A service's end as init reports it to logd. */
struct supervisor_crash {
	const char *name;  /* NUL-terminated service name */
	long status;	   /* what process_wait returned */
	uint32_t restarts; /* restarts so far, this one included when action is RESTART */
	uint32_t action;   /* an enum supervisor_action */
};

/*
 * The longest crash line without its NUL: "service " <name> " ended status="
 * "error:-<19 digits>" (the longest status) " restarts=<10 digits>"
 * " action=keep-down".
 */
#define SUPERVISOR_CRASH_MAX (8u + SVCNAME_MAX + 14u + 26u + 10u + 10u + 17u)

/*
 * Writes one NUL-terminated line such as
 * "service logd ended status=killed restarts=1 action=restart", the status
 * as "exit:<code>", "killed", "fault:<cause>", "error:<negative ERR_* code>"
 * or "other:<number>" for a value process_wait never gives.
 * *ret_len gets the length without the NUL. ERR_NOSPC when it does not fit
 * in size bytes (buf untouched); SUPERVISOR_CRASH_MAX + 1 bytes always fit.
 * ERR_INVAL for a name the rule refuses or an unknown action.
 */
int supervisor_crash_format(const struct supervisor_crash *c, char *buf, size_t size,
			    size_t *ret_len);

#endif /* LIBSUPERVISE_SUPERVISE_REPORT_H */
