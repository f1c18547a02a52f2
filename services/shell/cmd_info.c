/*
 * The commands that look: help, caps, svc, log, ps, policy and disk. Each prints
 * what it found, or one line saying why it could not, and returns 0 or
 * that error.
 */
#include <stdbool.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/ipc.h"
#include "cairn/sys.h"
#include "policy.h"
#include "shell.h"
#include "shell_caps.h"
#include "supervise_report.h"
#include "svc/blk.h"
#include "svc/client.h"

/* help: every line of the command table. */
long cmd_help(struct shell *sh, const struct shell_cmd *c)
{
	char line[SHELL_HELP_LINE_MAX + 1];
	size_t len;
	unsigned i = 0;

	(void)c;
	while (shell_help_line(i, line, sizeof(line), &len) == 0) {
		shell_put(sh, line, len);
		shell_put(sh, "\n", 1);
		i++;
	}
	return 0;
}

/* What the shell calls each handle it was given. */
static const char *const shell_slots[H_COUNT] = {
	[H_SELF] = "self",
	[H_SUPERVISOR] = "supervisor",
	[H_REGISTRY] = "registry",
	[H_POLICY] = "policy",
	[H_LOG] = "log",
	[H_UART] = "uart",
	[H_BLK] = "blk",
	[H_STATEFS] = "statefs",
	[H_BOOTIMAGE] = "bootimage",
};

/* Prints h's line: its label, value, kind and rights, as the kernel reports them. */
static long caps_one(struct shell *sh, cairn_handle_t h, const char *label)
{
	struct cairn_handle_info info = {0};
	char line[SHELL_CAPS_LINE_MAX + 1];
	size_t len;
	long err = cairn_handle_query(h, &info);

	if (err != 0)
		return shell_fail(sh, "caps", label, err);
	if (shell_caps_line(label, h, info.kind, info.rights, line, sizeof(line), &len) == 0) {
		shell_put(sh, line, len);
		shell_put(sh, "\n", 1);
	}
	return 0;
}

/*
 * caps: every handle the shell holds, the notification it made for its
 * input and, once kv made it, kv's window.
 */
long cmd_caps(struct shell *sh, const struct shell_cmd *c)
{
	long err = 0;

	(void)c;
	for (uint32_t i = 0; i <= H_COUNT; i++) {
		bool input = i == H_COUNT;
		long e = caps_one(sh, input ? sh->notify : sh->handles[i],
				  input ? "input" : shell_slots[i]);

		if (err == 0)
			err = e;
	}
	if (sh->kv_window != NULL) {
		long e = caps_one(sh, sh->kv_vmo, "kv-window");

		if (err == 0)
			err = e;
	}
	return err;
}

/* svc: every name samgrd lists, page by page, and how many. */
long cmd_svc(struct shell *sh, const struct shell_cmd *c)
{
	static struct svc_registry_list_reply page;
	char after[SVCNAME_MAX + 1] = "";
	uint32_t names = 0;

	(void)c;
	do {
		long err = svc_registry_list(sh->handles[H_REGISTRY], after, strlen(after), &page);

		if (err != 0)
			return shell_fail(sh, "svc", "samgrd", err);
		for (uint32_t i = 0; i < page.count; i++)
			shell_printf(sh, "  %s\n", page.names[i].str);
		names += page.count;
		if (page.count > 0)
			memcpy(after, page.names[page.count - 1].str,
			       page.names[page.count - 1].len + 1);
	} while (page.full && page.count > 0);
	shell_printf(sh, "%u names\n", names);
	return 0;
}

/* The sequence number after the newest record, from a TAIL of one. */
static long log_end(cairn_handle_t log, uint64_t *ret_end)
{
	struct svc_log_tail_reply lines;
	long err = svc_log_tail(log, 1, SVC_LOG_SEQ_NEWEST, &lines);

	if (err == 0)
		*ret_end = lines.next;
	return err;
}

/* log [N]: the last N journal lines, oldest first. */
long cmd_log(struct shell *sh, const struct shell_cmd *c)
{
	cairn_handle_t log = sh->handles[H_LOG];
	char text[CAIRN_IPC_DATA_MAX];
	uint64_t end = 0;
	uint64_t from;
	long err = log_end(log, &end);

	if (err != 0)
		return shell_fail(sh, "log", "logd", err);
	from = end > c->count ? end - c->count : 0;
	while (from < end) {
		struct svc_log_tail_reply lines;

		err = svc_log_tail(log, SVC_LOG_TAIL_MAX, from, &lines);
		if (err != 0)
			return shell_fail(sh, "log", "logd", err);
		if (lines.lost > 0)
			shell_printf(sh, "(%lu records lost)\n", (unsigned long)lines.lost);
		if (lines.lines_len == 0 || lines.next <= from)
			break;
		/* the text is in the IPC buffer, which writing it out to uartd reuses */
		memcpy(text, lines.lines, lines.lines_len);
		shell_put(sh, text, lines.lines_len);
		from = lines.next;
	}
	return 0;
}

