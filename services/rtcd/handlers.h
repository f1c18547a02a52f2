/* rtcd's handlers for the generated dispatch of svc/rtc.h (idl/rtc.yaml). */
#ifndef SERVICE_RTCD_HANDLERS_H
#define SERVICE_RTCD_HANDLERS_H

#include "rtc.h"
#include "svc/rtc.h"

/* What rtcd keeps between requests; the handlers get it as ctx. */
struct rtcd_state {
	struct rtc_io io;  /* the clock's registers (main.c maps them; a model in the tests) */
	uint64_t requests; /* NOW answered so far */
	uint64_t unset;	   /* of them, refused: the clock read before 2020 (rtc_check) */
};

extern const struct svc_rtc_handlers rtcd_handlers;

#endif /* SERVICE_RTCD_HANDLERS_H */
