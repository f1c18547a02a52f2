/*
 * init's supervisor protocol on the wire (svc/supervisor.h): decoding the
 * four requests, the LIST reply both ways, and the clients' encoders. Pure.
 * The crash line and the state names are in supervisor_report.c.
 */
#include "svc/supervisor.h"

#include "cairn/abi/errors.h"

#define LIST_STATE_MASK	    0xffull
#define LIST_RESTARTS_SHIFT 32u
#define LIST_RESERVED_BITS  0xffffff00ull /* bits 8..31 of w[1] */

/* One request's layout; `name` says whether its data is a service name. */
struct request_form {
	struct svc_shape shape;
	bool name;
};

static const struct request_form request_forms[] = {
	{{.tag = SUPERVISOR_READY}, false},
	{{.tag = SUPERVISOR_LIST, .words = 1}, false},
	{{.tag = SUPERVISOR_KILL, .len_min = 2, .len_max = SVC_NAME_WIRE_MAX}, true},
	{{.tag = SUPERVISOR_SHUTDOWN}, false},
};

static const struct request_form *find_form(uint32_t tag)
{
	for (size_t i = 0; i < sizeof(request_forms) / sizeof(request_forms[0]); i++) {
		if (request_forms[i].shape.tag == tag)
			return &request_forms[i];
	}
	return NULL;
}

int supervisor_request_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct supervisor_request *ret)
{
	const struct request_form *form = find_form(cairn_ipc_tag(m->info));
	struct supervisor_request req = {.badge = m->badge};

	if (form == NULL)
		return ERR_NOTSUP;
	if (svc_shape_check(m, &form->shape) != 0)
		return ERR_INVAL;
	if (form->shape.tag == SUPERVISOR_LIST && m->w[0] > UINT32_MAX)
		return ERR_INVAL;
	if (form->name && svc_name_decode(buf->data, cairn_ipc_len(m->info), false, &req.name) != 0)
		return ERR_INVAL;
	req.tag = form->shape.tag;
	req.index = (uint32_t)m->w[0];
	*ret = req;
	return 0;
}

int supervisor_list_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			  const struct supervisor_entry *e)
{
	int len;

	if (e->state >= SUPERVISOR_STATES)
		len = ERR_INVAL;
	else
		len = svc_name_encode(buf->data, e->name.str, e->name.len, false);
	if (len < 0) {
		svc_reply_status(m, SUPERVISOR_LIST, ERR_INVAL);
		return ERR_INVAL;
	}
	svc_reply_status(m, SUPERVISOR_LIST, 0);
	m->info = cairn_ipc_info(SUPERVISOR_LIST, (uint32_t)len, 0);
	m->w[1] = (uint64_t)e->state | ((uint64_t)e->restarts << LIST_RESTARTS_SHIFT);
	m->w[2] = e->pid;
	return 0;
}

void supervisor_ready_encode(struct svc_msg *m)
{
	*m = (struct svc_msg){.info = cairn_ipc_info(SUPERVISOR_READY, 0, 0)};
}

void supervisor_list_encode(struct svc_msg *m, uint32_t index)
{
	*m = (struct svc_msg){.info = cairn_ipc_info(SUPERVISOR_LIST, 0, 0), .w = {index, 0, 0}};
}

int supervisor_kill_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
			   size_t len)
{
	int wire = svc_name_encode(buf->data, name, len, false);

	if (wire < 0)
		return ERR_INVAL;
	*m = (struct svc_msg){.info = cairn_ipc_info(SUPERVISOR_KILL, (uint32_t)wire, 0)};
	return 0;
}

void supervisor_shutdown_encode(struct svc_msg *m)
{
	*m = (struct svc_msg){.info = cairn_ipc_info(SUPERVISOR_SHUTDOWN, 0, 0)};
}

int supervisor_list_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				 struct supervisor_entry *ret)
{
	const struct svc_shape shape = {
		.tag = SUPERVISOR_LIST, .len_min = 2, .len_max = SVC_NAME_WIRE_MAX, .words = 3};
	struct supervisor_entry e;
	int status = svc_reply_check(m, SUPERVISOR_LIST);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 || (m->w[1] & LIST_RESERVED_BITS) != 0 ||
	    (m->w[1] & LIST_STATE_MASK) >= SUPERVISOR_STATES)
		return ERR_INVAL;
	if (svc_name_decode(buf->data, cairn_ipc_len(m->info), false, &e.name) != 0)
		return ERR_INVAL;
	e.state = (uint32_t)(m->w[1] & LIST_STATE_MASK);
	e.restarts = (uint32_t)(m->w[1] >> LIST_RESTARTS_SHIFT);
	e.pid = m->w[2];
	*ret = e;
	return 0;
}
