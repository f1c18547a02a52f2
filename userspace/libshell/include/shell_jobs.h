/*
 * The shell's programs (`run`, RFC-0020): a small table of the programs it
 * started, running or ended, for `ps` and for the line that says how one
 * ended, and the words for an end: process_wait's status as a person reads it.
 *
 * A slot holds a program from its start until a newer one needs the slot
 * after it ended: the table keeps every running program and as many of the
 * last ended ones as fit, so `ps` shows them too. The running programs share
 * the pages of quota the shell may give: the table says how many a new one
 * gets. The shell daemon spawns, waits, closes the process handles and
 * prints; this table only remembers and counts.
 *
 * Lines, for example:
 *
 *   ps:                  "  runprobe     running   42"
 *                        "  runprobe     exit 3    40"
 *   a foreground end:    "runprobe: exit 3"   (nothing for exit 0)
 *   a background end:    "[runprobe] exit 0"
 *
 * Statuses: "exit N" (the low 8 bits of the exit code), "killed", "fault C"
 * with C the exception cause and, in end lines, its name from the
 * privileged spec in parentheses ("fault 13 (load page fault)"), and
 * "lost (ERR_...)" when waiting for the program failed.
 *
 * Pure: no I/O, no globals; the state lives in the caller's struct.
 */
#ifndef SHELL_JOBS_H
#define SHELL_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "shell_run.h"

#define SHELL_JOBS_MAX 8u /* programs remembered at once, running or ended */

enum shell_job_state {
	SHELL_JOB_FREE = 0,
	SHELL_JOB_RUNNING,
	SHELL_JOB_ENDED,
};

struct shell_job {
	char name[SHELL_RUN_NAME_MAX + 1]; /* NUL-terminated */
	uint64_t pid;			   /* the kernel's id of the process */
	uint64_t started;		   /* start order: ps lists by it */
	long status;			   /* process_wait's, once ended */
	cairn_handle_t proc;		   /* the shell's handle to it while it runs */
	uint32_t pages;			   /* the pages of its quota, out of the shell's */
	uint8_t state;			   /* an enum shell_job_state */
	bool background;
};

/* Fields are the table's own; read them, change them only through the calls below. */
struct shell_jobs {
	struct shell_job job[SHELL_JOBS_MAX];
	uint64_t next; /* the next start number */
};

/* Makes t empty. */
void shell_jobs_init(struct shell_jobs *t);

/* A program as shell_jobs_add takes it. */
struct shell_job_start {
	const char *name;    /* NUL-terminated, svcname.h's rule */
	cairn_handle_t proc; /* not CAIRN_HANDLE_INVALID */
	uint64_t pid;
	uint32_t pages; /* its quota's, as shell_jobs_share gave them */
	bool background;
};

/*
 * Adds a running program into a free slot or else the one of the program
 * that ended first; *ret_slot gets the slot. ERR_NOSPC when every slot holds
 * a running program, ERR_INVAL for a bad name or a handle of 0; t and
 * *ret_slot are untouched then.
 */
int shell_jobs_add(struct shell_jobs *t, const struct shell_job_start *start, uint32_t *ret_slot);

/*
 * The pages of quota a new program gets: the programs share `budget` pages,
 * of which the running ones hold theirs; a new one gets `full`, or what is
 * left when that is less, but at least `least`. 0 and *ret_pages, or
 * ERR_NOSPC when less than `least` is left (*ret_pages untouched).
 */
int shell_jobs_share(const struct shell_jobs *t, uint32_t budget, uint32_t full, uint32_t least,
		     uint32_t *ret_pages);

/* Marks the program in slot ended with status. ERR_INVAL when no program runs there. */
int shell_jobs_end(struct shell_jobs *t, uint32_t slot, long status);

/* How many programs run. */
uint32_t shell_jobs_running(const struct shell_jobs *t);

/*
 * The slot of the index-th program in start order, from 0, into *ret_slot;
 * ERR_NOTFOUND past the last.
 */
int shell_jobs_nth(const struct shell_jobs *t, uint32_t index, uint32_t *ret_slot);

/* The longest status text: "lost (" and an error name, or a fault with its cause's name. */
#define SHELL_STATUS_MAX 48u

/*
 * Writes the words for status to buf, NUL-terminated, and their length to
 * *ret_len; with `named`, a fault's cause gets its name too. ERR_NOSPC when
 * they do not fit in size bytes (buf untouched); SHELL_STATUS_MAX + 1 bytes
 * always fit.
 */
int shell_status_text(long status, bool named, char *buf, size_t size, size_t *ret_len);

/*
 * The longest line shell_job_end_line or shell_job_ps_line writes, without
 * its NUL: ps's two spaces, a name and a space, a status and a space, a pid.
 */
#define SHELL_JOB_LINE_MAX (2u + SHELL_RUN_NAME_MAX + 1u + SHELL_STATUS_MAX + 1u + 20u)

/*
 * The line that reports how the program of slot j ended, as above:
 * ERR_NOTFOUND for a foreground program that exited 0, which says nothing,
 * or for one that has not ended; otherwise as shell_status_text.
 */
int shell_job_end_line(const struct shell_job *j, char *buf, size_t size, size_t *ret_len);

/* ps's row for j, as above; ERR_NOTFOUND for a free slot; otherwise as shell_status_text. */
int shell_job_ps_line(const struct shell_job *j, char *buf, size_t size, size_t *ret_len);

/* ps's header over the rows: "  program      state     pid". */
#define SHELL_JOBS_PS_HEADER "  program      state     pid"

#endif /* SHELL_JOBS_H */
