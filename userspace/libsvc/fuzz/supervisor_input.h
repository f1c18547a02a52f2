/*
 * How the supervisor fuzz targets read their input as a message: 40 bytes
 * of registers (info, w[0..2], badge, each 8 bytes little-endian, zeros
 * past the end of the input), then the IPC buffer's bytes (zeros past the
 * end). Shared by fuzz_supervisor_request.c and fuzz_supervisor_list.c.
 */
#ifndef SUPERVISOR_INPUT_H
#define SUPERVISOR_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "svc/msg.h"

#define SUPERVISOR_INPUT_REGS 40u

static inline void supervisor_input_load(const uint8_t *data, size_t size, struct svc_msg *m,
					 struct cairn_ipc_buffer *buf)
{
	uint8_t regs[SUPERVISOR_INPUT_REGS] = {0};
	size_t rest = size > SUPERVISOR_INPUT_REGS ? size - SUPERVISOR_INPUT_REGS : 0;

	memcpy(regs, data, size < SUPERVISOR_INPUT_REGS ? size : SUPERVISOR_INPUT_REGS);
	memcpy(&m->info, regs, 8);
	memcpy(m->w, regs + 8, 24);
	memcpy(&m->badge, regs + 32, 8);
	memset(buf, 0, sizeof(*buf));
	if (rest > 0)
		memcpy(buf, data + SUPERVISOR_INPUT_REGS,
		       rest < sizeof(*buf) ? rest : sizeof(*buf));
}

#endif /* SUPERVISOR_INPUT_H */
