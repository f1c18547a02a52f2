/*
 * The commands that act: bench, crash and shutdown. Each prints what
 * happened, or one line saying why it could not, and returns 0 or that
 * error.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "shell.h"
#include "svc/client.h"

/*
 * bench's request: a tag in samgrd's block that no route serves, which
 * samgrd's receive loop answers ERR_NOTSUP without running any handler; so
 * a round trip is the call, the kernel's two switches and the loop itself.
 */
#define SHELL_BENCH_TAG 0x03ffu

#define SHELL_TICKS_PER_MS     10000ull /* timebase ticks (10 MHz) */
#define SHELL_CRASH_POLL_MS    50u
#define SHELL_CRASH_WAIT_POLLS 100u /* 5 s for a killed service to run again */

static uint64_t instret(void)
{
	uint64_t n;

	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
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
 * bench [N]: N round trips to samgrd, each answered; prints the
 * instructions retired per round trip on the shell's hart (the kernel's and,
 * on one hart, samgrd's included), from the instret counter.
 */
long cmd_bench(struct shell *sh, const struct shell_cmd *c)
{
	cairn_handle_t ep = sh->handles[H_REGISTRY];
	uint64_t start;
	uint64_t spent;
	long err = bench_ping(ep); /* warm-up, and a check that the server answers */

	if (c->count == 0)
		return shell_fail(sh, "bench", "N", ERR_RANGE);
	if (err != 0)
		return shell_fail(sh, "bench", "samgrd", err);
	start = instret();
	for (uint32_t i = 0; i < c->count; i++) {
		if ((err = bench_ping(ep)) != 0)
			return shell_fail(sh, "bench", "samgrd", err);
	}
	spent = instret() - start;
	shell_printf(sh, "bench: %u round trips to samgrd, %lu instructions each\n", c->count,
		     (unsigned long)(spent / c->count));
	return 0;
}

/* Waits for service `index` to run again, restarted since `before`; *ret_now as it runs. */
static long crash_await(struct shell *sh, uint32_t index, const struct supervisor_entry *before,
			struct supervisor_entry *ret_now, uint32_t *ret_polls)
{
	struct supervisor_entry e;

	for (uint32_t poll = 1; poll <= SHELL_CRASH_WAIT_POLLS; poll++) {
		shell_sleep(sh, SHELL_CRASH_POLL_MS * SHELL_TICKS_PER_MS);
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
	struct supervisor_entry before;
	struct supervisor_entry now;
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

/* shutdown: says so first, since init ends this shell as soon as it accepts. */
long cmd_shutdown(struct shell *sh, const struct shell_cmd *c)
{
	long err;

	(void)c;
	shell_printf(sh, "shutdown: asking init to stop the services\n");
	(void)shell_flush(sh);
	err = shell_sup_shutdown(sh->handles[H_SUPERVISOR]);
	if (err != 0)
		return shell_fail(sh, "shutdown", "init", err);
	sh->stopping = true;
	return 0;
}
