/*
 * rtcprobe, in the test image only: rtcd as a caller sees it (RFC-0020).
 * It asks rtcd for the time twice, one call after the other, and checks that the
 * first is on or after 2024-01-01 00:00:00 UTC, that neither is after
 * 2100-01-01 00:00:00 UTC, and that the second is not before the first;
 * both bounds are worked out by librtc's calendar, not written as numbers.
 * The marker comes only after every check passed. Exits 0 when they did,
 * 1 when one failed (and says which), 2 without its handles.
 *
 * Under the gate's -icount profiles the clock starts at run-qemu.sh's
 * fixed date and follows the guest's time; without -icount it is the
 * host's UTC time.
 *
 * Handles: [0] self, [1] supervisor SEND, [2] rtc SEND, [3] console.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "rtc.h"
#include "svc/client.h"
#include "svc/rtc.h"

enum rtcprobe_handle { H_SELF, H_SUPERVISOR, H_RTC, H_CONSOLE, H_COUNT };

/* rtcd's answer to NOW into *ret_ns: 0 or the call's error. */
static long rtcprobe_now(cairn_handle_t rtc, uint64_t *ret_ns)
{
	const struct svc_rtc_now_request req = {0};
	struct svc_rtc_now_reply rep = {0};
	long rc = svc_rtc_now_call(rtc, &req, &rep, SVC_CALL_TIMEOUT);

	if (rc == 0)
		*ret_ns = rep.ns;
	return rc;
}

/* Midnight UTC on 1 January of `year`, in nanoseconds since the epoch. */
static uint64_t rtcprobe_new_year(uint32_t year)
{
	const struct rtc_date d = {.year = year, .month = 1, .day = 1};
	uint64_t ns = 0;

	(void)rtc_from_date(&d, &ns); /* a valid date for every year the probe names */
	return ns;
}

/* Why the two readings do not hold together, or NULL when they do. */
static const char *rtcprobe_judge(uint64_t first, uint64_t second)
{
	if (first < rtcprobe_new_year(2024))
		return "before 2024-01-01";
	if (first > rtcprobe_new_year(2100) || second > rtcprobe_new_year(2100))
		return "after 2100-01-01";
	if (second < first)
		return "the second reading is before the first";
	return NULL;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	char text[RTC_TEXT_LEN + 1] = "";
	struct rtc_date date;
	uint64_t first = 0;
	uint64_t second = 0;
	const char *why;
	cairn_handle_t console;
	long rc;

	if (count < H_COUNT)
		return 2;
	console = handles[H_CONSOLE];
	if ((rc = rtcprobe_now(handles[H_RTC], &first)) == 0)
		rc = rtcprobe_now(handles[H_RTC], &second);
	if (rc != 0) {
		(void)cairn_printf(console, "rtcprobe: NOW: %s\n", cairn_err_name(rc));
		return 1;
	}
	rtc_to_date(first, &date);
	(void)rtc_format(&date, text, sizeof(text));
	if ((why = rtcprobe_judge(first, second)) != NULL) {
		(void)cairn_printf(console, "rtcprobe: %s (%s, then %llu ns)\n", why, text,
				   (unsigned long long)second);
		return 1;
	}
	(void)cairn_printf(console, "rtcprobe: %s, and %llu ns later by rtcd's next answer\n", text,
			   (unsigned long long)(second - first));
	(void)cairn_printf(console, "%s\n", MARKER_RTC_READ);
	return 0;
}
