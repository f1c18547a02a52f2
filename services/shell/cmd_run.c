/*
 * run NAME [ARGS...] [&]: starts a program of the boot image (RFC-0020),
 * and the bookkeeping of the programs it started: reaping those in the
 * background before each prompt, `ps`'s rows, ending them at `shutdown`.
 * The line's words and the table of programs are libshell's (shell_run.h,
 * shell_jobs.h); this file asks, spawns, waits and prints.
 *
 * A run goes: the name must be a file of the boot image (`run: no program
 * NAME`), policyd must let the shell `run NAME` (`run: policy denies NAME`),
 * the shell's quota must have room (two programs at most, sharing its pages:
 * shell.h), then the program is spawned with the handles below and a start
 * block of its words. In the foreground the shell waits for it without reading the console, so
 * the program owns the console's input, and says how it ended: nothing for
 * exit 0, as a command that worked, else `NAME: exit N`, `NAME: killed` or
 * `NAME: fault C (cause)`. In the background it says `[NAME] pid N` and goes
 * back to its prompt; before each prompt and `ps` (and a `run` that finds no
 * room) it looks, without waiting, whether the program ended, and says
 * `[NAME] exit N` (or how else) once it did.
 *
 * A program's uart and statefs handles are copies of the shell's (init gives
 * endpoints without DUP, so they cannot be narrowed), with the shell's badge:
 * uartd and statefsd take it for the shell, so it writes the console, reads
 * its input and keeps keys in the shell's namespace, as the shell would. The
 * boot image it gets reads files only (no SPAWN).
 */
#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/start_vmo.h"
#include "cairn/sys.h"
#include "shell.h"
#include "shell_jobs.h"
#include "shell_run.h"
#include "start_block.h"
#include "svc/client.h"
#include "svc/policy.h"

#define SHELL_SERVICE_NAME "shell" /* the shell's manifest name: its badge's, for policyd */

/*
 * A program's handles after its handle to itself, in order: {its role, the
 * shell's handle it gets a copy of, the rights of that copy (0: the shell's
 * own, which it cannot narrow, as init gave it no DUP on endpoints)}. The
 * start block comes last, role `start`. This table is the one place the
 * list is made.
 */
struct child_handle {
	const char *role;
	unsigned int slot; /* in the shell's handles (services/shell_handles.h) */
	uint32_t rights;
};

static const struct child_handle child_handles[] = {
	{"uart", H_UART, 0},					 /* the console, through uartd */
	{"bootimage", H_BOOTIMAGE, RIGHT_READ | RIGHT_TRANSFER}, /* files, not programs */
	{"statefs", H_STATEFS, 0},				 /* the store */
	{"registry", H_REGISTRY, 0}, /* services by name: rtcd's clock, for the wall clock */
};

#define CHILD_HANDLES (sizeof(child_handles) / sizeof(child_handles[0]))
#define CHILD_ROLES   (1u + CHILD_HANDLES + 1u) /* self, the table, start */

_Static_assert(CHILD_HANDLES + 1u <= CAIRN_SPAWN_HANDLES_MAX, "the handles and the block fit");
_Static_assert(CHILD_ROLES <= START_ROLES_MAX, "a role for each handle");
_Static_assert(SHELL_RUN_ARGS_MAX == START_ARGS_MAX, "run takes the start block's words");
/* A whole line's words, NULs and the longest roles fit a page: run never hits the bound. */
_Static_assert(START_HEADER_SIZE + SHELL_RUN_TEXT_MAX + START_ROLES_MAX * (SVCNAME_MAX + 1u) <=
		       START_BLOCK_MAX,
	       "a run's start block fits one page");

/* What the programs get, and the shell's quota holds (shell.h). */
_Static_assert(SHELL_MAX_PROCESSES >= SHELL_PROGRAMS_MAX, "the shell may have its programs");
_Static_assert(SHELL_MAX_THREADS >= SHELL_OWN_THREADS + SHELL_PROGRAMS_MAX * SHELL_CHILD_THREADS,
	       "threads");
_Static_assert(SHELL_MAX_ENDPOINTS >=
		       SHELL_OWN_ENDPOINTS + SHELL_PROGRAMS_MAX * SHELL_CHILD_ENDPOINTS,
	       "endpoints");
_Static_assert(SHELL_MAX_NOTIFICATIONS >=
		       SHELL_OWN_NOTIFICATIONS + SHELL_PROGRAMS_MAX * SHELL_CHILD_NOTIFICATIONS,
	       "notifications");
_Static_assert(SHELL_MAX_VMOS >= SHELL_OWN_VMOS + SHELL_PROGRAMS_MAX * (SHELL_CHILD_VMOS + 1u),
	       "VMOs: the programs' and their start blocks");
