/*
 * How libsvc's fuzz targets read their input as a received message: 40
 * bytes of registers (info, w[0..2], badge, each 8 bytes little-endian),
 * then the IPC buffer's handle slots (4 x 16 bytes: handle, rights, mode,
 * reserved, each 4 bytes little-endian), then its data bytes; zeros past the
 * end of the input. Handles come before data so that a seed with a handle
 * and a short name stays short. Also the checks the targets share: a
 * refusal leaves the result untouched, and an accepted message comes out of
 * its encoder again unchanged. For fuzz targets only (it aborts on a breach,
 * which libFuzzer reports).
 */
#ifndef SVC_INPUT_H
#define SVC_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "svc/msg.h"

/* Byte offsets in an input: registers, then handle slots, then data. */
#define SVC_INPUT_REGS 40u
#define SVC_INPUT_DATA (SVC_INPUT_REGS + 16u * CAIRN_IPC_HANDLES_MAX)
#define SVC_INPUT_FILL 0xa5 /* what a result holds before a decoder runs */

static inline void svc_input_load(const uint8_t *data, size_t size, struct svc_msg *m,
				  struct cairn_ipc_buffer *buf)
{
	uint8_t in[SVC_INPUT_DATA + CAIRN_IPC_DATA_MAX] = {0};

	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	memcpy(&m->info, in, 8);
	memcpy(m->w, in + 8, 24);
	memcpy(&m->badge, in + 32, 8);
	memcpy(buf->handles, in + SVC_INPUT_REGS, sizeof(buf->handles));
	memcpy(buf->data, in + SVC_INPUT_DATA, sizeof(buf->data));
}

/* Aborts unless ret (filled with SVC_INPUT_FILL before a refusing decoder ran) is untouched. */
static inline void svc_input_check_untouched(const void *ret, size_t size)
{
	const uint8_t *p = ret;

	for (size_t i = 0; i < size; i++)
		if (p[i] != SVC_INPUT_FILL)
			abort();
}

/* A reply reader's refusal: a status of the ERR_* list, and ret untouched. */
static inline void svc_input_check_reply_refusal(int rc, const void *ret, size_t size)
{
	if (rc >= 0 || rc < ERR_LAST)
		abort();
	svc_input_check_untouched(ret, size);
}

/* Aborts unless e is m word for word and, unless mb is NULL, data byte for byte. */
static inline void svc_input_check_same(const struct svc_msg *e, const struct cairn_ipc_buffer *eb,
					const struct svc_msg *m, const struct cairn_ipc_buffer *mb)
{
	if (e->info != m->info || memcmp(e->w, m->w, sizeof(e->w)) != 0 ||
	    (mb != NULL && memcmp(eb->data, mb->data, cairn_ipc_len(m->info)) != 0))
		abort();
}

#endif /* SVC_INPUT_H */
