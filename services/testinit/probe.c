/*
 * The helpers of probe.h: test programs started, heard and reaped with a
 * time limit each, so a broken kernel fails a proof instead of hanging it;
 * logd's newest records searched for a line; and a program run to its end
 * (testinit.h).
 */
#include "probe.h"

#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/sys.h"
#include "svc/client.h"
#include "testinit.h"

#define PROBE_LOG_PAGES 16u /* TAIL replies read at most while looking for a line */

/* Spawns test program `name` at the default priority: its process handle, or the error. */
static long spawn_test_program(const struct init_ctx *c, const char *name,
			       const cairn_handle_t *handles, uint32_t n, uint32_t self_rights)
{
	struct cairn_spawn_req req = {
		.name = name,
		.handles = handles,
		.handle_count = n,
		.self_rights = self_rights,
		.priority = CAIRN_PRIORITY_DEFAULT,
	};

	return cairn_spawn(c->image, &req);
}

long probe_spawn(const struct init_ctx *c, const char *name, const cairn_handle_t *handles,
		 uint32_t n, uint32_t self_rights)
{
	long proc = spawn_test_program(c, name, handles, n, self_rights);

	if (proc < 0)
		(void)init_fail(c, "spawn %s: %s", name, cairn_err_name(proc));
	return proc;
}

int probe_report(const struct init_ctx *c, cairn_handle_t ep, struct cairn_msg *ret)
{
	struct cairn_msg m = {0};
	struct cairn_msg ack = cairn_msg_words(SUPERVISOR_PROBE, 0, 0, 0);
	long rc = cairn_ipc_recv(ep, &m, TESTINIT_PROBE_WAIT);

	if (rc != 0)
		return init_fail(c, "no report from the test program: %s", cairn_err_name(rc));
	if (m.info != cairn_ipc_info(SUPERVISOR_PROBE, 0, 0))
		ack.w[0] = (uint64_t)(int64_t)ERR_INVAL;
	(void)cairn_ipc_reply(&ack);
	if (ack.w[0] != 0)
		return init_fail(c, "test program sent info 0x%lx, want a report of words",
				 (unsigned long)m.info);
	*ret = m;
	return 0;
}

int probe_end(const struct init_ctx *c, cairn_handle_t proc, long want)
{
	long status = cairn_process_wait(proc, TESTINIT_PROBE_WAIT);

	if (status == ERR_TIMEOUT) {
		(void)cairn_process_kill(proc);
		(void)cairn_process_wait(proc, CAIRN_WAIT_FOREVER);
	}
	(void)cairn_handle_close(proc);
	if (status == want)
		return 0;
	if (status == ERR_TIMEOUT)
		return init_fail(c, "test program still ran after its time; want status 0x%lx",
				 (unsigned long)want);
	return init_fail(c, "test program ended with status 0x%lx, want 0x%lx",
			 (unsigned long)status, (unsigned long)want);
}

/* Whether text[0..len) holds needle. */
static bool holds(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t at = 0; at + n <= len; at++) {
		if (memcmp(text + at, needle, n) == 0)
			return true;
	}
	return false;
}

int probe_log_contains(struct init_ctx *c, const char *needle)
{
	cairn_handle_t log = c->graph->send[MANIFEST_H_LOG];
	uint64_t from = SVC_LOG_SEQ_NEWEST;

	for (uint32_t page = 0; page < PROBE_LOG_PAGES; page++) {
		struct svc_log_tail_reply lines;
		long rc = svc_log_tail(log, SVC_LOG_TAIL_MAX, from, &lines);

		if (rc != 0)
			return init_fail(c, "reading logd: %s", cairn_err_name(rc));
		if (holds(lines.lines, lines.lines_len, needle))
			return 0;
		if (lines.lines_len == 0)
			break;
		from = lines.next;
	}
	return init_fail(c, "logd's newest records lack '%s'", needle);
}

long testinit_run_to_end(const struct init_ctx *c, const char *name, const cairn_handle_t *handles,
			 uint32_t count, uint32_t self_rights)
{
	long proc = spawn_test_program(c, name, handles, count, self_rights);
	long status;

	if (proc < 0)
		return proc;
	status = cairn_process_wait((cairn_handle_t)proc, CAIRN_WAIT_FOREVER);
	(void)cairn_handle_close((cairn_handle_t)proc);
	return status;
}
