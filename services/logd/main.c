/*
 * logd, the journal: every service writes its log lines here and the shell
 * reads them back. The protocol is svc/log.h; the ring, the line format and
 * the per-sender rate limit are libjournal's. This file only marshals.
 *
 * logd's time is the number of messages it has received, not the clock
 * (clock_read): records are stamped with it, and a
 * sender regains one token of its rate every LOGD_PERIOD messages logd
 * receives from anyone. logd's own records carry badge 0.
 *
 * Handles (manifest line in services/logd/README.md):
 * [0] self, [1] supervisor SEND, [2] log RECV.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/start.h"
#include "journal.h"
#include "ratelimit.h"
#include "services/logd_handles.h"
#include "svc/client.h"
#include "svc/log.h"
#include "svc/server.h"

#define LOGD_RECORDS 128u /* the journal's ring */
#define LOGD_SENDERS 16u  /* senders the rate limit tracks at once */
#define LOGD_BURST   64u  /* records a sender may write back to back */
#define LOGD_PERIOD  2u	  /* messages received per token regained */

struct logd {
	struct journal journal;
	struct ratelimit limit;
	uint64_t clock; /* messages received */
};

static void on_write(void *ctx, struct svc_exchange *x);
static void on_tail(void *ctx, struct svc_exchange *x);

static const struct svc_route logd_routes[] = {
	{SVC_LOG_WRITE, on_write},
	{SVC_LOG_TAIL, on_tail},
};

static struct journal_record logd_records[LOGD_RECORDS];
static struct ratelimit_sender logd_senders[LOGD_SENDERS];

static void on_write(void *ctx, struct svc_exchange *x)
{
	struct logd *d = ctx;
	struct svc_log_write req;
	uint64_t seq = 0;
	long status = svc_log_write_decode(&x->in, x->buf, &req);

	d->clock++;
	if (status == 0 && ratelimit_admit(&d->limit, req.badge, d->clock) == RATELIMIT_DENY)
		status = ERR_BUSY;
	if (status == 0)
		status = journal_append(&d->journal, d->clock, (enum journal_level)req.level,
					req.badge, req.text, req.len, &seq);
	svc_reply_status(&x->out, SVC_LOG_WRITE, status);
	if (status == 0)
		x->out.w[1] = seq;
}

/*
 * The TAIL reply for recs[0..count): each record formatted as a line
 * (journal_format), then packed (svc_log_tail_reply). ERR_INVAL, as the
 * reply, when a record does not format.
 */
static void tail_reply(struct svc_exchange *x, const struct journal_record *recs,
		       const struct journal_read *read)
{
	static char text[SVC_LOG_TAIL_MAX][JOURNAL_LINE_MAX + 1];
	struct svc_log_line lines[SVC_LOG_TAIL_MAX];

	for (uint32_t i = 0; i < read->count; i++) {
		lines[i] = (struct svc_log_line){.seq = recs[i].seq, .text = text[i]};
		if (journal_format(&recs[i], text[i], sizeof(text[i]), &lines[i].len) != 0) {
			svc_reply_status(&x->out, SVC_LOG_TAIL, ERR_INVAL);
			return;
		}
	}
	svc_log_tail_reply(&x->out, x->buf, lines, read->count, read->next_seq, read->lost);
}

static void on_tail(void *ctx, struct svc_exchange *x)
{
	struct logd *d = ctx;
	struct svc_log_tail req;
	struct journal_record recs[SVC_LOG_TAIL_MAX];
	struct journal_read read;
	long status = svc_log_tail_decode(&x->in, &req);

	d->clock++;
	if (status == 0) {
		uint64_t from = req.from == SVC_LOG_SEQ_NEWEST
					? journal_newest_from(&d->journal, req.max)
					: req.from;

		status = journal_read_from(&d->journal, from, recs, req.max, &read);
	}
	if (status != 0) {
		svc_reply_status(&x->out, SVC_LOG_TAIL, status);
		return;
	}
	tail_reply(x, recs, &read);
}

/* logd's own line, kept in its journal under badge 0. */
static void logd_note(struct logd *d, enum journal_level level, const char *text, size_t len)
{
	(void)journal_append(&d->journal, d->clock, level, 0, text, len, NULL);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static const char started[] = "logd: serving";
	static const char unready[] = "logd: supervisor did not take READY";
	static struct logd d;

	if (count < H_COUNT || journal_init(&d.journal, logd_records, LOGD_RECORDS) != 0 ||
	    ratelimit_init(&d.limit, logd_senders, LOGD_SENDERS, LOGD_BURST, LOGD_PERIOD) != 0)
		return 1;
	logd_note(&d, JOURNAL_INFO, started, sizeof(started) - 1);
	if (svc_ready(handles[H_SUPERVISOR]) != 0)
		logd_note(&d, JOURNAL_WARN, unready, sizeof(unready) - 1);
	return (int)-svc_serve(handles[H_LOG], logd_routes,
			       sizeof(logd_routes) / sizeof(logd_routes[0]), &d);
}
