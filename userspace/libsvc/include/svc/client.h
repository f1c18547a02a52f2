/*
 * The calling half of libsvc, for user programs only (it makes system
 * calls; host tests and fuzz targets use the pure codecs instead): one
 * helper per request of svc/log.h, svc/policy.h and svc/registry.h that
 * encodes it into the calling thread's IPC buffer, calls, and reads the
 * reply. Built into libsvcclient.a; link libsvc.a after it.
 *
 * Every helper returns the request's status: 0, the server's ERR_* code,
 * the call's own error (ERR_TIMEOUT after SVC_CALL_TIMEOUT, ERR_PEERDEAD,
 * ERR_DENIED for a handle without RIGHT_SEND, ...), or ERR_INVAL for a
 * request the encoder refuses or a reply that is malformed. ret_* outputs
 * are set on 0 only.
 */
#ifndef SVC_CLIENT_H
#define SVC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "svc/log.h"
#include "svc/msg.h"
#include "svc/registry.h"

/* How long a helper waits for its reply, in nanoseconds: one second. */
#define SVC_CALL_TIMEOUT CAIRN_NS_PER_S

/* cairn_msg and svc_msg hold the same fields; these convert between them. */
static inline struct svc_msg svc_msg_of(const struct cairn_msg *m)
{
	return (struct svc_msg){
		.info = m->info, .w = {m->w[0], m->w[1], m->w[2]}, .badge = m->badge};
}

static inline struct cairn_msg svc_msg_to_cairn(const struct svc_msg *m)
{
	return (struct cairn_msg){
		.info = m->info, .w = {m->w[0], m->w[1], m->w[2]}, .badge = m->badge};
}

/*
 * Sends m (its data and handles already in the thread's IPC buffer) on ep
 * and puts the reply in m. The call's error, or 0 with the reply in m.
 */
long svc_call(cairn_handle_t ep, struct svc_msg *m);

/* svc_call with a time limit of timeout_ns (CAIRN_WAIT_FOREVER: none); the generated stubs' way. */
long svc_call_timeout(cairn_handle_t ep, struct svc_msg *m, uint64_t timeout_ns);

/* Tells init's supervisor endpoint (a service's handle [1]) that the service is ready. */
long svc_ready(cairn_handle_t supervisor);

/* logd. *ret_seq (may be NULL) gets the record's sequence number. */
long svc_log_write(cairn_handle_t log, uint32_t level, const char *text, size_t len,
		   uint64_t *ret_seq);
/*
 * One line to logd, "<who>: <what>[: <ERR_NAME>]" (the error only when err
 * is negative), cut at SVC_LOG_SAY_MAX bytes; a daemon's own failures have
 * nowhere else to go, so nothing is returned.
 */
#define SVC_LOG_SAY_MAX 119u
void svc_log_say(cairn_handle_t log, uint32_t level, const char *who, const char *what, long err);
/* ret->lines points into the thread's IPC buffer: read it before the next call. */
long svc_log_tail(cairn_handle_t log, uint32_t max, uint64_t from, struct svc_log_tail_reply *ret);

/* policyd. */
long svc_policy_decide(cairn_handle_t policy, uint64_t badge, uint32_t action, const char *object,
		       size_t len, bool *ret_allow);
long svc_policy_bind(cairn_handle_t policy, uint64_t badge, const char *name, size_t len);
long svc_policy_unbind(cairn_handle_t policy, uint64_t badge);

/* samgrd. register copies h, which keeps being the caller's. */
long svc_registry_register(cairn_handle_t registry, const char *name, size_t len, cairn_handle_t h);
long svc_registry_lookup(cairn_handle_t registry, const char *name, size_t len,
			 cairn_handle_t *ret_handle);
long svc_registry_list(cairn_handle_t registry, const char *after, size_t after_len,
		       struct svc_registry_list_reply *ret);

#endif /* SVC_CLIENT_H */
