/*
 * hostile: runs the attacks of attacks.c in order (RFC-0010). Each passing
 * check prints its registered marker; the first failing one prints FAIL with
 * the reason and ends the program, which the gate's profile forbids. The last
 * check proves the services still serve after everything before it.
 */
#include <stddef.h>
#include <string.h>

#include "cairn/print.h"
#include "cairn/start.h"
#include "hostile.h"
#include "svc/client.h"

bool hostile_fail(struct hostile *x, const char *why, long got)
{
	x->why = why;
	x->got = got;
	return false;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct hostile x = {.h = handles};

	/* Before any code could use them: a new process starts with zeroed FP state. */
	long fp_at_start = hostile_fp_zero_check();

	if (count < HOSTILE_HANDLES)
		return 1; /* not started by init with manifest.txt's handles */
	x.fp_at_start = fp_at_start;
	if (svc_ready(handles[HOSTILE_H_SUPERVISOR]) != 0)
		return 1;
	for (size_t i = 0; i < hostile_attack_count; i++) {
		const struct hostile_attack *a = &hostile_attacks[i];

		x.why = NULL;
		x.got = 0;
		if (!a->run(&x)) {
			/* The marker's text without its closing " ok". */
			(void)cairn_printf(
				handles[HOSTILE_H_CONSOLE], "%.*s FAIL (%s; got %ld%s%s)\n",
				(int)(strlen(a->marker) - 3), a->marker,
				x.why != NULL ? x.why : "no reason given", x.got,
				x.got < 0 ? ": " : "", x.got < 0 ? cairn_err_name(x.got) : "");
			return 1;
		}
		(void)cairn_printf(handles[HOSTILE_H_CONSOLE], "%s\n", a->marker);
	}
	return 0;
}
