/*
 * logd, the journal: every service writes its log lines here and the shell
 * reads them back. The protocol is svc/log.h; the ring, the line format and
 * the per-sender rate limit are libjournal's. This file only marshals.
 *
 * logd's time is the number of well-formed requests it has received, not the clock
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

#define LOGD_RECORDS 128u /* the journal's ring */
#define LOGD_SENDERS 16u  /* senders the rate limit tracks at once */
#define LOGD_BURST   64u  /* records a sender may write back to back */
#define LOGD_PERIOD  2u	  /* messages received per token regained */

struct logd {
	struct journal journal;
	struct ratelimit limit;
	uint64_t clock; /* messages received */
};

static struct journal_record logd_records[LOGD_RECORDS];
static struct ratelimit_sender logd_senders[LOGD_SENDERS];

static long on_write(void *ctx, struct svc_exchange *x, const struct svc_log_write_request *req,
		     struct svc_log_write_reply *rep)
{
	struct logd *d = ctx;
	uint64_t badge = x->in.badge;

	d->clock++;
	if (ratelimit_admit(&d->limit, badge, d->clock) == RATELIMIT_DENY)
		return ERR_BUSY;
	return journal_append(&d->journal, d->clock, (enum journal_level)req->level, badge,
			      (const char *)req->text, req->text_len, &rep->seq);
}

/*
 * The TAIL reply for recs[0..count): each record formatted as a line
 * (journal_format), then packed (journal_pack_lines). ERR_INVAL when a
 * record does not format.
 */
static long tail_reply(const struct journal_record *recs, const struct journal_read *read,
		       struct svc_log_tail_reply *rep)
{
	static char text[SVC_LOG_TAIL_MAX][JOURNAL_LINE_MAX + 1];
	static char packed[CAIRN_IPC_DATA_MAX];
	struct journal_line lines[SVC_LOG_TAIL_MAX];

	for (uint32_t i = 0; i < read->count; i++) {
		lines[i] = (struct journal_line){.seq = recs[i].seq, .text = text[i]};
		if (journal_format(&recs[i], text[i], sizeof(text[i]), &lines[i].len) != 0)
			return ERR_INVAL;
	}
	rep->lines = packed;
	rep->lines_len = journal_pack_lines(packed, sizeof(packed), lines, read->count,
					    read->next_seq, &rep->next);
	rep->lost = read->lost;
	return 0;
}

static long on_tail(void *ctx, struct svc_exchange *x, const struct svc_log_tail_request *req,
		    struct svc_log_tail_reply *rep)
{
	struct logd *d = ctx;
	struct journal_record recs[SVC_LOG_TAIL_MAX];
	struct journal_read read;
	uint64_t from = req->from == SVC_LOG_SEQ_NEWEST ? journal_newest_from(&d->journal, req->max)
							: req->from;
	long status;

	(void)x;
	d->clock++;
	status = journal_read_from(&d->journal, from, recs, req->max, &read);
	return status != 0 ? status : tail_reply(recs, &read, rep);
}

static const struct svc_log_handlers logd_handlers = {.write = on_write, .tail = on_tail};

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
	return (int)-svc_log_serve(handles[H_LOG], &logd_handlers, &d);
}
