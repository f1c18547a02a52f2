/*
 * shell, the console's command line: reads lines over uartd, edits them
 * with libshell's line editor, parses them with libshell's command table
 * and runs each command by calling the service that knows the answer. The
 * table below is the whole programme: a command and the function that runs
 * it. The shell prints what a person needs and nothing for a proof: the
 * gate's shell profile judges the same output a person reads. Input is
 * waited for on a notification uartd signals (SUBSCRIBE), never by polling.
 *
 * Handles (manifest line in services/shell/README.md): [0] self,
 * [1] supervisor SEND, [2] registry SEND, [3] policy SEND, [4] log SEND,
 * [5] uart SEND, [6] blk SEND, [7] statefs SEND, [8] boot image (SPAWN,
 * READ, DUP).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "shell.h"
#include "shell_line.h"
#include "svc/client.h"

typedef long (*shell_command)(struct shell *sh, const struct shell_cmd *c);

static const shell_command shell_commands[] = {
	[SHELL_CMD_HELP] = cmd_help,	 [SHELL_CMD_PS] = cmd_ps,
	[SHELL_CMD_SVC] = cmd_svc,	 [SHELL_CMD_LOG] = cmd_log,
	[SHELL_CMD_CAPS] = cmd_caps,	 [SHELL_CMD_POLICY] = cmd_policy,
	[SHELL_CMD_BENCH] = cmd_bench,	 [SHELL_CMD_CRASH] = cmd_crash,
	[SHELL_CMD_UPTIME] = cmd_uptime, [SHELL_CMD_DISK] = cmd_disk,
	[SHELL_CMD_KV] = cmd_kv,	 [SHELL_CMD_RNG] = cmd_rng,
	[SHELL_CMD_KEY] = cmd_key,	 [SHELL_CMD_SHUTDOWN] = cmd_shutdown,
	[SHELL_CMD_DATE] = cmd_date,	 [SHELL_CMD_RUN] = cmd_run,
};

#define SHELL_PROMPT	   "cairn> "
#define SHELL_READ_MAX	   64u			   /* bytes taken from uartd per READ */
#define SHELL_IDLE_NS	   (5ull * CAIRN_NS_PER_S) /* re-subscribe, in case uartd restarted */
#define SHELL_EXIT_NO_UART 2			   /* uartd would not take the subscription */

static void shell_run_line(struct shell *sh, const char *text, size_t len)
{
	struct shell_cmd cmd;
	struct shell_msg err;
	shell_command run;

	if (shell_parse(text, len, &cmd, &err) != 0) {
		shell_printf(sh, "%s\n", err.text);
		return;
	}
	if (cmd.id == SHELL_CMD_NONE)
		return;
	run = (size_t)cmd.id < sizeof(shell_commands) / sizeof(shell_commands[0])
		      ? shell_commands[cmd.id]
		      : NULL;
	if (run == NULL) {
		(void)shell_fail(sh, "run", "command", ERR_NOTSUP);
		return;
	}
	(void)run(sh, &cmd); /* a command that fails has said why */
}

/* Feeds one typed byte to the editor; runs the line it completes. */
static void shell_take(struct shell *sh, struct shell_line *line, uint8_t byte)
{
	struct shell_echo echo;

	if (shell_line_feed(line, byte, &echo) != SHELL_LINE_DONE) {
		shell_put(sh, echo.bytes, echo.len);
		return;
	}
	/* the line shows whole before anything the command does */
	shell_put(sh, echo.bytes, echo.len);
	(void)shell_flush(sh);
	if (line->cut) /* never run a line whose end was dropped, as if it were whole */
		shell_printf(sh, "shell: line longer than %u bytes; not run\n", SHELL_LINE_MAX);
	else
		shell_run_line(sh, line->text, line->len);
	if (sh->stopping)
		return;
	shell_programs_reap(sh); /* a background program's end shows before the prompt */
	shell_put(sh, SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
}

/*
 * Sleeps until uartd signals input, or SHELL_IDLE_NS pass; then
 * subscribes again, which costs one call and lets a restarted uartd (which
 * knows no subscribers) learn of the shell.
 */
static void shell_wait_input(struct shell *sh)
{
	(void)shell_flush(sh);
	if (cairn_notification_wait(sh->notify, SHELL_IDLE_NS) == ERR_TIMEOUT)
		(void)shell_uart_subscribe(sh->handles[H_UART], sh->notify, SHELL_INPUT_BIT);
}

static _Noreturn void shell_loop(struct shell *sh)
{
	struct shell_line line;
	uint8_t in[SHELL_READ_MAX];

	shell_line_init(&line);
	for (;;) {
		uint32_t n = 0;

		/* read until nothing is left, then wait: bits set meanwhile stay set */
		if (shell_uart_read(sh->handles[H_UART], in, sizeof(in), &n) != 0 || n == 0) {
			shell_wait_input(sh);
			continue;
		}
		for (uint32_t i = 0; i < n && !sh->stopping; i++)
			shell_take(sh, &line, in[i]);
		(void)shell_flush(sh);
		while (sh->stopping) /* until init ends the shell */
			(void)cairn_notification_wait(sh->notify, CAIRN_WAIT_FOREVER);
	}
}

/* One line to logd, for what the console cannot be told. */
static void shell_log(const struct shell *sh, enum journal_level level, const char *text,
		      size_t len)
{
	(void)svc_log_write(sh->handles[H_LOG], level, text, len, NULL);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static const char no_uart[] = "shell: uartd refused the input subscription";
	static const char unready[] = "shell: supervisor did not take READY";
	static struct shell sh;
	long err;

	if (count < H_COUNT)
		return 1;
	sh.handles = handles;
	shell_jobs_init(&sh.jobs);
	err = cairn_notification_create(handles[H_SELF]);
	if (err >= 0) {
		sh.notify = (cairn_handle_t)err;
		err = shell_uart_subscribe(handles[H_UART], sh.notify, SHELL_INPUT_BIT);
	}
	if (err < 0) {
		shell_log(&sh, JOURNAL_ERROR, no_uart, sizeof(no_uart) - 1);
		return SHELL_EXIT_NO_UART;
	}
	/*
	 * The greeting and the first prompt are on the wire before READY: the
	 * programs init starts after the shell then cannot print into the middle
	 * of them (uartd writes the UART directly, the kernel through the
	 * firmware, and the two do not take turns).
	 */
	shell_printf(&sh, "\nCairn shell: type help for the commands\n");
	shell_put(&sh, SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
	(void)shell_flush(&sh);
	if (svc_ready(handles[H_SUPERVISOR]) != 0)
		shell_log(&sh, JOURNAL_WARN, unready, sizeof(unready) - 1);
	shell_loop(&sh);
}
