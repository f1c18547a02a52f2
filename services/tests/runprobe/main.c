/*
 * runprobe: the shell profile's program for `run` (RFC-0020), in the test
 * image only. It reads its start block (its last handle, libstart's
 * format), finds its `uart` handle by role and writes through uartd, as a
 * person reads it:
 *
 *   runprobe: roles: self uart bootimage statefs start
 *   runprobe: 3 words: runprobe hello world
 *
 * The words come last: they tell one run from another, so a reader waiting
 * for them knows the probe has done speaking. Then it does what its first
 * argument says: `exit N` ends with status N; `sleep MS` waits MS
 * milliseconds first (at most 60000; more, or not a number, waits none), so
 * `ps` can see it run in the background; `fault` stores to an address no
 * program maps; anything else ends with 0. With no block it cannot be
 * heard: it ends with status 2, and with 3 when the block is refused or
 * names no uart.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "start_block.h"
#include "svc/client.h"
#include "svc/uart.h"

#define RUNPROBE_BLOCK_VA   0x2000000000ull /* where the start block is mapped */
#define RUNPROBE_NO_BLOCK   2
#define RUNPROBE_BAD_BLOCK  3
#define RUNPROBE_LINE_MAX   200u
#define RUNPROBE_SLEEP_MAX  60000u /* ms */
#define RUNPROBE_STATUS_MAX 255u
#define RUNPROBE_NOWHERE    0x10000ull /* below CAIRN_USER_BASE: no program maps it */

/* A line being made: text, "\r\n" added by say. */
struct line {
	uint8_t text[RUNPROBE_LINE_MAX + 2];
	size_t len;
};

static void put(struct line *l, const char *s)
{
	while (*s != '\0' && l->len < RUNPROBE_LINE_MAX)
		l->text[l->len++] = (uint8_t)*s++;
}

static void say(cairn_handle_t uart, struct line *l)
{
	struct svc_uart_write_request req;
	struct svc_uart_write_reply rep;

	l->text[l->len++] = '\r';
	l->text[l->len++] = '\n';
	req = (struct svc_uart_write_request){.bytes = l->text, .bytes_len = (uint32_t)l->len};
	(void)svc_uart_write_call(uart, &req, &rep, SVC_CALL_TIMEOUT);
}

/* A decimal number of at most `max`; 0 for anything else. */
static uint32_t number(const char *s, uint32_t max)
{
	uint32_t v = 0;

	for (; *s >= '0' && *s <= '9' && v <= max; s++)
		v = v * 10 + (uint32_t)(*s - '0');
	return *s == '\0' && v <= max ? v : 0;
}

static void report(cairn_handle_t uart, const struct start_info *info)
{
	char count[12];
	struct line l = {.len = 0};
	uint32_t n = info->argc;
	size_t k = sizeof(count) - 1;

	put(&l, "runprobe: roles:");
	for (uint32_t i = 0; i < info->roles; i++) {
		put(&l, " ");
		put(&l, info->role[i]);
	}
	say(uart, &l);
	count[k] = '\0';
	do {
		count[--k] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0);
	l.len = 0;
	put(&l, "runprobe: ");
	put(&l, &count[k]);
	put(&l, info->argc == 1 ? " word:" : " words:");
	for (uint32_t i = 0; i < info->argc; i++) {
		put(&l, " ");
		put(&l, info->argv[i]);
	}
	say(uart, &l);
}

static void sleep_ms(cairn_handle_t self, uint32_t ms)
{
	long n = cairn_notification_create(self);

	if (n >= 0)
		(void)cairn_notification_wait((cairn_handle_t)n, ms * CAIRN_NS_PER_MS);
}

/* Does what argv[1] says; the status to end with. */
static int act(cairn_handle_t self, const struct start_info *info)
{
	const char *what = info->argc > 1 ? info->argv[1] : "";
	const char *arg = info->argc > 2 ? info->argv[2] : "";

	if (strcmp(what, "exit") == 0)
		return (int)number(arg, RUNPROBE_STATUS_MAX);
	if (strcmp(what, "sleep") == 0)
		sleep_ms(self, number(arg, RUNPROBE_SLEEP_MAX));
	if (strcmp(what, "fault") == 0)
		*(volatile uint64_t *)RUNPROBE_NOWHERE = 0;
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct start_info info;
	int uart;

	if (count < 2 ||
	    cairn_vmo_map(handles[0], handles[count - 1], RUNPROBE_BLOCK_VA, CAIRN_PROT_READ) != 0)
		return RUNPROBE_NO_BLOCK;
	// NOLINTNEXTLINE(performance-no-int-to-ptr): the block was just mapped there
	if (start_block_decode((const uint8_t *)(uintptr_t)RUNPROBE_BLOCK_VA, START_BLOCK_MAX,
			       &info) != 0 ||
	    info.roles != count || (uart = start_role_find(&info, "uart")) < 0)
		return RUNPROBE_BAD_BLOCK;
	report(handles[uart], &info);
	return act(handles[0], &info);
}
