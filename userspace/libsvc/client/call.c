/*
 * svc_call, svc_ready and the logd helpers of svc/client.h: encode into the
 * thread's IPC buffer, call, read the reply with the pure codecs.
 */
#include "cairn/abi/errors.h"
#include "svc/client.h"
#include "svc/supervisor.h"

long svc_call_timeout(cairn_handle_t ep, struct svc_msg *m, uint64_t timeout_ns)
{
	struct cairn_msg c = svc_msg_to_cairn(m);
	long err = cairn_ipc_call(ep, &c, timeout_ns);

	if (err == 0)
		*m = svc_msg_of(&c);
	return err;
}

long svc_call(cairn_handle_t ep, struct svc_msg *m)
{
	return svc_call_timeout(ep, m, SVC_CALL_TIMEOUT);
}

long svc_ready(cairn_handle_t supervisor)
{
	struct svc_msg m = {.info = cairn_ipc_info(SUPERVISOR_READY, 0, 0)};
	long err = svc_call(supervisor, &m);

	return err != 0 ? err : svc_reply_check(&m, SUPERVISOR_READY);
}

long svc_log_write(cairn_handle_t log, uint32_t level, const char *text, size_t len,
		   uint64_t *ret_seq)
{
	struct svc_msg m;
	long err = svc_log_write_encode(&m, cairn_ipc_buffer(), level, text, len);
	const struct svc_shape reply = {.tag = SVC_LOG_WRITE, .words = 2};

	if (err == 0)
		err = svc_call(log, &m);
	if (err == 0)
		err = svc_reply_check(&m, SVC_LOG_WRITE);
	if (err == 0 && svc_shape_check(&m, &reply) != 0)
		err = ERR_INVAL;
	if (err == 0 && ret_seq != NULL)
		*ret_seq = m.w[1];
	return err;
}

long svc_log_tail(cairn_handle_t log, uint32_t max, uint64_t from, struct svc_log_lines *ret)
{
	struct svc_msg m;
	long err = svc_log_tail_encode(&m, max, from);

	if (err == 0)
		err = svc_call(log, &m);
	if (err == 0)
		err = svc_log_tail_reply_decode(&m, cairn_ipc_buffer(), ret);
	return err;
}
