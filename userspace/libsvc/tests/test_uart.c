/*
 * Host tests of svc/uart.h: WRITE, READ and SUBSCRIBE decoded from good
 * and malformed messages, the replies, the encoders round-tripping through
 * the decoders, and the client's reading of each reply.
 */
#include "cairn/abi/errors.h"
#include "svc/uart.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_write_decode)
{
	struct svc_uart_write w;
	struct svc_msg m = raw_msg(SVC_UART_WRITE, 7, 0, 0, 0, 0);

	memcpy(buf.data, "cairn> ", 7);
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.len, 7);
	ck_assert_ptr_eq(w.bytes, buf.data);
	ck_assert_mem_eq(w.bytes, "cairn> ", 7);
	m = raw_msg(SVC_UART_WRITE, SVC_UART_WRITE_MAX, 0, 0, 0, 0);
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.len, SVC_UART_WRITE_MAX);
}
END_TEST

START_TEST(test_write_decode_refuses)
{
	struct svc_uart_write w = {.len = 77};
	struct svc_msg m;

	m = raw_msg(SVC_UART_READ, 3, 0, 0, 0, 0); /* another tag */
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 0, 0, 0, 0, 0); /* nothing to write */
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, SVC_UART_WRITE_MAX + 1, 0, 0, 0, 0);
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 0, 1, 0, 0); /* an unused word */
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 0, 0, 0, 0);
	m.info |= 1ull << 40; /* a stray info bit */
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), ERR_INVAL);
	ck_assert_uint_eq(w.len, 77);
}
END_TEST

START_TEST(test_read_decode)
{
	uint32_t max = 0;
	struct svc_msg m = raw_msg(SVC_UART_READ, 0, 0, 1, 0, 0);

	ck_assert_int_eq(svc_uart_read_decode(&m, &max), 0);
	ck_assert_uint_eq(max, 1);
	m = raw_msg(SVC_UART_READ, 0, 0, SVC_UART_READ_MAX, 0, 0);
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), 0);
	ck_assert_uint_eq(max, SVC_UART_READ_MAX);
}
END_TEST

START_TEST(test_read_decode_refuses)
{
	uint32_t max = 77;
	struct svc_msg m;

	m = raw_msg(SVC_UART_READ, 0, 0, 0, 0, 0); /* zero bytes */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, SVC_UART_READ_MAX + 1, 0, 0);
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, (1ull << 32) + 1, 0, 0); /* wraps in 32 bits */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 1, 0, 8, 0, 0); /* data */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 1, 8, 0, 0); /* a handle */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, 8, 1, 0); /* w[1] */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 0, 0, 8, 0, 0); /* another tag */
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), ERR_INVAL);
	ck_assert_uint_eq(max, 77);
}
END_TEST

/* A SUBSCRIBE as the kernel would deliver it: the handle uartd got, with
 * `rights`. */
static struct svc_msg subscribe_msg(uint64_t bits, cairn_handle_t h, uint32_t rights)
{
	buf.handles[0] = (struct cairn_ipc_handle){.handle = h, .rights = rights};
	return raw_msg(SVC_UART_SUBSCRIBE, 0, 1, bits, 0, 0);
}

START_TEST(test_subscribe_decode)
{
	struct svc_uart_subscribe s;
	struct svc_msg m = subscribe_msg(1u << 3, 0x2a, RIGHT_SIGNAL | RIGHT_DUP);

	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.badge, 0x105);
	ck_assert_uint_eq(s.bits, 1u << 3);
	ck_assert_uint_eq(s.notify, 0x2a);
	m = subscribe_msg(SVC_UART_BITS_VALID, 0x2b, RIGHT_SIGNAL);
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.bits, 0xffffffffu);
}
END_TEST

START_TEST(test_subscribe_decode_refuses)
{
	struct svc_uart_subscribe s = {.bits = 77};
	struct svc_msg m;

	m = subscribe_msg(0, 0x2a, RIGHT_SIGNAL); /* no bits */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1ull << 32, 0x2a, RIGHT_SIGNAL); /* a bit a notification lacks */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_WAIT | RIGHT_DUP); /* cannot be signalled */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, CAIRN_HANDLE_INVALID, RIGHT_SIGNAL);
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_SIGNAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 0, 0); /* the handle missing */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 0, 2); /* two */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 1, 1); /* data */
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_SIGNAL);
	m.w[2] = 1;
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), ERR_INVAL);
	ck_assert_uint_eq(s.bits, 77);
}
END_TEST

