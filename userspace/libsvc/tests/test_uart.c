/*
 * Host tests of uartd's protocol as generated from idl/uart.yaml: WRITE,
 * READ and SUBSCRIBE decoded from good and malformed messages, the replies,
 * the encoders round-tripping through the decoders and refusing what the
 * decoders refuse, and the generated dispatch (a malformed request reaches
 * no handler, a missing handler is ERR_NOTSUP, a handler's error is the
 * reply's status, a reply the encoder refuses goes out as ERR_INVAL). The
 * wire is the one the hand-written codec had: these cases are its tests.
 */
#include "cairn/abi/errors.h"
#include "svc/uart.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_write_decode)
{
	struct svc_uart_write_request w;
	struct svc_msg m = raw_msg(SVC_UART_WRITE, 7, 0, 0, 0, 0);

	memcpy(buf.data, "cairn> ", 7);
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.bytes_len, 7);
	ck_assert_ptr_eq(w.bytes, buf.data);
	ck_assert_mem_eq(w.bytes, "cairn> ", 7);
	m = raw_msg(SVC_UART_WRITE, SVC_UART_WRITE_MAX, 0, 0, 0, 0);
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.bytes_len, SVC_UART_WRITE_MAX);
}
END_TEST

START_TEST(test_write_decode_refuses)
{
	struct svc_uart_write_request w = {.bytes_len = 77};
	struct svc_msg m;

	m = raw_msg(SVC_UART_READ, 3, 0, 0, 0, 0); /* another tag */
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 0, 0, 0, 0, 0); /* nothing to write */
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, SVC_UART_WRITE_MAX + 1, 0, 0, 0, 0);
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 0, 1, 0, 0); /* an unused word */
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 3, 0, 0, 0, 0);
	m.info |= 1ull << 40; /* a stray info bit */
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), ERR_INVAL);
	ck_assert_uint_eq(w.bytes_len, 77);
}
END_TEST

START_TEST(test_read_decode)
{
	struct svc_uart_read_request r = {0};
	struct svc_msg m = raw_msg(SVC_UART_READ, 0, 0, 1, 0, 0);

	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), 0);
	ck_assert_uint_eq(r.max, 1);
	m = raw_msg(SVC_UART_READ, 0, 0, SVC_UART_READ_MAX, 0, 0);
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), 0);
	ck_assert_uint_eq(r.max, SVC_UART_READ_MAX);
}
END_TEST

START_TEST(test_read_decode_refuses)
{
	struct svc_uart_read_request r = {.max = 77};
	struct svc_msg m;

	m = raw_msg(SVC_UART_READ, 0, 0, 0, 0, 0); /* zero bytes */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, SVC_UART_READ_MAX + 1, 0, 0);
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, (1ull << 32) + 1, 0, 0); /* wraps in 32 bits */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 1, 0, 8, 0, 0); /* data */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 1, 8, 0, 0); /* a handle */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 0, 0, 8, 1, 0); /* w[1] */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_UART_WRITE, 0, 0, 8, 0, 0); /* another tag */
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), ERR_INVAL);
	ck_assert_uint_eq(r.max, 77);
}
END_TEST

/* A SUBSCRIBE as the kernel would deliver it: the handle uartd got, with `rights`. */
static struct svc_msg subscribe_msg(uint64_t bits, cairn_handle_t h, uint32_t rights)
{
	buf.handles[0] = (struct cairn_ipc_handle){.handle = h, .rights = rights};
	return raw_msg(SVC_UART_SUBSCRIBE, 0, 1, bits, 0, 0);
}

START_TEST(test_subscribe_decode)
{
	struct svc_uart_subscribe_request s;
	struct svc_msg m = subscribe_msg(1u << 3, 0x2a, RIGHT_SIGNAL | RIGHT_DUP);

	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.bits, 1u << 3);
	ck_assert_uint_eq(s.notify, 0x2a);
	m = subscribe_msg(SVC_UART_BITS_VALID, 0x2b, RIGHT_SIGNAL);
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.bits, 0xffffffffu);
}
END_TEST

START_TEST(test_subscribe_decode_refuses)
{
	struct svc_uart_subscribe_request s = {.bits = 77};
	struct svc_msg m;

	m = subscribe_msg(0, 0x2a, RIGHT_SIGNAL); /* no bits */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1ull << 32, 0x2a, RIGHT_SIGNAL); /* a bit a notification lacks */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_WAIT | RIGHT_DUP); /* cannot be signalled */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, CAIRN_HANDLE_INVALID, RIGHT_SIGNAL);
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_SIGNAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 0, 0); /* the handle missing */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 0, 2); /* two */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 1, 1); /* data */
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	m = subscribe_msg(1, 0x2a, RIGHT_SIGNAL);
	m.w[2] = 1;
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), ERR_INVAL);
	ck_assert_uint_eq(s.bits, 77);
}
END_TEST

