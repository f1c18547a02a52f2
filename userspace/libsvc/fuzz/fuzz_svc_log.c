/*
 * libFuzzer target for logd's protocol (svc/log.h): every input is decoded
 * as a WRITE, as a TAIL and as a TAIL reply. Beyond ASan and UBSan it checks
 * the header's promises: an accepted request is within its bounds, carries
 * the kernel's badge and comes out of its encoder unchanged; a refused one
 * is ERR_INVAL and leaves the result untouched; an accepted TAIL reply is
 * whole lines. The input's data bytes are also packed as lines (without a
 * newline, as logd formats records) into a TAIL reply, which must hold whole
 * lines no longer than SVC_LOG_LINE_MAX, resume at the first record left
 * out, and read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "svc/log.h"
#include "svc_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_log_write(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_log_write w;
	struct svc_msg e;
	int rc;

	memset(&w, SVC_INPUT_FILL, sizeof(w));
	rc = svc_log_write_decode(m, buf, &w);
	if (rc != 0) {
		if (rc != ERR_INVAL)
			abort();
		svc_input_check_untouched(&w, sizeof(w));
		return;
	}
	if (w.len == 0 || w.len > SVC_LOG_TEXT_MAX || w.level >= JOURNAL_LEVELS ||
	    w.badge != m->badge || memcmp(w.text, buf->data, w.len) != 0)
		abort();
	if (svc_log_write_encode(&e, &again, w.level, w.text, w.len) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_log_tail(const struct svc_msg *m)
{
	struct svc_log_tail t;
	struct svc_msg e;
	int rc;

	memset(&t, SVC_INPUT_FILL, sizeof(t));
	rc = svc_log_tail_decode(m, &t);
	if (rc != 0) {
		if (rc != ERR_INVAL)
			abort();
		svc_input_check_untouched(&t, sizeof(t));
		return;
	}
	if (t.max == 0 || t.max > SVC_LOG_TAIL_MAX || t.from != m->w[1])
		abort();
	if (svc_log_tail_encode(&e, t.max, t.from) != 0)
		abort();
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_log_tail_reply_read(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	struct svc_log_lines lines;
	int rc;

	memset(&lines, SVC_INPUT_FILL, sizeof(lines));
	rc = svc_log_tail_reply_decode(m, buf, &lines);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &lines, sizeof(lines));
		return;
	}
	if (lines.len != cairn_ipc_len(m->info) || lines.len > CAIRN_IPC_DATA_MAX ||
	    (lines.len > 0 && lines.text[lines.len - 1] != '\n') || lines.next != m->w[1] ||
	    lines.lost != m->w[2])
		abort();
}

/* Checks that data[0..len) is whole lines of at most SVC_LOG_LINE_MAX; returns their count. */
static uint32_t fuzz_log_count_lines(const uint8_t *data, uint32_t len)
{
	uint32_t lines = 0;
	uint32_t start = 0;

	for (uint32_t i = 0; i < len; i++) {
		if (data[i] != '\n')
			continue;
		if (i - start > SVC_LOG_LINE_MAX)
			abort();
		lines++;
		start = i + 1;
	}
	if (start != len)
		abort();
	return lines;
}

/* Lines made from the input's bytes (newlines made spaces), packed into a reply as logd would. */
static void fuzz_log_tail_reply_pack(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer out;
	static char text[SVC_LOG_TAIL_MAX][2 * CAIRN_IPC_DATA_MAX];
	struct svc_log_line recs[SVC_LOG_TAIL_MAX];
	struct svc_msg m;
	struct svc_log_lines lines;
	uint32_t count = size > 0 ? data[0] % (SVC_LOG_TAIL_MAX + 1) : 0;
	size_t off = 1;

	for (uint32_t i = 0; i < count; i++) {
		size_t len = size > off ? (size - off) % (sizeof(text[i]) + 1) : 0;

		for (size_t k = 0; k < len; k++) {
			text[i][k] = (char)data[off + k];
			if (text[i][k] == '\n')
				text[i][k] = ' ';
		}
		recs[i] = (struct svc_log_line){.seq = 100 + i, .text = text[i], .len = len};
		off += len;
	}
	svc_log_tail_reply(&m, &out, recs, count, 100 + count, 5);
	if (svc_log_tail_reply_decode(&m, &out, &lines) != 0 || lines.lost != 5)
		abort();
	/* at least one record goes, and the reply resumes at the first one left out */
	if (lines.next != 100 + fuzz_log_count_lines(out.data, lines.len) ||
	    (count > 0 && lines.next == 100))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;

	svc_input_load(data, size, &m, &buf);
	fuzz_log_write(&m, &buf);
	fuzz_log_tail(&m);
	fuzz_log_tail_reply_read(&m, &buf);
	if (size > SVC_INPUT_DATA)
		fuzz_log_tail_reply_pack(data + SVC_INPUT_DATA, size - SVC_INPUT_DATA);
	return 0;
}
