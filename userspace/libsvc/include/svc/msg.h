/*
 * What every service protocol of libsvc shares: the register part of a
 * message as the codecs see it, the shape check each request decoder starts
 * with, and the wire forms of a service name and a list of names. The
 * protocols themselves are one header each, generated from an interface
 * file, idl/NAME.yaml, by tools/idlgen.py into build/gen/idl/include/svc/
 * (RFC-0012): svc/log.h, svc/policy.h, svc/registry.h, svc/supervisor.h and
 * svc/uart.h.
 *
 * Conventions of every protocol here:
 * - Tags: each protocol takes its own block of 256 (log 0x01xx, policy
 *   0x02xx, registry 0x03xx, ...), so a message sent to the wrong endpoint
 *   is refused as an unknown tag, never misread.
 * - A request's unused words must be 0 and its data length and handle count
 *   exactly what its tag says; anything else is ERR_INVAL.
 * - A reply carries the request's tag, its status (0 or an ERR_* code) in
 *   w[0] and, only when the status is 0, the results the protocol names.
 * - A name travels as its bytes followed by one NUL, which ends the data:
 *   data length = name length + 1. It follows svcname.h's rule.
 *
 * Pure: the codecs read and write a struct svc_msg and an IPC buffer in
 * memory; the system calls are in the client half (svc/client.h), so every
 * decoder runs in host tests and under libFuzzer.
 */
#ifndef SVC_MSG_H
#define SVC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "svcname.h"

/* The badge init holds on every endpoint (the service graph's design); 0 is "no badge". */
#define SVC_BADGE_INIT 1u

/* The register part of a message, field for field as struct cairn_msg (cairn/ipc.h). */
struct svc_msg {
	uint64_t info;
	uint64_t w[CAIRN_IPC_WORDS];
	uint64_t badge; /* the sender as the kernel stamped it; 0 on a reply */
};

/* What a request of one tag looks like on the wire. */
struct svc_shape {
	uint32_t tag;
	uint32_t len_min; /* data bytes */
	uint32_t len_max; /* at most CAIRN_IPC_DATA_MAX */
	uint32_t handles; /* exactly this many */
	uint32_t words;	  /* w[0..words) are used; the rest must be 0 */
};

/*
 * 0 when m's info word is valid (no bit outside CAIRN_IPC_INFO_VALID, data
 * length <= CAIRN_IPC_DATA_MAX, handle count <= CAIRN_IPC_HANDLES_MAX) and
 * m has exactly `shape`; ERR_INVAL otherwise.
 */
int svc_shape_check(const struct svc_msg *m, const struct svc_shape *shape);

/* A name taken off the wire: checked against svcname.h's rule, NUL-terminated. */
struct svc_name {
	char str[SVCNAME_MAX + 1];
	uint32_t len; /* 1..SVCNAME_MAX, or 0 where a protocol allows "no name" */
};

/* Data bytes a name of len bytes takes on the wire. */
#define SVC_NAME_WIRE(len) ((uint32_t)(len) + 1u)
#define SVC_NAME_WIRE_MAX  SVC_NAME_WIRE(SVCNAME_MAX)

/*
 * Takes the name that fills data[0..len): its bytes, then one NUL as the
 * last byte. `allow_empty` lets a lone NUL stand for "no name" (len 0).
 * ERR_INVAL for a missing NUL, a NUL before the last byte, a name longer
 * than SVCNAME_MAX or one the rule refuses. *ret_name is set on success only.
 */
int svc_name_decode(const uint8_t *data, uint32_t len, bool allow_empty, struct svc_name *ret_name);

/*
 * Fills *ret with the len bytes at s and a NUL, for an encoder to check and
 * send. ERR_INVAL (and *ret untouched) when len is over SVCNAME_MAX.
 */
int svc_name_set(struct svc_name *ret, const char *s, size_t len);

/*
 * Writes name[0..len) and a NUL to data (which has room for
 * SVC_NAME_WIRE_MAX bytes) and returns the data length, or ERR_INVAL for a
 * name the rule refuses (len 0 is refused unless allow_empty).
 */
int svc_name_encode(uint8_t *data, const char *name, size_t len, bool allow_empty);

/*
 * Takes the names that fill data[0..len): each its bytes and one NUL, each
 * valid, in strictly increasing byte order, at most `max` of them; an empty
 * data is none. ERR_INVAL otherwise; names[] and *ret_count are set on
 * success only.
 */
int svc_names_decode(const uint8_t *data, uint32_t len, uint32_t max, struct svc_name *names,
		     uint32_t *ret_count);

/*
 * Writes names[0..count) (each len bytes of str) to data, each with its NUL,
 * and returns the data length; ERR_INVAL for more than `max`, a name the
 * rule refuses, names out of order, or more than CAIRN_IPC_DATA_MAX bytes.
 */
int svc_names_encode(uint8_t *data, const struct svc_name *names, uint32_t count, uint32_t max);

/* Sets m up as a words-only reply to a request of `tag`: status in w[0], the rest 0. */
void svc_reply_status(struct svc_msg *m, uint32_t tag, long status);

/*
 * The status of a reply to a request of `tag`: 0, or the ERR_* code in w[0].
 * ERR_INVAL as well for a reply that is malformed (bad info word, another
 * tag, a status that is no ERR_* code, or data or handles with an error).
 * The reader of a 0 status then checks the rest of the reply's shape.
 */
int svc_reply_check(const struct svc_msg *m, uint32_t tag);

#endif /* SVC_MSG_H */
