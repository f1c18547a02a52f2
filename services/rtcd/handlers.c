/*
 * rtcd's handlers: NOW reads the clock afresh through librtc and answers
 * it, or ERR_RANGE when it reads as a clock never set. No policy check:
 * the time is anyone's (idl/rtc.yaml). Pure: the registers come through
 * the state's accessor, so tests/ runs the handlers on the host.
 */
#include "handlers.h"

#include "cairn/abi/errors.h"

static long on_now(void *ctx, struct svc_exchange *x, const struct svc_rtc_now_request *req,
		   struct svc_rtc_now_reply *rep)
{
	struct rtcd_state *state = ctx;
	uint64_t ns = rtc_goldfish_read(&state->io);

	(void)x;
	(void)req;
	state->requests++;
	if (rtc_check(ns) != 0) {
		state->unset++;
		return ERR_RANGE;
	}
	rep->ns = ns;
	return 0;
}

const struct svc_rtc_handlers rtcd_handlers = {.now = on_now};
