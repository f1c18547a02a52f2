/*
 * A policy DECIDE request in a variable encoding, for ADR-0006's measurement
 * only: the bench times its decoder against the fixed-layout one the
 * protocol uses. The fields travel in the data bytes as a sequence of keys
 * (field number << 3 | wire type, a varint), each followed by a varint
 * (type 0) or a varint length and that many bytes (type 2): field 1 the
 * badge, 2 the action, 3 the object name. The decoder checks what the
 * fixed-layout decoder checks (badge non-zero, an askable action, the name
 * rule, a name exactly when the action takes one), refuses an unknown or
 * repeated field, a wrong wire type, an overlong or truncated varint and a
 * length past the end, and sets *ret only on success.
 */
#ifndef BENCH_VARINT_H
#define BENCH_VARINT_H

#include <stddef.h>
#include <stdint.h>

#include "svc/policy.h"

/* Bytes written to data (room for SVC_NAME_WIRE_MAX + 24), or ERR_INVAL. */
int bench_varint_decide_encode(uint8_t *data, uint64_t badge, uint32_t action, const char *object,
			       size_t len);

int bench_varint_decide_decode(const uint8_t *data, uint32_t len,
			       struct svc_policy_decide_request *ret);

#endif /* BENCH_VARINT_H */
