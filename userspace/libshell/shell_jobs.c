/*
 * The table of the shell's programs and the words for how one ended
 * (shell_jobs.h). Lines are laid out with libtext's writer, measured first.
 */
#include "shell_jobs.h"

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "text_writer.h"

/* ps's columns, with the space after each, where its services' rows have them */
#define PS_NAME_WIDTH	13u
#define PS_STATUS_WIDTH 10u

/* Exception causes by number, as the RISC-V privileged spec names them. */
static const char *const cause_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store address misaligned",
	[7] = "store access fault",
	[8] = "environment call from U-mode",
	[9] = "environment call from S-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store page fault",
};

#define CAUSES (sizeof(cause_names) / sizeof(cause_names[0]))

static const char *err_name(long code)
{
	switch (code) {
#define ERR_CASE(name, value, text)                                                                \
	case (value):                                                                              \
		return #name;
		CAIRN_ERRORS(ERR_CASE)
#undef ERR_CASE
	default:
		return NULL;
	}
}

void shell_jobs_init(struct shell_jobs *t)
{
	*t = (struct shell_jobs){.next = 1};
}

/* A free slot, else the one whose program ended first; -1 when every one runs. */
static int slot_to_take(const struct shell_jobs *t)
{
	int oldest = -1;

	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++) {
		const struct shell_job *j = &t->job[i];

		if (j->state == SHELL_JOB_FREE)
			return (int)i;
		if (j->state == SHELL_JOB_ENDED &&
		    (oldest < 0 || j->started < t->job[oldest].started))
			oldest = (int)i;
	}
	return oldest;
}

int shell_jobs_add(struct shell_jobs *t, const struct shell_job_start *start, uint32_t *ret_slot)
{
	const char *name = start->name;
	struct shell_job *j;
	size_t len = 0;
	int slot;

	while (name != NULL && len <= SHELL_RUN_NAME_MAX && name[len] != '\0')
		len++;
	if (name == NULL || svcname_check(name, len) != 0 || start->proc == CAIRN_HANDLE_INVALID)
		return ERR_INVAL;
	slot = slot_to_take(t);
	if (slot < 0)
		return ERR_NOSPC;
	j = &t->job[slot];
	*j = (struct shell_job){.pid = start->pid,
				.started = t->next++,
				.proc = start->proc,
				.pages = start->pages,
				.state = SHELL_JOB_RUNNING,
				.background = start->background};
	for (size_t i = 0; i <= len; i++)
		j->name[i] = name[i];
	*ret_slot = (uint32_t)slot;
	return 0;
}

int shell_jobs_share(const struct shell_jobs *t, uint32_t budget, uint32_t full, uint32_t least,
		     uint32_t *ret_pages)
{
	uint64_t held = 0;
	uint64_t left;

	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++)
		held += t->job[i].state == SHELL_JOB_RUNNING ? t->job[i].pages : 0u;
	left = held < budget ? budget - held : 0;
	if (left < least || left == 0)
		return ERR_NOSPC;
	*ret_pages = left < full ? (uint32_t)left : full;
	return 0;
}

int shell_jobs_end(struct shell_jobs *t, uint32_t slot, long status)
{
	struct shell_job *j = slot < SHELL_JOBS_MAX ? &t->job[slot] : NULL;

	if (j == NULL || j->state != SHELL_JOB_RUNNING)
		return ERR_INVAL;
	j->state = SHELL_JOB_ENDED;
	j->status = status;
	j->proc = CAIRN_HANDLE_INVALID;
	return 0;
}

uint32_t shell_jobs_running(const struct shell_jobs *t)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++)
		n += t->job[i].state == SHELL_JOB_RUNNING ? 1u : 0u;
	return n;
}