/*
 * ps: every service init supervises, in manifest order, then the programs
 * the shell started (`run`), in start order; a background one that ended
 * since the last prompt is reported first.
 */
long cmd_ps(struct shell *sh, const struct shell_cmd *c)
{
	struct svc_supervisor_list_reply e;
	uint32_t i = 0;
	long err;

	(void)c;
	shell_programs_reap(sh);
	shell_printf(sh, "  #  %-12s %-9s restarts  pid\n", "service", "state");
	while ((err = shell_sup_list(sh->handles[H_SUPERVISOR], i, &e)) == 0) {
		const char *state = supervisor_state_name(e.state);

		shell_printf(sh, "%3u  %-12s %-9s %8u  %lu\n", i, e.name.str,
			     state != NULL ? state : "?", e.restarts, (unsigned long)e.pid);
		i++;
	}
	if (err != ERR_NOTFOUND)
		(void)shell_fail(sh, "ps", "init", err);
	shell_programs_ps(sh);
	return err == ERR_NOTFOUND ? 0 : err;
}

/* DECIDE asks about the registry's actions only, lookup to list (svc/policy.h). */
static long action_number(const char *word, uint32_t *ret_action)
{
	for (uint32_t a = 0; a <= POLICY_LIST; a++) {
		const char *name = policy_action_name(a);

		if (name != NULL && strcmp(name, word) == 0) {
			*ret_action = a;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

/* policy SUBJECT ACTION OBJECT: policyd's decision; OBJECT "-" for none (`list`). */
long cmd_policy(struct shell *sh, const struct shell_cmd *c)
{
	const char *object = strcmp(c->words[2], "-") == 0 ? "" : c->words[2];
	uint64_t badge = 0;
	uint32_t action = 0;
	bool allow = false;
	long err = shell_sup_badge(sh->handles[H_SUPERVISOR], c->words[0], &badge);

	if (err != 0)
		return shell_fail(sh, "policy", c->words[0], err);
	if ((err = action_number(c->words[1], &action)) != 0)
		return shell_fail(sh, "policy", c->words[1], err);
	err = svc_policy_decide(sh->handles[H_POLICY], badge, action, object, strlen(object),
				&allow);
	if (err != 0)
		return shell_fail(sh, "policy", "policyd", err);
	shell_printf(sh, "%s %s %s: %s\n", c->words[0], c->words[1], c->words[2],
		     allow ? "allow" : "deny");
	return 0;
}

#define SHELL_KIB 1024u
#define SHELL_MIB (1024u * 1024u)

/* "64 MiB", or "512 KiB" below a MiB: the size of `sectors`, rounded down. */
static void put_disk_size(struct shell *sh, uint64_t sectors)
{
	if (sectors >= SHELL_MIB / SVC_BLK_SECTOR)
		shell_printf(sh, "%lu MiB",
			     (unsigned long)(sectors / (SHELL_MIB / SVC_BLK_SECTOR)));
	else
		shell_printf(sh, "%lu KiB",
			     (unsigned long)(sectors / (SHELL_KIB / SVC_BLK_SECTOR)));
}

/* disk: blkd's INFO and COUNTS, on one line. */
long cmd_disk(struct shell *sh, const struct shell_cmd *c)
{
	const struct svc_blk_info_request info_req = {0};
	const struct svc_blk_counts_request counts_req = {0};
	struct svc_blk_info_reply info = {0};
	struct svc_blk_counts_reply n = {0};
	long err = svc_blk_info_call(sh->handles[H_BLK], &info_req, &info, SVC_CALL_TIMEOUT);

	(void)c;
	if (err == 0)
		err = svc_blk_counts_call(sh->handles[H_BLK], &counts_req, &n, SVC_CALL_TIMEOUT);
	if (err != 0)
		return shell_fail(sh, "disk", "blkd", err);
	shell_printf(sh, "disk: virtio-blk, %lu sectors of %u bytes (", (unsigned long)info.sectors,
		     (unsigned)SVC_BLK_SECTOR);
	put_disk_size(sh, info.sectors);
	shell_printf(sh, "), %s, %s; %u reads, %u writes, %u flushes, %u errors\n",
		     info.read_only ? "read-only" : "read-write", info.flush ? "flush" : "no flush",
		     n.reads, n.writes, n.flushes, n.errors);
	return 0;
}
