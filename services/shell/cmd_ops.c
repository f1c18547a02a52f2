/*
 * The commands that act, and the clocks': bench, crash, uptime, date and shutdown. Each prints
 * what happened, or one line saying why it could not, and returns 0 or that
 * error.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "rtc.h"
#include "shell.h"
#include "svc/client.h"
#include "svc/rtc.h"

/*
 * bench's request: a tag in samgrd's block that no route serves, which
 * samgrd's receive loop answers ERR_NOTSUP without running any handler; so
 * a round trip is the call, the kernel's two switches and the loop itself.
 */
#define SHELL_BENCH_TAG 0x03ffu

#define SHELL_CRASH_POLL_MS    50u
#define SHELL_CRASH_WAIT_POLLS 100u /* 5 s for a killed service to run again */

/* The system clock now, in nanoseconds, into *ret_ns; 0 or the call's error. */
static long clock_now(uint64_t *ret_ns)
{
	struct cairn_clock clock = {0};
	long err = cairn_clock_read(&clock);

	if (err == 0)
		*ret_ns = clock.now_ns;
	return err;
}

/* One round trip; 0 only when samgrd's loop answered it as expected. */
static long bench_ping(cairn_handle_t ep)
{
	struct cairn_msg m = cairn_msg_words(SHELL_BENCH_TAG, 0, 0, 0);
	long err = cairn_ipc_call(ep, &m, SVC_CALL_TIMEOUT);
	struct svc_msg reply;

	if (err != 0)
		return err;
	reply = svc_msg_of(&m);
	return svc_reply_check(&reply, SHELL_BENCH_TAG) == ERR_NOTSUP ? 0 : ERR_INVAL;
}

/*
 * bench [N]: N round trips to samgrd, each answered; prints the wall time
 * they took by the system clock, in all and per round trip. Under QEMU the
 * clock follows the host's, or with -icount one nanosecond per instruction.
 */
long cmd_bench(struct shell *sh, const struct shell_cmd *c)
{
	cairn_handle_t ep = sh->handles[H_REGISTRY];
	uint64_t start = 0;
	uint64_t end = 0;
	long err = bench_ping(ep); /* warm-up, and a check that the server answers */

	if (c->count == 0)
		return shell_fail(sh, "bench", "N", ERR_RANGE);
	if (err != 0)
		return shell_fail(sh, "bench", "samgrd", err);
	if ((err = clock_now(&start)) != 0)
		return shell_fail(sh, "bench", "clock", err);
	for (uint32_t i = 0; i < c->count; i++) {
		if ((err = bench_ping(ep)) != 0)
			return shell_fail(sh, "bench", "samgrd", err);
	}
	if ((err = clock_now(&end)) != 0)
		return shell_fail(sh, "bench", "clock", err);
	shell_printf(sh, "bench: %u round trips to samgrd in %lu us, %lu ns each (wall clock)\n",
		     c->count, (unsigned long)((end - start) / CAIRN_NS_PER_US),
		     (unsigned long)((end - start) / c->count));
	return 0;
}

/* Prints ns as seconds with nine decimals. */
static void put_seconds(struct shell *sh, uint64_t ns)
{
	shell_printf(sh, "%lu.%09lu s", (unsigned long)(ns / CAIRN_NS_PER_S),
		     (unsigned long)(ns % CAIRN_NS_PER_S));
}

/*
 * uptime: the clock since reset, when the kernel started, and the harts'
 * time since then, busy and idle. Under QEMU's -icount shift=0 a busy
 * nanosecond is one instruction, so on one hart `busy` counts the
 * instructions retired since the kernel started.
 */
long cmd_uptime(struct shell *sh, const struct shell_cmd *c)
{
	struct cairn_clock clock = {0};
	long err = cairn_clock_read(&clock);
	uint64_t hart_ns;

	(void)c;
	if (err != 0)
		return shell_fail(sh, "uptime", "clock", err);
	hart_ns = (clock.now_ns - clock.boot_ns) * clock.harts;
	shell_printf(sh, "uptime: ");
	put_seconds(sh, clock.now_ns);
	shell_printf(sh, " since reset, the kernel from ");
	put_seconds(sh, clock.boot_ns);
	shell_printf(sh, "; %u hart%s busy ", clock.harts, clock.harts == 1 ? "" : "s");
	put_seconds(sh, hart_ns > clock.idle_ns ? hart_ns - clock.idle_ns : 0);
	shell_printf(sh, ", idle ");
	put_seconds(sh, clock.idle_ns);
	shell_printf(sh, "\n");
	return 0;
}

