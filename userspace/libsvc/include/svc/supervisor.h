/*
 * init's supervisor protocol: what a service of the manifest says to init on
 * the supervisor handle it starts with ([1]), and the line init writes to
 * logd when a service ends. init tells services apart by the badge the
 * kernel stamps (service number i of the manifest has badge
 * SUPERVISOR_BADGE_FIRST + i on every endpoint, across restarts), never by
 * anything a message says. This header owns the tags, the layouts, the
 * service states and the pure codecs; the supervising is init's.
 *
 * SUPERVISOR_READY (a service, once per start, when it serves)
 *   request: w[0..2] 0; no data, no handles.
 *   reply:   w[0] 0, ERR_INVAL, ERR_DENIED (the badge is no service's) or
 *            ERR_BUSY (this start said READY already).
 *
 * SUPERVISOR_LIST (any service; the shell's `ps`)
 *   request: w[0] the service's index in the manifest (from 0), w[1], w[2]
 *            0; no data, no handles.
 *   reply:   w[0] 0, ERR_INVAL, ERR_DENIED or ERR_NOTFOUND (the index is
 *            past the last service); when 0: w[1] the state (enum
 *            supervisor_state) in bits 0..7 and the restart count in bits
 *            32..63, w[2] the running process's kernel object id (0 when
 *            none runs); data: the service's name and a NUL.
 *
 * SUPERVISOR_KILL (any service; the shell's `crash NAME`)
 *   request: w[0..2] 0; data: the service's name and a NUL; no handles.
 *   reply:   w[0] 0 (killed; it restarts as its policy says), ERR_INVAL,
 *            ERR_DENIED, ERR_NOTFOUND (no such service) or ERR_BUSY (it is
 *            not running).
 *
 * SUPERVISOR_SHUTDOWN (any service; the shell's `shutdown`)
 *   request: w[0..2] 0; no data, no handles.
 *   reply:   w[0] 0 or ERR_DENIED; after a 0 init ends every service, in
 *            the reverse of the start order, and exits, which ends the run.
 *
 * ERR_DENIED answers a caller whose badge is no service's: only the
 * services init started hold a supervisor handle.
 *
 * SUPERVISOR_PROBE is no request of this endpoint: init's test programs
 * (services/tests/) report with it on an endpoint init makes for one proof;
 * its words are the proof's own (services/init/check_ipc*.c).
 */
#ifndef SVC_SUPERVISOR_H
#define SVC_SUPERVISOR_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "svc/msg.h"

enum svc_supervisor_tag {
	SUPERVISOR_READY = 0x0501,
	SUPERVISOR_LIST = 0x0502,
	SUPERVISOR_KILL = 0x0503,
	SUPERVISOR_SHUTDOWN = 0x0504,
	SUPERVISOR_PROBE = 0x05f0,
};

/* Badges of the service graph: init's on every endpoint, and service i's. */
#define SUPERVISOR_BADGE_INIT  SVC_BADGE_INIT
#define SUPERVISOR_BADGE_FIRST 0x100u

/* Where a service of the manifest is; SUPERVISOR_LIST reports it. */
enum supervisor_state {
	SUPERVISOR_WAITING = 0,	 /* not started yet */
	SUPERVISOR_STARTING = 1, /* started, READY not yet said */
	SUPERVISOR_RUNNING = 2,	 /* said READY, still running */
	SUPERVISOR_ENDED = 3,	 /* ended, and its restart policy keeps it down */
	SUPERVISOR_FAILED = 4,	 /* could not be started, or never said READY in time */
	SUPERVISOR_STATES = 5,	 /* the count; not a state */
};

/* A decoded request; fields a tag does not use are 0. */
struct supervisor_request {
	uint32_t tag;	      /* an enum svc_supervisor_tag, never SUPERVISOR_PROBE */
	uint64_t badge;	      /* the caller, as the kernel stamped it */
	uint32_t index;	      /* LIST */
	struct svc_name name; /* KILL */
};

/* One service as LIST reports it. */
struct supervisor_entry {
	struct svc_name name;
	uint32_t state;	   /* an enum supervisor_state */
	uint32_t restarts; /* times init started it again */
	uint64_t pid;	   /* the process's kernel object id, 0 when none runs */
};

/*
 * Server side: decodes any request of the protocol into *ret. ERR_NOTSUP
 * for a tag that is none of the four requests, ERR_INVAL for a request
 * that breaks its layout (or an index over UINT32_MAX); *ret set on 0 only.
 */
int supervisor_request_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct supervisor_request *ret);

/* The LIST reply for e. ERR_INVAL (m then that status as a reply) for a state or name out of
 * bounds. */
int supervisor_list_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			  const struct supervisor_entry *e);

/* Client side: requests ready to send. ERR_INVAL for a name the rule refuses. */
void supervisor_ready_encode(struct svc_msg *m);
void supervisor_list_encode(struct svc_msg *m, uint32_t index);
int supervisor_kill_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
			   size_t len);
void supervisor_shutdown_encode(struct svc_msg *m);

/*
 * Reads a LIST reply: its status when not 0, else *ret. ERR_INVAL for a
 * reply with handles, an unknown state, bits 8..31 of w[1] set, or a
 * malformed name.
 */
int supervisor_list_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				 struct supervisor_entry *ret);

#endif /* SVC_SUPERVISOR_H */
