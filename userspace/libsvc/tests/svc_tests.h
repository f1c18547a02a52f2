/*
 * The suites of libsvc's host test, one per protocol file, run together by
 * test_svc.c, and the helpers they share for building raw messages.
 */
#ifndef SVC_TESTS_H
#define SVC_TESTS_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/ipc.h"
#include "svc/msg.h"

Suite *svc_msg_suite(void);
Suite *svc_log_suite(void);
Suite *svc_policy_suite(void);
Suite *svc_registry_suite(void);
Suite *svc_uart_suite(void);
Suite *svc_supervisor_suite(void);

/* A request as a sender would put it on the wire: tag, data and handle count, words. */
static inline struct svc_msg raw_msg(uint32_t tag, uint32_t len, uint32_t handles, uint64_t w0,
				     uint64_t w1, uint64_t w2)
{
	return (struct svc_msg){
		.info = cairn_ipc_info(tag, len, handles), .w = {w0, w1, w2}, .badge = 0x105};
}

/* Puts the C string s and its NUL at buf->data; returns the wire length. */
static inline uint32_t put_cstr(struct cairn_ipc_buffer *buf, const char *s)
{
	size_t len = strlen(s);

	memcpy(buf->data, s, len + 1);
	return (uint32_t)len + 1;
}

#endif /* SVC_TESTS_H */