int shell_jobs_nth(const struct shell_jobs *t, uint32_t index, uint32_t *ret_slot)
{
	/* the program `index` others started before: start numbers are unique, the table small */
	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++) {
		uint32_t before = 0;

		if (t->job[i].state == SHELL_JOB_FREE)
			continue;
		for (uint32_t k = 0; k < SHELL_JOBS_MAX; k++) {
			if (t->job[k].state != SHELL_JOB_FREE &&
			    t->job[k].started < t->job[i].started)
				before++;
		}
		if (before == index) {
			*ret_slot = i;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

static void put_status(struct text_writer *w, long status, bool named)
{
	unsigned long cause = (unsigned long)status & ~(unsigned long)CAIRN_EXIT_FAULT;
	const char *name;

	if (status >= 0 && status <= (long)CAIRN_EXIT_CODE_MASK) {
		text_put_str(w, "exit ");
		text_put_decimal(w, (uint64_t)status);
	} else if (status == (long)CAIRN_EXIT_KILLED) {
		text_put_str(w, "killed");
	} else if (status >= 0 && (status & ~63l) == (long)CAIRN_EXIT_FAULT) {
		text_put_str(w, "fault ");
		text_put_decimal(w, cause);
		name = cause < CAUSES ? cause_names[cause] : NULL;
		if (named && name != NULL) {
			text_put_str(w, " (");
			text_put_str(w, name);
			text_put_str(w, ")");
		}
	} else if ((name = err_name(status)) != NULL) {
		text_put_str(w, "lost (");
		text_put_str(w, name);
		text_put_str(w, ")");
	} else {
		text_put_str(w, "status ");
		text_put_hex64(w, (uint64_t)status); /* none process_wait gives */
	}
}

/* What a line holds: one of the three layouts, of one program or one status. */
enum line_kind { LINE_STATUS, LINE_END, LINE_PS };

struct line {
	enum line_kind kind;
	const struct shell_job *job; /* LINE_END, LINE_PS */
	long status;		     /* LINE_STATUS */
	bool named;		     /* LINE_STATUS */
};

static void put_padded(struct text_writer *w, size_t from, size_t width)
{
	do
		text_put_char(w, ' ');
	while (w->len < from + width);
}

static void lay_out(struct text_writer *w, const struct line *l)
{
	const struct shell_job *j = l->job;
	size_t from;

	switch (l->kind) {
	case LINE_STATUS:
		put_status(w, l->status, l->named);
		break;
	case LINE_END:
		text_put_str(w, j->background ? "[" : "");
		text_put_str(w, j->name);
		text_put_str(w, j->background ? "] " : ": ");
		put_status(w, j->status, true);
		break;
	case LINE_PS:
		text_put_str(w, "  ");
		from = w->len;
		text_put_str(w, j->name);
		put_padded(w, from, PS_NAME_WIDTH);
		from = w->len;
		if (j->state == SHELL_JOB_RUNNING)
			text_put_str(w, "running");
		else
			put_status(w, j->status, false);
		put_padded(w, from, PS_STATUS_WIDTH);
		text_put_decimal(w, j->pid);
		break;
	}
}

/* Measures, then writes the line when it fits: 0 or ERR_NOSPC (buf untouched). */
static int write_line(const struct line *l, char *buf, size_t size, size_t *ret_len)
{
	struct text_writer w = {0};

	lay_out(&w, l);
	if (buf == NULL || w.len + 1 > size)
		return ERR_NOSPC;
	w = (struct text_writer){.buf = buf};
	lay_out(&w, l);
	buf[w.len] = '\0';
	*ret_len = w.len;
	return 0;
}

int shell_status_text(long status, bool named, char *buf, size_t size, size_t *ret_len)
{
	const struct line l = {.kind = LINE_STATUS, .status = status, .named = named};

	return write_line(&l, buf, size, ret_len);
}

int shell_job_end_line(const struct shell_job *j, char *buf, size_t size, size_t *ret_len)
{
	const struct line l = {.kind = LINE_END, .job = j};

	if (j->state != SHELL_JOB_ENDED || (!j->background && j->status == 0))
		return ERR_NOTFOUND;
	return write_line(&l, buf, size, ret_len);
}

int shell_job_ps_line(const struct shell_job *j, char *buf, size_t size, size_t *ret_len)
{
	const struct line l = {.kind = LINE_PS, .job = j};

	if (j->state == SHELL_JOB_FREE)
		return ERR_NOTFOUND;
	return write_line(&l, buf, size, ret_len);
}