START_TEST(test_replies)
{
	struct svc_msg m = {.badge = 9};
	struct svc_uart_input in;
	uint32_t count = 0;

	svc_uart_write_reply(&m, 7);
	ck_assert_uint_eq(m.info, cairn_ipc_info(SVC_UART_WRITE, 0, 0));
	ck_assert_uint_eq(m.badge, 0);
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), 0);
	ck_assert_uint_eq(count, 7);

	memcpy(buf.data, "ls\r", 3);
	svc_uart_read_reply(&m, 3, 2);
	ck_assert_uint_eq(m.info, cairn_ipc_info(SVC_UART_READ, 3, 0));
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 16, &in), 0);
	ck_assert_uint_eq(in.len, 3);
	ck_assert_uint_eq(in.dropped, 2);
	ck_assert_mem_eq(in.bytes, "ls\r", 3);
	svc_uart_read_reply(&m, 0, 0); /* nothing waiting */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 16, &in), 0);
	ck_assert_uint_eq(in.len, 0);

	svc_reply_status(&m, SVC_UART_SUBSCRIBE, 0);
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m), 0);
	svc_reply_status(&m, SVC_UART_SUBSCRIBE, ERR_NOSPC);
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m), ERR_NOSPC);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_uart_write w;
	struct svc_uart_subscribe s;
	uint32_t max = 0;

	ck_assert_int_eq(svc_uart_write_encode(&m, &buf, "hi\r\n", 4), 0);
	m.badge = 0x107;
	ck_assert_int_eq(svc_uart_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.len, 4);
	ck_assert_mem_eq(w.bytes, "hi\r\n", 4);

	ck_assert_int_eq(svc_uart_read_encode(&m, 64), 0);
	ck_assert_int_eq(svc_uart_read_decode(&m, &max), 0);
	ck_assert_uint_eq(max, 64);

	ck_assert_int_eq(svc_uart_subscribe_encode(&m, &buf, 0x33, 1u << 31), 0);
	ck_assert_uint_eq(buf.handles[0].handle, 0x33);
	ck_assert_uint_eq(buf.handles[0].rights, RIGHT_SIGNAL);
	ck_assert_uint_eq(buf.handles[0].mode, CAIRN_IPC_COPY);
	m.badge = 0x107;
	ck_assert_int_eq(svc_uart_subscribe_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.bits, 1u << 31);
	ck_assert_uint_eq(s.badge, 0x107);
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x1234};

	ck_assert_int_eq(svc_uart_write_encode(&m, &buf, "x", 0), ERR_INVAL);
	ck_assert_int_eq(svc_uart_write_encode(&m, &buf, buf.data, SVC_UART_WRITE_MAX + 1),
			 ERR_INVAL);
	ck_assert_int_eq(svc_uart_write_encode(&m, &buf, NULL, 1), ERR_INVAL);
	ck_assert_int_eq(svc_uart_read_encode(&m, 0), ERR_INVAL);
	ck_assert_int_eq(svc_uart_read_encode(&m, SVC_UART_READ_MAX + 1), ERR_INVAL);
	ck_assert_int_eq(svc_uart_subscribe_encode(&m, &buf, CAIRN_HANDLE_INVALID, 1), ERR_INVAL);
	ck_assert_int_eq(svc_uart_subscribe_encode(&m, &buf, 5, 0), ERR_INVAL);
	ck_assert_uint_eq(m.info, 0x1234);
}
END_TEST

START_TEST(test_reply_decoders_refuse)
{
	struct svc_uart_input in = {.len = 77};
	uint32_t count = 77;
	struct svc_msg m;

	svc_reply_status(&m, SVC_UART_WRITE, ERR_TIMEOUT);
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), ERR_TIMEOUT);
	svc_uart_write_reply(&m, 0); /* nothing written is no success */
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), ERR_INVAL);
	svc_uart_write_reply(&m, SVC_UART_WRITE_MAX + 1);
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), ERR_INVAL);
	svc_uart_write_reply(&m, 3);
	m.w[2] = 1;
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), ERR_INVAL);
	svc_uart_write_reply(&m, 3);
	m.info = cairn_ipc_info(SVC_UART_READ, 0, 0); /* the reply of another request */
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &count), ERR_INVAL);
	ck_assert_uint_eq(count, 77);

	svc_uart_read_reply(&m, 9, 0); /* more than asked for */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 8, &in), ERR_INVAL);
	svc_uart_read_reply(&m, 3, 0);
	m.info = cairn_ipc_info(SVC_UART_READ, 3, 1); /* a handle */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 8, &in), ERR_INVAL);
	svc_uart_read_reply(&m, 3, 0);
	m.w[2] = 4;
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 8, &in), ERR_INVAL);
	svc_reply_status(&m, SVC_UART_READ, ERR_INVAL);
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, 8, &in), ERR_INVAL);
	ck_assert_uint_eq(in.len, 77);

	svc_reply_status(&m, SVC_UART_SUBSCRIBE, 0);
	m.w[1] = 1;
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m), ERR_INVAL);
	svc_reply_status(&m, SVC_UART_SUBSCRIBE, 5); /* no ERR_* code */
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m), ERR_INVAL);
}
END_TEST

Suite *svc_uart_suite(void)
{
	Suite *s = suite_create("svc_uart");
	TCase *tc = tcase_create("uart");

	tcase_add_test(tc, test_write_decode);
	tcase_add_test(tc, test_write_decode_refuses);
	tcase_add_test(tc, test_read_decode);
	tcase_add_test(tc, test_read_decode_refuses);
	tcase_add_test(tc, test_subscribe_decode);
	tcase_add_test(tc, test_subscribe_decode_refuses);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_encoders_round_trip);
	tcase_add_test(tc, test_encoders_refuse);
	tcase_add_test(tc, test_reply_decoders_refuse);
	suite_add_tcase(s, tc);
	return s;
}