_Static_assert(SHELL_MAX_PAGES > SHELL_OWN_PAGES + SHELL_PROGRAMS_MAX &&
		       SHELL_PROGRAM_PAGES >= SHELL_CHILD_PAGES + SHELL_CHILD_PAGES_SECOND,
	       "pages: a full share and a second one beside it");
_Static_assert(SHELL_CHILD_PAGES_SECOND >= SHELL_CHILD_PAGES_LEAST, "a second one has room");

/* Whether the boot image holds a file called name: a read of no bytes finds it or not. */
static long image_has(struct shell *sh, const char *name)
{
	long n = cairn_bootimage_read(sh->handles[H_BOOTIMAGE], name, 0, NULL, 0);

	return n < 0 ? n : 0;
}

/* 0 when policyd lets the shell run name, ERR_DENIED when not, or the error of asking. */
static long run_allowed(struct shell *sh, const char *name)
{
	bool allow = false;
	long err = 0;

	if (sh->badge == 0)
		err = shell_sup_badge(sh->handles[H_SUPERVISOR], SHELL_SERVICE_NAME, &sh->badge);
	if (err == 0)
		err = svc_policy_decide(sh->handles[H_POLICY], sh->badge, POLICY_RUN, name,
					strlen(name), &allow);
	if (err == 0 && !allow)
		err = ERR_DENIED;
	return err;
}

/*
 * The program's handles after its self handle, into h, the start block
 * last, with their roles in the block; made[k] says whether the shell made
 * h[k] for this spawn (and closes it after). *ret_n set also on failure.
 */
static long child_handles_make(struct shell *sh, const struct shell_run *r, cairn_handle_t *h,
			       bool *made, uint32_t *ret_n)
{
	const char *roles[CHILD_ROLES] = {"self"};
	uint32_t n = 0;
	long rc = 0;

	for (uint32_t i = 0; rc >= 0 && i < CHILD_HANDLES; i++) {
		const struct child_handle *ch = &child_handles[i];

		roles[1 + i] = ch->role;
		rc = ch->rights == 0 ? (long)sh->handles[ch->slot]
				     : cairn_handle_dup(sh->handles[ch->slot], ch->rights);
		if (rc >= 0) {
			made[n] = ch->rights != 0;
			h[n++] = (cairn_handle_t)rc;
		}
	}
	roles[CHILD_ROLES - 1] = "start";
	if (rc >= 0)
		rc = start_block_vmo(sh->handles[H_SELF], SHELL_START_VA, r->argv, r->argc, roles,
				     CHILD_ROLES);
	if (rc >= 0) {
		made[n] = true;
		h[n++] = (cairn_handle_t)rc;
	}
	*ret_n = n;
	return rc < 0 ? rc : 0;
}

/* Spawns the program of r with `pages` of quota: its process handle, or a negative error. */
static long spawn(struct shell *sh, const struct shell_run *r, uint32_t pages)
{
	cairn_handle_t h[CAIRN_SPAWN_HANDLES_MAX];
	bool made[CAIRN_SPAWN_HANDLES_MAX] = {false};
	const struct cairn_quota quota = {
		.processes = 0,
		.threads = SHELL_CHILD_THREADS,
		.endpoints = SHELL_CHILD_ENDPOINTS,
		.notifications = SHELL_CHILD_NOTIFICATIONS,
		.vmos = SHELL_CHILD_VMOS,
		.pages = pages,
	};
	struct cairn_spawn_req req = {
		.name = r->argv[0],
		.handles = h,
		.self_rights = SHELL_CHILD_SELF_RIGHTS,
		.priority = SHELL_CHILD_PRIORITY,
		.quota = &quota,
	};
	long rc = child_handles_make(sh, r, h, made, &req.handle_count);

	if (rc == 0)
		rc = cairn_spawn(sh->handles[H_BOOTIMAGE], &req);
	for (uint32_t k = 0; k < req.handle_count; k++) {
		if (made[k])
			(void)cairn_handle_close(h[k]); /* the program holds its copies */
	}
	return rc;
}

/* Prints how the program of slot ended, when that is worth a line. */
static void say_end(struct shell *sh, uint32_t slot)
{
	char line[SHELL_JOB_LINE_MAX + 1];
	size_t len;

	if (shell_job_end_line(&sh->jobs.job[slot], line, sizeof(line), &len) == 0)
		shell_printf(sh, "%s\n", line);
}

/*
 * Marks the program of slot ended with status and lets its process go. A
 * program may have subscribed to uartd under the shell's badge (one
 * subscription per badge), so the shell subscribes again.
 */
static void ended(struct shell *sh, uint32_t slot, long status)
{
	cairn_handle_t proc = sh->jobs.job[slot].proc;

	(void)shell_jobs_end(&sh->jobs, slot, status);
	(void)cairn_handle_close(proc);
	(void)shell_uart_subscribe(sh->handles[H_UART], sh->notify, SHELL_INPUT_BIT);
	say_end(sh, slot);
}

