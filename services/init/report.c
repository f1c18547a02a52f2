/*
 * init's failure reports, its lines to logd, and its context over the
 * kernel's handles.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/sys.h"
#include "graph.h"
#include "init.h"
#include "svc/client.h"

int init_fail(const struct init_ctx *c, const char *fmt, ...)
{
	va_list ap;

	(void)cairn_printf(c->console, "INIT: %s FAIL (", c->what);
	va_start(ap, fmt);
	(void)cairn_vprintf(c->console, fmt, ap);
	va_end(ap);
	(void)cairn_print(c->console, ")\n");
	return -1;
}

void init_log(struct init_ctx *c, unsigned int level, const char *fmt, ...)
{
	char line[SVC_LOG_TEXT_MAX + 1];
	va_list ap;
	int n;

	if (c->graph == NULL || !graph_serving(c->graph, MANIFEST_H_LOG))
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)svc_log_write(c->graph->send[MANIFEST_H_LOG], level, line,
				    (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1, NULL);
}

int init_expect(const struct init_ctx *c, const char *step, long got, long want)
{
	if (got == want)
		return 0;
	return init_fail(c, "%s: got %ld %s, want %ld %s", step, got, cairn_err_name(got), want,
			 cairn_err_name(want));
}

int init_expect_ok(const struct init_ctx *c, const char *step, long got)
{
	if (got >= 0)
		return 0;
	return init_fail(c, "%s: %s", step, cairn_err_name(got));
}

uint64_t init_now_ns(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

struct init_ctx init_ctx_from(const cairn_handle_t *handles, size_t count)
{
	struct init_ctx c = {.self = handles[CAIRN_INIT_SELF],
			     .console = handles[CAIRN_INIT_CONSOLE],
			     .image = handles[CAIRN_INIT_BOOTIMAGE]};

	c.words[MANIFEST_H_CONSOLE] = c.console;
	c.words[MANIFEST_H_BOOTIMAGE] = c.image;
	init_devices_sort(&c, handles, count);
	return c;
}