/*
 * date: the time of day, asked of rtcd (looked up in the registry as `rtc`
 * on first use and kept), as librtc writes it: "Fri 2026-12-04 13:05:09 UTC".
 */
long cmd_date(struct shell *sh, const struct shell_cmd *c)
{
	const struct svc_rtc_now_request req = {0};
	struct svc_rtc_now_reply rep = {0};
	char text[RTC_TEXT_LEN + 1];
	struct rtc_date date;
	long err = 0;

	(void)c;
	if (sh->rtc_ep == CAIRN_HANDLE_INVALID)
		err = svc_registry_lookup(sh->handles[H_REGISTRY], "rtc", 3, &sh->rtc_ep);
	if (err != 0)
		return shell_fail(sh, "date", "lookup", err);
	if ((err = svc_rtc_now_call(sh->rtc_ep, &req, &rep, SVC_CALL_TIMEOUT)) != 0)
		return shell_fail(sh, "date", "rtcd", err);
	rtc_to_date(rep.ns, &date);
	if ((err = rtc_format(&date, text, sizeof(text))) != 0)
		return shell_fail(sh, "date", "format", err);
	shell_printf(sh, "%s\n", text);
	return 0;
}

/* Waits for service `index` to run again, restarted since `before`; *ret_now as it runs. */
static long crash_await(struct shell *sh, uint32_t index,
			const struct svc_supervisor_list_reply *before,
			struct svc_supervisor_list_reply *ret_now, uint32_t *ret_polls)
{
	struct svc_supervisor_list_reply e;

	for (uint32_t poll = 1; poll <= SHELL_CRASH_WAIT_POLLS; poll++) {
		shell_sleep(sh, SHELL_CRASH_POLL_MS * CAIRN_NS_PER_MS);
		if (shell_sup_list(sh->handles[H_SUPERVISOR], index, &e) != 0)
			continue;
		if (e.state == SUPERVISOR_RUNNING && e.restarts > before->restarts &&
		    e.pid != before->pid) {
			*ret_now = e;
			*ret_polls = poll;
			return 0;
		}
	}
	return ERR_TIMEOUT;
}

/* crash NAME: init kills the service; it must be running again, restarted, within 5 s. */
long cmd_crash(struct shell *sh, const struct shell_cmd *c)
{
	const char *name = c->words[0];
	cairn_handle_t sup = sh->handles[H_SUPERVISOR];
	struct svc_supervisor_list_reply before;
	struct svc_supervisor_list_reply now;
	uint32_t index = 0;
	uint32_t polls = 0;
	long err = shell_sup_find(sup, name, &index, &before);

	if (err != 0)
		return shell_fail(sh, "crash", name, err);
	if ((err = shell_sup_kill(sup, name)) != 0)
		return shell_fail(sh, "crash", "kill", err);
	shell_printf(sh, "crash: %s killed (pid %lu)\n", name, (unsigned long)before.pid);
	(void)shell_flush(sh);
	if ((err = crash_await(sh, index, &before, &now, &polls)) != 0)
		return shell_fail(sh, "crash", "not running again", err);
	shell_printf(sh, "crash: %s running again within %u ms as pid %lu, restarts %u\n", name,
		     polls * SHELL_CRASH_POLL_MS, (unsigned long)now.pid, now.restarts);
	return 0;
}

/*
 * shutdown: ends the programs `run` started, which would outlive the shell,
 * then says it asks init before it does, since init ends this shell as soon
 * as it accepts.
 */
long cmd_shutdown(struct shell *sh, const struct shell_cmd *c)
{
	long err;

	(void)c;
	shell_programs_end(sh);
	shell_printf(sh, "shutdown: asking init to stop the services\n");
	(void)shell_flush(sh);
	err = shell_sup_shutdown(sh->handles[H_SUPERVISOR]);
	if (err != 0)
		return shell_fail(sh, "shutdown", "init", err);
	sh->stopping = true;
	return 0;
}
