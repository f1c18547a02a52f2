/*
 * svc_call, svc_ready and the logd helpers of svc/client.h: encode into the
 * thread's IPC buffer, call, read the reply with the pure codecs.
 */
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
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
	const struct svc_supervisor_ready_request req = {0};
	struct svc_supervisor_ready_reply rep;

	return svc_supervisor_ready_call(supervisor, &req, &rep, SVC_CALL_TIMEOUT);
}

long svc_log_write(cairn_handle_t log, uint32_t level, const char *text, size_t len,
		   uint64_t *ret_seq)
{
	const struct svc_log_write_request req = {
		.level = level, .text = (const uint8_t *)text, .text_len = (uint32_t)len};
	struct svc_log_write_reply rep;
	long err = len > SVC_LOG_TEXT_MAX ? ERR_INVAL
					  : svc_log_write_call(log, &req, &rep, SVC_CALL_TIMEOUT);

	if (err == 0 && ret_seq != NULL)
		*ret_seq = rep.seq;
	return err;
}

long svc_log_tail(cairn_handle_t log, uint32_t max, uint64_t from, struct svc_log_tail_reply *ret)
{
	const struct svc_log_tail_request req = {.max = max, .from = from};

	return svc_log_tail_call(log, &req, ret, SVC_CALL_TIMEOUT);
}

void svc_log_say(cairn_handle_t log, uint32_t level, const char *who, const char *what, long err)
{
	char line[SVC_LOG_SAY_MAX + 1];
	int len = snprintf(line, sizeof(line), "%s: %s%s%s", who, what, err < 0 ? ": " : "",
			   err < 0 ? cairn_err_name(err) : "");

	if (len <= 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = (int)sizeof(line) - 1;
	(void)svc_log_write(log, level, line, (size_t)len, NULL);
}
