/*
 * The receive loop every service of libsvc's protocols runs (libsvcclient,
 * user programs only). A service lists its protocol as a table of
 * {tag, handler}; svc_serve receives each message, finds the handler for
 * its tag, and replies with what the handler put in the exchange.
 *
 * Contract of a handler: it decodes x->in (and the data and handles in
 * x->buf) with the protocol's pure decoder, does its one piece of work and
 * leaves the reply in x->out (data and handles in x->buf, which the request
 * shares: decode first). A reply with a non-zero status never keeps a
 * received handle: the loop closes them all. A successful handler owns the
 * handles it was sent (x->handles). x->close_after, when set, is closed once
 * the reply has gone (a handle copied to the caller that the service does
 * not keep).
 */
#ifndef SVC_SERVER_H
#define SVC_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/rights.h"
#include "svc/msg.h"

struct svc_exchange {
	struct svc_msg in;	      /* the request's registers, with the caller's badge */
	struct cairn_ipc_buffer *buf; /* request data and handles in; reply's out */
	cairn_handle_t handles[CAIRN_IPC_HANDLES_MAX]; /* the handles received */
	uint32_t nhandles;
	struct svc_msg out;	    /* the reply; svc_serve starts it as ERR_NOTSUP */
	cairn_handle_t close_after; /* closed after the reply, or CAIRN_HANDLE_INVALID */
};

struct svc_route {
	uint32_t tag;
	void (*handle)(void *ctx, struct svc_exchange *x);
};

/*
 * Serves ep (a handle with RIGHT_RECV) for ever with routes[0..count),
 * passing ctx to every handler; a tag with no route is answered
 * ERR_NOTSUP. Returns only when receiving fails, with that error.
 */
long svc_serve(cairn_handle_t ep, const struct svc_route *routes, size_t count, void *ctx);

#endif /* SVC_SERVER_H */
