/*
 * rtcd, the real-time clock's driver (RFC-0020): serves the time of day
 * from QEMU virt's Goldfish RTC over svc/rtc.h. It maps the clock's one
 * page of registers, says once in the journal what the clock reads, and
 * answers NOW from handlers.c, which reads the counter afresh each time;
 * the read order, the check and the calendar are librtc's. It sets no
 * alarm and takes no interrupt.
 *
 * Handles (manifest line in services/rtcd/README.md): [0] self,
 * [1] supervisor SEND, [2] rtc-mmio, [3] rtc RECV, [4] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "handlers.h"
#include "journal.h"
#include "rtc.h"
#include "services/rtcd_handles.h"
#include "svc/client.h"

#define RTCD_MMIO_VA 0x2000000000ull /* the clock's registers */

/* One line to logd, "rtcd: <what>[: <error>]" (svc_log_say). */
static void rtcd_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "rtcd", what, err);
}

/* A 32-bit register read; the fences keep it in program order with the other device loads. */
static uint32_t rtcd_read32(void *ctx, uint32_t off)
{
	const volatile uint32_t *reg =
		(const volatile uint32_t *)((const volatile uint8_t *)ctx + off);
	uint32_t v;

	__asm__ volatile("fence iorw, iorw" ::: "memory");
	v = *reg;
	__asm__ volatile("fence iorw, iorw" ::: "memory");
	return v;
}

/* The region is a Goldfish RTC's, mapped at RTCD_MMIO_VA, and io reads it: 0 or an error. */
static long rtcd_device_up(cairn_handle_t self, cairn_handle_t mmio, struct rtc_io *io)
{
	struct cairn_device_info info = {0};
	long rc = cairn_device_info(mmio, &info);

	if (rc != 0)
		return rc;
	if (info.device_class != CAIRN_DEVICE_GOLDFISH_RTC || info.size < RTC_GOLDFISH_REGS)
		return ERR_NOTFOUND;
	if ((rc = cairn_mmio_map(self, mmio, RTCD_MMIO_VA)) != 0)
		return rc;
	*io = (struct rtc_io){
		.read32 = rtcd_read32,
		.ctx = (void *)(uintptr_t)RTCD_MMIO_VA}; // NOLINT(performance-no-int-to-ptr)
	return 0;
}

/* What the clock reads at start, said once: the date, or that it was never set. */
static void rtcd_say_time(cairn_handle_t log, const struct rtc_io *io)
{
	uint64_t ns = rtc_goldfish_read(io);
	struct rtc_date date;
	char text[RTC_TEXT_LEN + 1];
	char line[64];

	if (rtc_check(ns) != 0) {
		rtcd_log(log, JOURNAL_WARN,
			 "the clock reads before 2020-01-01, never set; NOW refuses", ERR_RANGE);
		return;
	}
	rtc_to_date(ns, &date);
	if (rtc_format(&date, text, sizeof(text)) != 0)
		return; /* every time rtc_check passes formats; nothing to say otherwise */
	(void)snprintf(line, sizeof(line), "the clock reads %s; serving", text);
	rtcd_log(log, JOURNAL_INFO, line, 0);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct rtcd_state state;
	long rc;

	if (count < H_COUNT)
		return 1;
	if ((rc = rtcd_device_up(handles[H_SELF], handles[H_RTC_MMIO], &state.io)) != 0) {
		rtcd_log(handles[H_LOG], JOURNAL_ERROR, "no clock", rc);
		return 1;
	}
	rtcd_say_time(handles[H_LOG], &state.io);
	if ((rc = svc_ready(handles[H_SUPERVISOR])) != 0)
		rtcd_log(handles[H_LOG], JOURNAL_WARN, "supervisor did not take READY", rc);
	rc = svc_rtc_serve(handles[H_RTC], &rtcd_handlers, &state);
	rtcd_log(handles[H_LOG], JOURNAL_ERROR, "receive failed", rc);
	return 3;
}