/* Waits for the foreground program of slot, reading nothing meanwhile. */
static void wait_foreground(struct shell *sh, uint32_t slot)
{
	long status = cairn_process_wait(sh->jobs.job[slot].proc, CAIRN_WAIT_FOREVER);

	ended(sh, slot, status);
}

/* Whether the shell may start one more program, and with how many pages (*ret_pages). */
static bool has_room(const struct shell *sh, uint32_t *ret_pages)
{
	return shell_jobs_running(&sh->jobs) < SHELL_PROGRAMS_MAX &&
	       shell_jobs_share(&sh->jobs, SHELL_PROGRAM_PAGES, SHELL_CHILD_PAGES,
				SHELL_CHILD_PAGES_LEAST, ret_pages) == 0;
}

/*
 * Whether the program may start: in the image, allowed, and room for it;
 * says why not. *ret_pages: the pages of quota it gets.
 */
static long run_check(struct shell *sh, const char *name, uint32_t *ret_pages)
{
	long err = image_has(sh, name);

	if (err == ERR_NOTFOUND) {
		shell_printf(sh, "run: no program %s\n", name);
		return err;
	}
	if (err != 0)
		return shell_fail(sh, "run", "boot image", err);
	err = run_allowed(sh, name);
	if (err == ERR_DENIED) {
		shell_printf(sh, "run: policy denies %s\n", name);
		return err;
	}
	if (err != 0)
		return shell_fail(sh, "run", "policyd", err);
	if (!has_room(sh, ret_pages)) {
		/* one that ended since the prompt leaves room, and says so */
		shell_programs_reap(sh);
		if (!has_room(sh, ret_pages)) {
			shell_printf(sh, "run: no room for %s beside the programs running (ps)\n",
				     name);
			return ERR_NOSPC;
		}
	}
	return 0;
}

long cmd_run(struct shell *sh, const struct shell_cmd *c)
{
	static struct shell_run r; /* one run at a time; too big for the stack's comfort */
	struct cairn_handle_info info = {0};
	struct shell_job_start start;
	struct shell_msg msg;
	uint32_t pages = 0;
	uint32_t slot = 0;
	long rc = shell_run_parse(c->rest, c->rest_len, &r, &msg);

	if (rc != 0) {
		shell_printf(sh, "%s\n", msg.text);
		return rc;
	}
	if ((rc = run_check(sh, r.argv[0], &pages)) != 0)
		return rc;
	(void)shell_flush(sh); /* the line typed shows before what the program writes */
	rc = spawn(sh, &r, pages);
	if (rc < 0) {
		shell_printf(sh, "run: %s: cannot start: %s\n", r.argv[0], cairn_err_name(rc));
		return rc;
	}
	(void)cairn_handle_query((cairn_handle_t)rc, &info);
	start = (struct shell_job_start){.name = r.argv[0],
					 .proc = (cairn_handle_t)rc,
					 .pid = info.object_id,
					 .pages = pages,
					 .background = r.background};
	if (shell_jobs_add(&sh->jobs, &start, &slot) != 0) {
		/* never: two run at most, and the table holds 8 */
		(void)cairn_process_kill((cairn_handle_t)rc);
		(void)cairn_handle_close((cairn_handle_t)rc);
		return shell_fail(sh, "run", "programs", ERR_NOSPC);
	}
	if (r.background)
		shell_printf(sh, "[%s] pid %lu\n", r.argv[0], (unsigned long)info.object_id);
	else
		wait_foreground(sh, slot);
	return 0;
}

void shell_programs_reap(struct shell *sh)
{
	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++) {
		const struct shell_job *j = &sh->jobs.job[i];
		long status;

		if (j->state != SHELL_JOB_RUNNING)
			continue;
		status = cairn_process_wait(j->proc, 0);
		if (status != ERR_TIMEOUT)
			ended(sh, i, status);
	}
}

void shell_programs_ps(struct shell *sh)
{
	char line[SHELL_JOB_LINE_MAX + 1];
	size_t len;
	uint32_t slot;

	for (uint32_t i = 0; shell_jobs_nth(&sh->jobs, i, &slot) == 0; i++) {
		if (i == 0)
			shell_printf(sh, "%s\n", SHELL_JOBS_PS_HEADER);
		if (shell_job_ps_line(&sh->jobs.job[slot], line, sizeof(line), &len) == 0)
			shell_printf(sh, "%s\n", line);
	}
}

void shell_programs_end(struct shell *sh)
{
	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++) {
		const struct shell_job *j = &sh->jobs.job[i];

		if (j->state != SHELL_JOB_RUNNING)
			continue;
		(void)cairn_process_kill(j->proc);
		ended(sh, i, cairn_process_wait(j->proc, CAIRN_WAIT_FOREVER));
	}
}
