/*
 * samgrd's protocol: init registers each served endpoint under its name;
 * any service looks a name up and gets a handle to call it with; the shell
 * lists the names. This header owns the tags, the layouts, the bounds and
 * the pure codecs; the name table is libregistry's, the permission
 * policyd's.
 *
 * SVC_REGISTRY_REGISTER (from init, badge 1, only)
 *   request: w[0..2] 0; data: the name and a NUL; one handle: the endpoint,
 *            unbadged, copied with at least SVC_REGISTRY_GIVE_RIGHTS (samgrd
 *            mints from it, and the minted handle must travel).
 *   reply:   w[0] 0, ERR_INVAL, ERR_DENIED (not init), ERR_BUSY or ERR_NOSPC;
 *            when 0: w[1] 1 when it replaced an earlier registration.
 *
 * SVC_REGISTRY_LOOKUP (any caller; samgrd asks policyd about (caller, lookup, name))
 *   request: w[0..2] 0; data: the name and a NUL; no handles.
 *   reply:   w[0] 0, ERR_INVAL, ERR_NOTFOUND, ERR_DENIED (policy said no) or
 *            the error of asking policyd or minting; when 0: one handle, the
 *            endpoint with RIGHT_SEND only and the *caller's* badge, so the
 *            server it leads to sees the caller's own identity.
 *
 * SVC_REGISTRY_LIST (any caller; samgrd asks policyd about (caller, list, no name))
 *   request: w[0..2] 0; data: empty to start at the first name, or the last
 *            name of the previous page and a NUL; no handles.
 *   reply:   w[0] 0, ERR_INVAL or ERR_DENIED; when 0: w[1] the number of
 *            names (0..SVC_REGISTRY_LIST_MAX), w[2] 1 when the page is full
 *            (ask again after its last name), else 0; data: the names in
 *            order, each with its NUL.
 */
#ifndef SVC_REGISTRY_H
#define SVC_REGISTRY_H

#include <stdint.h>

#include "cairn/abi/rights.h"
#include "svc/msg.h"

enum svc_registry_tag {
	SVC_REGISTRY_REGISTER = 0x0301,
	SVC_REGISTRY_LOOKUP = 0x0302,
	SVC_REGISTRY_LIST = 0x0303,
};

/* Rights a registered handle must arrive with. */
#define SVC_REGISTRY_GIVE_RIGHTS (RIGHT_SEND | RIGHT_MINT | RIGHT_TRANSFER | RIGHT_DUP)
/* Names one LIST reply carries at most (each takes up to SVC_NAME_WIRE_MAX bytes). */
#define SVC_REGISTRY_LIST_MAX (CAIRN_IPC_DATA_MAX / SVC_NAME_WIRE_MAX)

struct svc_registry_register {
	struct svc_name name;
	cairn_handle_t handle; /* the endpoint as it arrived in samgrd's table */
};

/* Server side. Each decoder is 0 and *ret set, or ERR_INVAL and *ret untouched. */
int svc_registry_register_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				 struct svc_registry_register *ret);
int svc_registry_lookup_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			       struct svc_name *ret);
/* ret->len is 0 for "from the first name". */
int svc_registry_list_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			     struct svc_name *ret);

/* The LOOKUP reply: status 0 and `h` copied with RIGHT_SEND only. */
void svc_registry_lookup_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf, cairn_handle_t h);

/*
 * The LIST reply for names[0..count) (NUL-terminated, valid, count at most
 * SVC_REGISTRY_LIST_MAX); `full` says whether the page was full. ERR_INVAL
 * (and m that status as a reply) for a count or name out of bounds.
 */
int svc_registry_list_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			    const char (*names)[SVCNAME_MAX + 1], uint32_t count, bool full);

/* Client side: requests ready to send. ERR_INVAL for a name the rule refuses or handle 0. */
int svc_registry_register_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
				 size_t len, cairn_handle_t h);
int svc_registry_lookup_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *name,
			       size_t len);
/* after_len 0: from the first name. */
int svc_registry_list_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const char *after,
			     size_t after_len);

/*
 * Reads a LOOKUP reply: its status when not 0, else the received handle in
 * *ret_handle. ERR_INVAL for a 0-status reply without exactly one handle
 * with RIGHT_SEND, or with data.
 */
int svc_registry_lookup_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				     cairn_handle_t *ret_handle);

/* A LIST reply as the client reads it. */
struct svc_registry_page {
	struct svc_name names[SVC_REGISTRY_LIST_MAX];
	uint32_t count;
	bool full;
};

/*
 * Reads a LIST reply: its status when not 0, else the names. ERR_INVAL when
 * w[1] disagrees with the data, a name is malformed or out of order, or the
 * reply has handles.
 */
int svc_registry_list_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
				   struct svc_registry_page *ret);

#endif /* SVC_REGISTRY_H */