START_TEST(test_replies)
{
	struct svc_msg m = {.badge = 9};
	struct svc_uart_write_reply wr = {.count = 7};
	struct svc_uart_read_reply rr = {
		.dropped = 2, .bytes = (const uint8_t *)"ls\r", .bytes_len = 3};
	struct svc_uart_subscribe_reply sr = {0};

	ck_assert_int_eq(svc_uart_write_reply_encode(&m, &buf, &wr), 0);
	ck_assert_uint_eq(m.info, cairn_ipc_info(SVC_UART_WRITE, 0, 0));
	ck_assert_uint_eq(m.badge, 0);
	wr.count = 0;
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), 0);
	ck_assert_uint_eq(wr.count, 7);

	ck_assert_int_eq(svc_uart_read_reply_encode(&m, &buf, &rr), 0);
	ck_assert_uint_eq(m.info, cairn_ipc_info(SVC_UART_READ, 3, 0));
	rr = (struct svc_uart_read_reply){0};
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), 0);
	ck_assert_uint_eq(rr.bytes_len, 3);
	ck_assert_uint_eq(rr.dropped, 2);
	ck_assert_mem_eq(rr.bytes, "ls\r", 3);
	rr = (struct svc_uart_read_reply){0}; /* nothing waiting */
	ck_assert_int_eq(svc_uart_read_reply_encode(&m, &buf, &rr), 0);
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), 0);
	ck_assert_uint_eq(rr.bytes_len, 0);

	ck_assert_int_eq(svc_uart_subscribe_reply_encode(&m, &buf, &sr), 0);
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m, &buf, &sr), 0);
	svc_reply_status(&m, SVC_UART_SUBSCRIBE, ERR_NOSPC);
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m, &buf, &sr), ERR_NOSPC);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_uart_write_request w = {.bytes = (const uint8_t *)"hi\r\n", .bytes_len = 4};
	struct svc_uart_read_request r = {.max = 64};
	struct svc_uart_subscribe_request s = {.bits = 1u << 31, .notify = 0x33};

	ck_assert_int_eq(svc_uart_write_request_encode(&m, &buf, &w), 0);
	w = (struct svc_uart_write_request){0};
	ck_assert_int_eq(svc_uart_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.bytes_len, 4);
	ck_assert_mem_eq(w.bytes, "hi\r\n", 4);

	ck_assert_int_eq(svc_uart_read_request_encode(&m, &buf, &r), 0);
	r.max = 0;
	ck_assert_int_eq(svc_uart_read_request_decode(&m, &buf, &r), 0);
	ck_assert_uint_eq(r.max, 64);

	ck_assert_int_eq(svc_uart_subscribe_request_encode(&m, &buf, &s), 0);
	ck_assert_uint_eq(buf.handles[0].handle, 0x33);
	ck_assert_uint_eq(buf.handles[0].rights, RIGHT_SIGNAL);
	ck_assert_uint_eq(buf.handles[0].mode, CAIRN_IPC_COPY);
	s = (struct svc_uart_subscribe_request){0};
	ck_assert_int_eq(svc_uart_subscribe_request_decode(&m, &buf, &s), 0);
	ck_assert_uint_eq(s.bits, 1u << 31);
	ck_assert_uint_eq(s.notify, 0x33);
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x1234};
	struct svc_uart_write_request w = {.bytes = (const uint8_t *)"x", .bytes_len = 0};
	struct svc_uart_read_request r = {.max = 0};
	struct svc_uart_subscribe_request s = {.bits = 1, .notify = CAIRN_HANDLE_INVALID};
	struct svc_uart_write_reply wr = {.count = 0};

	ck_assert_int_eq(svc_uart_write_request_encode(&m, &buf, &w), ERR_INVAL);
	w.bytes_len = SVC_UART_WRITE_MAX + 1;
	ck_assert_int_eq(svc_uart_write_request_encode(&m, &buf, &w), ERR_INVAL);
	w = (struct svc_uart_write_request){.bytes = NULL, .bytes_len = 1};
	ck_assert_int_eq(svc_uart_write_request_encode(&m, &buf, &w), ERR_INVAL);
	ck_assert_int_eq(svc_uart_read_request_encode(&m, &buf, &r), ERR_INVAL);
	r.max = SVC_UART_READ_MAX + 1;
	ck_assert_int_eq(svc_uart_read_request_encode(&m, &buf, &r), ERR_INVAL);
	ck_assert_int_eq(svc_uart_subscribe_request_encode(&m, &buf, &s), ERR_INVAL);
	s = (struct svc_uart_subscribe_request){.bits = 0, .notify = 5};
	ck_assert_int_eq(svc_uart_subscribe_request_encode(&m, &buf, &s), ERR_INVAL);
	ck_assert_int_eq(svc_uart_write_reply_encode(&m, &buf, &wr), ERR_INVAL);
	ck_assert_uint_eq(m.info, 0x1234);
}
END_TEST

