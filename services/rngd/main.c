/*
 * rngd, the entropy authority (RFC-0019): random bytes for the callers
 * policyd allows, from an HMAC-DRBG that librng seeds and reseeds only with
 * virtio-rng input that passed SP 800-90B's health tests. The protocol is
 * svc/rng.h; the tests and the DRBG are librng's; the device side is
 * device.c. This file marshals: raw bytes go from the device into librng
 * until it can answer, and a failed test is said once, at ERROR, and ends
 * all output for good.
 *
 * Handles (manifest line in services/rngd/README.md):
 * [0] self, [1] supervisor SEND, [2] rng-mmio, [3] rng-irq, [4] rng RECV,
 * [5] policy SEND, [6] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "rngd.h"
#include "services/rngd_handles.h"
#include "svc/client.h"
#include "svc/policy.h"
#include "svc/rng.h"
#include "svc/server.h"

#define RNGD_OBJECT "rng" /* what policyd's rules call the random bytes */

/* One line to logd, "rngd: <what>[: <error>]" (svc_log_say). */
static void rngd_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "rngd", what, err);
}

/* The health test's failure, said once: which test, at which raw sample. */
static void rngd_say_failure(struct rngd *d)
{
	char line[80];

	if (d->failure_said)
		return;
	d->failure_said = true;
	(void)snprintf(line, sizeof(line), "health test failed: %s at sample %llu; no more output",
		       rng_failure_name(d->rng.health.failure),
		       (unsigned long long)rng_failed_at(&d->rng));
	rngd_log(d->log, JOURNAL_ERROR, line, ERR_IO);
}

/* Raw bytes from the device into librng until it can give `count`: 0 or ERR_IO. */
static long rngd_fill(struct rngd *d, size_t count)
{
	while (rng_needs(&d->rng, count) > 0) {
		long got = rngd_device_read(d);

		if (got < 0)
			return ERR_IO;
		if (rng_feed(&d->rng, d->raw, (size_t)got) != 0) {
			rngd_say_failure(d);
			return ERR_IO;
		}
	}
	return 0;
}

/* policyd's answer for `badge`, asked once and kept: 0 or ERR_DENIED. */
static long rngd_allowed(struct rngd *d, uint64_t badge)
{
	bool allow = false;

	for (uint32_t i = 0; i < d->ncallers; i++)
		if (d->callers[i].badge == badge)
			return d->callers[i].allowed ? 0 : ERR_DENIED;
	if (svc_policy_decide(d->policy, badge, POLICY_READ, RNGD_OBJECT, sizeof(RNGD_OBJECT) - 1,
			      &allow) != 0)
		return ERR_DENIED; /* not being able to ask is a denial, and is asked again */
	if (d->ncallers < RNGD_CALLERS)
		d->callers[d->ncallers++] = (struct rngd_caller){.badge = badge, .allowed = allow};
	return allow ? 0 : ERR_DENIED;
}

static long on_read(void *ctx, struct svc_exchange *x, const struct svc_rng_read_request *req,
		    struct svc_rng_read_reply *rep)
{
	static uint8_t out[SVC_RNG_READ_MAX];
	struct rngd *d = ctx;
	long rc = rngd_allowed(d, x->in.badge);

	if (rc != 0)
		return rc;
	if ((rc = rngd_fill(d, req->count)) != 0)
		return rc;
	if ((rc = rng_generate(&d->rng, out, req->count)) != 0)
		return rc == ERR_IO ? ERR_IO : ERR_INVAL;
	rep->bytes = out;
	rep->bytes_len = req->count;
	return 0;
}

static long on_stats(void *ctx, struct svc_exchange *x, const struct svc_rng_stats_request *req,
		     struct svc_rng_stats_reply *rep)
{
	const struct rngd *d = ctx;

	(void)x, (void)req;
	*rep = (struct svc_rng_stats_reply){.failed = d->rng.state == RNG_FAILED,
					    .failure = (uint32_t)d->rng.health.failure,
					    .reseeds = (uint32_t)d->rng.reseeds,
					    .samples = d->rng.health.samples};
	return 0;
}

/*
 * A device that broke the protocol or went silent is given up: the request
 * after the one that found it ends rngd (status 3), and init starts a new
 * one, which resets the device and tests its input from the start.
 */
static long rngd_admit(void *ctx, struct svc_exchange *x)
{
	const struct rngd *d = ctx;

	(void)x;
	if (d->broken) {
		rngd_log(d->log, JOURNAL_ERROR, "the device broke; ending", ERR_IO);
		cairn_process_exit(3);
	}
	return 0;
}

static const struct svc_rng_handlers rngd_handlers = {
	.admit = rngd_admit,
	.read = on_read,
	.stats = on_stats,
};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct rngd d;
	long rc;

	if (count < H_COUNT)
		return 1;
	d = (struct rngd){.self = handles[H_SELF],
			  .mmio = handles[H_RNG_MMIO],
			  .irq = handles[H_RNG_IRQ],
			  .policy = handles[H_POLICY],
			  .log = handles[H_LOG]};
	if ((rc = rng_init(&d.rng, "cairn rngd")) != 0 || (rc = rngd_device_up(&d)) != 0) {
		rngd_log(d.log, JOURNAL_ERROR, "no device", rc);
		return 1;
	}
	/* Start-up tests and the first seed before READY: a caller never waits for them. */
	if (rngd_fill(&d, 1) == 0)
		rngd_log(d.log, JOURNAL_INFO, "health tests passed; serving", 0);
	else if (!d.failure_said)
		rngd_log(d.log, JOURNAL_ERROR, "the device failed before the first seed", ERR_IO);
	if ((rc = svc_ready(handles[H_SUPERVISOR])) != 0)
		rngd_log(d.log, JOURNAL_WARN, "supervisor did not take READY", rc);
	rc = svc_rng_serve(handles[H_RNG], &rngd_handlers, &d);
	rngd_log(d.log, JOURNAL_ERROR, "receive failed", rc);
	return 3;
}
