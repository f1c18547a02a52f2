/*
 * The journal logd keeps: a bounded ring of log records in storage the caller
 * provides, each stamped with a sequence number, the caller's time, a level
 * and the kernel badge of the sender. When the ring is full the oldest record
 * gives way and the journal counts it as dropped. Readers take the last N
 * records, or resume from a sequence number and learn how many they missed.
 * journal_format turns one record into the single line the shell's `log`
 * command prints.
 *
 * Pure: no clock (time is a parameter), no allocation, no globals, no I/O.
 * Rate limiting per sender lives beside it in ratelimit.h.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "svc/log.h" /* the levels and the text bound are logd's protocol's (idl/log.yaml) */

#define JOURNAL_LEVELS JOURNAL_LEVEL_COUNT /* the levels there are */

#define JOURNAL_MSG_MAX SVC_LOG_TEXT_MAX /* message bytes one record holds: one WRITE's */

/*
 * The longest line journal_format writes, without its terminating NUL:
 * "<seq> <time> <LEVEL> <0xbadge> <message>" with 20-digit numbers, a
 * 5-character level, an 18-character badge and every message byte escaped
 * as four characters (\xHH).
 */
#define JOURNAL_LINE_MAX (20u + 1u + 20u + 1u + 5u + 1u + 18u + 1u + 4u * JOURNAL_MSG_MAX)

struct journal_record {
	uint64_t seq;		   /* 0 for the first record ever appended, then +1 */
	uint64_t time;		   /* whatever clock the caller passed (logd: messages received) */
	uint64_t badge;		   /* the sender, as the kernel stamped it */
	uint8_t level;		   /* an enum journal_level */
	uint8_t len;		   /* message bytes used */
	char msg[JOURNAL_MSG_MAX]; /* raw bytes, not NUL-terminated */
};

/* Fields are the journal's own; read them, change them only through the calls below. */
struct journal {
	struct journal_record *slots;
	uint32_t capacity;
	uint32_t count;	   /* records held, at most capacity */
	uint32_t oldest;   /* slot of the oldest record held */
	uint64_t next_seq; /* the sequence number the next append gets */
	uint64_t dropped;  /* records overwritten before anyone could read them all */
};

/* What journal_read_from found besides the records it copied. */
struct journal_read {
	uint32_t count;	   /* records copied */
	uint64_t lost;	   /* records between the asked-for seq and the oldest held (gone) */
	uint64_t next_seq; /* pass this back in to continue */
};

/*
 * Makes j an empty journal over `slots`, which the caller owns and keeps
 * alive as long as j. ERR_INVAL when slots is NULL or capacity is 0.
 */
int journal_init(struct journal *j, struct journal_record *slots, uint32_t capacity);

/*
 * Appends a record. `msg` holds `len` raw bytes (NULL only when len is 0).
 * A full journal overwrites its oldest record and counts one drop.
 * ERR_INVAL for an unknown level or a NULL msg with len > 0; ERR_TOOLONG when
 * len > JOURNAL_MSG_MAX (the caller decides whether to cut it and retry).
 * On success *ret_seq (when not NULL) is the new record's sequence number.
 */
int journal_append(struct journal *j, uint64_t time, enum journal_level level, uint64_t badge,
		   const char *msg, size_t len, uint64_t *ret_seq);

/*
 * Copies the last min(max, count) records, oldest first, to ret_records and
 * their number to *ret_count. ERR_INVAL when ret_records is NULL and max > 0.
 */
int journal_tail(const struct journal *j, struct journal_record *ret_records, uint32_t max,
		 uint32_t *ret_count);

/*
 * Copies up to max records starting at sequence number seq, oldest first.
 * When seq is older than the oldest record held, copying starts at the oldest
 * and ret_read->lost says how many were overwritten in between. seq equal to
 * next_seq copies nothing and succeeds (the reader is up to date).
 * ERR_RANGE when seq is beyond next_seq; ERR_INVAL when ret_records is NULL
 * and max > 0.
 */
int journal_read_from(const struct journal *j, uint64_t seq, struct journal_record *ret_records,
		      uint32_t max, struct journal_read *ret_read);

/* The sequence number of the oldest of the newest `max` records held: where a reader of them
 * starts. */
uint64_t journal_newest_from(const struct journal *j, uint32_t max);

/* The fixed-width name of a level ("DEBUG", "INFO ", ...), or NULL for an unknown one. */
const char *journal_level_name(unsigned level);

/*
 * Writes rec as one NUL-terminated line, "<seq> <time> <LEVEL> <0xbadge> <msg>",
 * badge as 16 hex digits; message bytes outside printable ASCII, and the
 * backslash, are escaped as \xHH so the line is always one printable line.
 * *ret_len gets the length without the NUL. ERR_NOSPC when the line and its
 * NUL do not fit in size bytes (buf is then untouched); a buffer of
 * JOURNAL_LINE_MAX + 1 bytes always fits. ERR_INVAL for a record with an
 * unknown level or len > JOURNAL_MSG_MAX.
 */
int journal_format(const struct journal_record *rec, char *buf, size_t size, size_t *ret_len);

/* One record's line for a TAIL reply, as journal_format wrote it, without a newline. */
struct journal_line {
	uint64_t seq; /* the record's sequence number */
	const char *text;
	size_t len;
};

/*
 * The lines of a TAIL reply for lines[0..count) (records of consecutive
 * sequence numbers, oldest first): as many whole lines as fit in out's cap
 * bytes (at least SVC_LOG_LINE_MAX + 1, so one always goes), each followed
 * by a newline, a line longer than SVC_LOG_LINE_MAX cut to that with "..."
 * at its end. Returns the bytes written; *ret_next is the sequence number
 * of the first line that did not fit, or `next` when all did.
 */
uint32_t journal_pack_lines(char *out, uint32_t cap, const struct journal_line *lines,
			    uint32_t count, uint64_t next, uint64_t *ret_next);

#endif /* JOURNAL_H */
