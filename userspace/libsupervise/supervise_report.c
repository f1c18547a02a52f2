/*
 * What init says about its services in words (supervise_report.h): the state
 * names the shell's `ps` prints and the line init writes to logd when a
 * service ends. Laid out with libtext's writer, measured before written.
 * Pure.
 */
#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "supervise_report.h"
#include "text_writer.h"

#define FAULT_CAUSE_MAX 63 /* CAIRN_EXIT_FAULT | cause, cause 0..63 (syscall.h) */

static const char *const state_names[SUPERVISOR_STATE_COUNT] = {
	"waiting", "starting", "running", "ended", "failed",
};

static const char *const action_names[] = {"keep-down", "restart", "give-up"};

const char *supervisor_state_name(unsigned int state)
{
	return state < SUPERVISOR_STATE_COUNT ? state_names[state] : NULL;
}

/* The status as process_wait's flags describe it (cairn/abi/syscall.h). */
static void put_status(struct text_writer *w, long status)
{
	if (status < 0) {
		text_put_str(w, "error:-");
		text_put_decimal(w, (uint64_t)0 - (uint64_t)status);
	} else if (status <= (long)CAIRN_EXIT_CODE_MASK) {
		text_put_str(w, "exit:");
		text_put_decimal(w, (uint64_t)status);
	} else if (status == (long)CAIRN_EXIT_KILLED) {
		text_put_str(w, "killed");
	} else if (status >= (long)CAIRN_EXIT_FAULT &&
		   status <= (long)CAIRN_EXIT_FAULT + FAULT_CAUSE_MAX) {
		text_put_str(w, "fault:");
		text_put_decimal(w, (uint64_t)(status - (long)CAIRN_EXIT_FAULT));
	} else {
		text_put_str(w, "other:");
		text_put_decimal(w, (uint64_t)status);
	}
}

static void lay_out(struct text_writer *w, const struct supervisor_crash *c)
{
	text_put_str(w, "service ");
	text_put_str(w, c->name);
	text_put_str(w, " ended status=");
	put_status(w, c->status);
	text_put_str(w, " restarts=");
	text_put_decimal(w, c->restarts);
	text_put_str(w, " action=");
	text_put_str(w, action_names[c->action]);
}

static bool is_name(const char *name)
{
	size_t len = 0;

	if (name == NULL)
		return false;
	while (len <= SVCNAME_MAX && name[len] != '\0')
		len++;
	return svcname_check(name, len) == 0;
}

int supervisor_crash_format(const struct supervisor_crash *c, char *buf, size_t size,
			    size_t *ret_len)
{
	struct text_writer measure = {0};
	struct text_writer w = {.buf = buf};

	if (!is_name(c->name) || c->action > SUPERVISOR_GIVE_UP)
		return ERR_INVAL;
	lay_out(&measure, c);
	if (measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&w, c);
	buf[w.len] = '\0';
	*ret_len = w.len;
	return 0;
}
