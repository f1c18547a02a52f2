/*
 * svc_serve (svc/server.h): the receive, dispatch, reply loop of every
 * service. Replies and receives in one call, except after a handler that
 * asked for a handle to be closed once its reply is sent.
 */
#include "svc/server.h"

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "svc/client.h"

static const struct svc_route *find_route(const struct svc_route *routes, size_t count,
					  uint32_t tag)
{
	for (size_t i = 0; i < count; i++)
		if (routes[i].tag == tag)
			return &routes[i];
	return NULL;
}

/* Fills x from a message just received: registers, buffer, the handles it carried. */
static void begin_exchange(struct svc_exchange *x, const struct cairn_msg *m,
			   struct cairn_ipc_buffer *buf)
{
	x->in = svc_msg_of(m);
	x->buf = buf;
	x->nhandles = cairn_ipc_hcount(m->info);
	if (x->nhandles > CAIRN_IPC_HANDLES_MAX)
		x->nhandles = CAIRN_IPC_HANDLES_MAX;
	for (uint32_t i = 0; i < x->nhandles; i++)
		x->handles[i] = buf->handles[i].handle;
	svc_reply_status(&x->out, cairn_ipc_tag(m->info), ERR_NOTSUP);
	x->close_after = CAIRN_HANDLE_INVALID;
}

/* A failed request keeps nothing it was sent. */
static void drop_handles_on_error(const struct svc_exchange *x)
{
	if (svc_reply_check(&x->out, cairn_ipc_tag(x->out.info)) == 0)
		return;
	for (uint32_t i = 0; i < x->nhandles; i++)
		cairn_handle_close(x->handles[i]);
}

long svc_serve(cairn_handle_t ep, const struct svc_route *routes, size_t count, void *ctx)
{
	struct cairn_ipc_buffer *buf = cairn_ipc_buffer();
	struct cairn_msg m = {0};
	long err = cairn_ipc_recv(ep, &m, CAIRN_WAIT_FOREVER);

	while (err == 0) {
		struct svc_exchange x;
		const struct svc_route *r;

		begin_exchange(&x, &m, buf);
		r = find_route(routes, count, cairn_ipc_tag(m.info));
		if (r != NULL)
			r->handle(ctx, &x);
		drop_handles_on_error(&x);
		m = svc_msg_to_cairn(&x.out);
		if (x.close_after == CAIRN_HANDLE_INVALID) {
			err = cairn_ipc_reply_recv(ep, &m, CAIRN_WAIT_FOREVER);
			continue;
		}
		(void)cairn_ipc_reply(&m); /* a caller gone by now is no error of ours */
		cairn_handle_close(x.close_after);
		err = cairn_ipc_recv(ep, &m, CAIRN_WAIT_FOREVER);
	}
	return err;
}
