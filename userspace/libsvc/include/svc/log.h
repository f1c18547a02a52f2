/*
 * logd's protocol: services write log lines, the shell reads the journal
 * back. logd keys every record by the caller's kernel badge, so a writer
 * cannot claim to be someone else. This header owns the tags, the word and
 * data layout of each request and reply, the levels, the bounds, and the
 * pure codecs; logd's storage, line format and rate limit are libjournal's,
 * which takes the levels and the text bound from here.
 *
 * SVC_LOG_WRITE (any caller)
 *   request: w[0] level (enum journal_level: 0 DEBUG .. 3 ERROR), w[1], w[2] 0;
 *            data: the text, 1..SVC_LOG_TEXT_MAX raw bytes, no NUL needed
 *            (logd escapes anything unprintable when it formats); no handles.
 *   reply:   w[0] 0, ERR_INVAL (malformed) or ERR_BUSY (the caller is over
 *            its rate; the record was dropped); w[1] the record's sequence
 *            number when 0.
 *
 * SVC_LOG_TAIL (any caller)
 *   request: w[0] how many records at most, 1..SVC_LOG_TAIL_MAX;
 *            w[1] the first sequence number wanted, or SVC_LOG_SEQ_NEWEST
 *            for the newest w[0] records; w[2] 0; no data, no handles.
 *   reply:   w[0] 0, ERR_INVAL, or ERR_RANGE (w[1] is past the newest record);
 *            when 0: w[1] the sequence number to ask for next (equal to the
 *            one asked for when nothing was new), w[2] records lost
 *            (overwritten) before the first one sent; data: whole records,
 *            oldest first, each as logd formats it (libjournal's
 *            journal_format) and a '\n'. A line longer than
 *            SVC_LOG_LINE_MAX is cut to that and ends "...".
 *            A reply may carry fewer records than asked for: ask again
 *            from w[1] until it carries none.
 */
#ifndef SVC_LOG_H
#define SVC_LOG_H

#include <stdint.h>

#include <stddef.h>

#include "cairn/abi/ipc.h"
#include "svc/msg.h"

enum svc_log_tag {
	SVC_LOG_WRITE = 0x0101,
	SVC_LOG_TAIL = 0x0102,
};

/* A record's level, w[0] of a WRITE. */
enum journal_level {
	JOURNAL_DEBUG = 0,
	JOURNAL_INFO = 1,
	JOURNAL_WARN = 2,
	JOURNAL_ERROR = 3,
	JOURNAL_LEVELS = 4, /* the count; not a level */
};

#define SVC_LOG_TEXT_MAX   120u	      /* text bytes one WRITE carries */
#define SVC_LOG_TAIL_MAX   8u	      /* records one TAIL asks for at most */
#define SVC_LOG_SEQ_NEWEST UINT64_MAX /* TAIL from: the newest records */
/* The longest line in a TAIL reply, without its '\n'; longer ones are cut. */
#define SVC_LOG_LINE_MAX (CAIRN_IPC_DATA_MAX - 1u)

_Static_assert(SVC_LOG_TEXT_MAX <= CAIRN_IPC_DATA_MAX, "a WRITE fits one message");

struct svc_log_write {
	uint64_t badge; /* the writer */
	uint32_t level; /* an enum journal_level */
	uint32_t len;	/* 1..SVC_LOG_TEXT_MAX */
	char text[SVC_LOG_TEXT_MAX];
};

struct svc_log_tail {
	uint64_t from; /* a sequence number or SVC_LOG_SEQ_NEWEST */
	uint32_t max;  /* 1..SVC_LOG_TAIL_MAX */
};

/* Server side. Each decoder is 0 and *ret set, or ERR_INVAL and *ret untouched. */
int svc_log_write_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			 struct svc_log_write *ret);
int svc_log_tail_decode(const struct svc_msg *m, struct svc_log_tail *ret);

/* One record's line for a TAIL reply, as logd formatted it, without a '\n'. */
struct svc_log_line {
	uint64_t seq;	  /* the record's sequence number */
	const char *text; /* len bytes, not NUL-terminated */
	size_t len;
};

/*
 * The TAIL reply for lines[0..count) (records of consecutive sequence
 * numbers, oldest first): packs as many whole lines as fit into buf->data,
 * each followed by '\n' and a line longer than SVC_LOG_LINE_MAX cut to that
 * with "..." at its end, so at least one goes when count > 0. `next` is the
 * sequence number after the last line's record (the reader's next when all
 * of them fit); `lost` goes to w[2].
 */
void svc_log_tail_reply(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			const struct svc_log_line *lines, uint32_t count, uint64_t next,
			uint64_t lost);

/* Client side: requests ready to send. ERR_INVAL for a level, text or count out of bounds. */
int svc_log_write_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, uint32_t level,
			 const char *text, size_t len);
int svc_log_tail_encode(struct svc_msg *m, uint32_t max, uint64_t from);

/* A TAIL reply as the client reads it; text points into the caller's buffer. */
struct svc_log_lines {
	uint64_t next;
	uint64_t lost;
	const char *text; /* len bytes of '\n'-terminated lines, not NUL-terminated */
	uint32_t len;
};

/*
 * Checks a TAIL reply: its status (returned when not 0), no handles, data
 * empty or ending in '\n'. ERR_INVAL for a malformed reply.
 */
int svc_log_tail_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct svc_log_lines *ret);

#endif /* SVC_LOG_H */
