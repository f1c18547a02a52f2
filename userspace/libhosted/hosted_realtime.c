/*
 * The wall clock of hosted_time.h (RFC-0020): rtcd's NOW, asked once,
 * through the handle the start block calls `rtc` (or, without one, rtcd's
 * endpoint looked up as `rtc` through a `registry` handle, which is what
 * the shell's `run` gives), at the first call; from
 * then on that answer advanced by the monotonic clock, so the time of day
 * never goes backwards within a run and costs no call after the first.
 * The answer is paired with the monotonic clock halfway through the call.
 * A call that fails is not kept: the next one asks again.
 */
#include <errno.h>
#include <stdbool.h>

#include "hosted.h"
#include "hosted_internal.h"
#include "hosted_time.h"
#include "svc/client.h"
#include "svc/rtc.h"

/* rtcd's answer and the monotonic clock at it; valid once `known` is set. */
static struct {
	bool known;
	uint64_t rtc_ns;
	uint64_t mono_ns;
} hosted_realtime;

/* rtcd's endpoint: the `rtc` handle, else one looked up once in the registry; or invalid. */
static cairn_handle_t hosted_rtc(void)
{
	static cairn_handle_t found = CAIRN_HANDLE_INVALID;
	cairn_handle_t registry = hosted_handle("registry");

	if (hosted_handle("rtc") != CAIRN_HANDLE_INVALID)
		return hosted_handle("rtc");
	if (found == CAIRN_HANDLE_INVALID && registry != CAIRN_HANDLE_INVALID &&
	    svc_registry_lookup(registry, "rtc", 3, &found) != 0)
		found = CAIRN_HANDLE_INVALID;
	return found;
}

/* rtcd's NOW into hosted_realtime: 0, -ENOSYS with no way to rtcd, -EIO when rtcd fails. */
static int hosted_realtime_ask(void)
{
	const struct svc_rtc_now_request req = {0};
	struct svc_rtc_now_reply rep = {0};
	cairn_handle_t rtc = hosted_rtc();
	uint64_t before;
	uint64_t after;

	if (rtc == CAIRN_HANDLE_INVALID)
		return -ENOSYS; /* no clock was given to this program */
	before = hosted_now_ns();
	if (svc_rtc_now_call(rtc, &req, &rep, SVC_CALL_TIMEOUT) != 0)
		return -EIO; /* rtcd is gone, or its clock was never set (ERR_RANGE) */
	after = hosted_now_ns();
	hosted_realtime.rtc_ns = rep.ns;
	hosted_realtime.mono_ns = before + (after - before) / 2;
	hosted_realtime.known = true;
	return 0;
}

int hosted_realtime_ns(uint64_t *ret_ns)
{
	int rc;

	if (!hosted_realtime.known && (rc = hosted_realtime_ask()) != 0)
		return rc;
	*ret_ns = hosted_realtime.rtc_ns + (hosted_now_ns() - hosted_realtime.mono_ns);
	return 0;
}