START_TEST(test_reply_decoders_refuse)
{
	struct svc_uart_write_reply wr = {.count = 3};
	struct svc_uart_read_reply rr = {.bytes_len = 77};
	struct svc_uart_subscribe_reply sr = {0};
	uint32_t count_before = 77;
	struct svc_msg m;

	svc_reply_status(&m, SVC_UART_WRITE, ERR_TIMEOUT);
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), ERR_TIMEOUT);
	m = raw_msg(SVC_UART_WRITE, 0, 0, 0, 0, 0);
	m.w[1] = 0; /* nothing written is no success */
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), ERR_INVAL);
	m.w[1] = SVC_UART_WRITE_MAX + 1;
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), ERR_INVAL);
	m.w[1] = 3;
	m.w[2] = 1;
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), ERR_INVAL);
	m.w[2] = 0;
	m.info = cairn_ipc_info(SVC_UART_READ, 0, 0); /* the reply of another request */
	ck_assert_int_eq(svc_uart_write_reply_decode(&m, &buf, &wr), ERR_INVAL);
	ck_assert_uint_eq(wr.count, 3);

	m = raw_msg(SVC_UART_READ, SVC_UART_READ_MAX + 1, 0, 0, 0, 0); /* more than can be */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 3, 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), ERR_INVAL);
	m = raw_msg(SVC_UART_READ, 3, 0, 0, 0, 4); /* w[2] */
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), ERR_INVAL);
	svc_reply_status(&m, SVC_UART_READ, ERR_INVAL);
	ck_assert_int_eq(svc_uart_read_reply_decode(&m, &buf, &rr), ERR_INVAL);
	ck_assert_uint_eq(rr.bytes_len, count_before);

	svc_reply_status(&m, SVC_UART_SUBSCRIBE, 0);
	m.w[1] = 1;
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m, &buf, &sr), ERR_INVAL);
	svc_reply_status(&m, SVC_UART_SUBSCRIBE, 5); /* no ERR_* code */
	ck_assert_int_eq(svc_uart_subscribe_reply_decode(&m, &buf, &sr), ERR_INVAL);
}
END_TEST

/* What the dispatch tests' handlers saw. */
static struct {
	unsigned writes;
	long answer;
	uint32_t count;
} seen;

static long fake_write(void *ctx, struct svc_exchange *x, const struct svc_uart_write_request *req,
		       struct svc_uart_write_reply *rep)
{
	(void)ctx;
	(void)x;
	seen.writes++;
	rep->count = seen.count != 0 ? seen.count : req->bytes_len;
	return seen.answer;
}

static void exchange_of(struct svc_exchange *x, struct svc_msg in)
{
	*x = (struct svc_exchange){.in = in, .buf = &buf};
}

START_TEST(test_dispatch)
{
	const struct svc_uart_handlers h = {.write = fake_write};
	struct svc_uart_write_reply rep;
	struct svc_exchange x;

	memset(&seen, 0, sizeof(seen));
	memcpy(buf.data, "abc", 3);
	exchange_of(&x, raw_msg(SVC_UART_WRITE, 3, 0, 0, 0, 0));
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_uint_eq(seen.writes, 1);
	ck_assert_int_eq(svc_uart_write_reply_decode(&x.out, &buf, &rep), 0);
	ck_assert_uint_eq(rep.count, 3);

	exchange_of(&x, raw_msg(SVC_UART_WRITE, 0, 0, 0, 0, 0)); /* malformed: no handler call */
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_uint_eq(seen.writes, 1);
	ck_assert_int_eq(svc_reply_check(&x.out, SVC_UART_WRITE), ERR_INVAL);

	seen.answer = ERR_TIMEOUT; /* the handler's error is the status */
	exchange_of(&x, raw_msg(SVC_UART_WRITE, 3, 0, 0, 0, 0));
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_int_eq(svc_reply_check(&x.out, SVC_UART_WRITE), ERR_TIMEOUT);

	seen.answer = 0;
	seen.count = SVC_UART_WRITE_MAX + 1; /* a reply the encoder refuses */
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_int_eq(svc_reply_check(&x.out, SVC_UART_WRITE), ERR_INVAL);

	exchange_of(&x, raw_msg(SVC_UART_READ, 0, 0, 8, 0, 0)); /* no handler */
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_int_eq(svc_reply_check(&x.out, SVC_UART_READ), ERR_NOTSUP);

	exchange_of(&x, raw_msg(0x0499, 0, 0, 0, 0, 0)); /* no such method */
	svc_uart_dispatch(&h, NULL, &x);
	ck_assert_int_eq(svc_reply_check(&x.out, 0x0499), ERR_NOTSUP);
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
	tcase_add_test(tc, test_dispatch);
	suite_add_tcase(s, tc);
	return s;
}
