/*
 * keyprobe, in the test image only: rngd and keystored as a caller sees
 * them (RFC-0019). policyd lets keyprobe `read rng` and nothing of the
 * key's, so it checks that random bytes come (64 READs of the most a READ
 * gives, no two alike, rngd not failed) and measures them by the system
 * clock; that the public key is a P-256 point; that a signature it made up
 * does not verify; and that SIGN is refused with ERR_DENIED. The marker
 * comes only after every check passed. Exits 0 when they did, 1 when one
 * failed (and says which), 2 without its handles.
 *
 * The same program runs a second time as `keydenied`, which policyd lets
 * do nothing: its first READ is refused, and then it checks that SIGN is
 * refused too and prints the denial's marker. Which of the two markers a
 * run prints follows from rngd's answer; init starts keyprobe first, and
 * the smp1 profile wants the served marker, then the denied one, each
 * once, so a probe wrongly allowed or wrongly refused fails the boot.
 *
 * Handles: [0] self, [1] supervisor SEND, [2] rng SEND, [3] key SEND,
 * [4] console.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/key.h"
#include "svc/rng.h"

enum keyprobe_handle { H_SELF, H_SUPERVISOR, H_RNG, H_KEY, H_CONSOLE, H_COUNT };

#define KEYPROBE_READS	 64u
#define KEYPROBE_TIMEOUT (10ull * CAIRN_NS_PER_S)

static uint64_t keyprobe_now(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/* KEYPROBE_READS full READs, each unlike the one before; their time in ns, or an error. */
static long keyprobe_rng(cairn_handle_t rng, uint64_t *ret_ns)
{
	static uint8_t last[SVC_RNG_READ_MAX];
	const struct svc_rng_read_request req = {.count = SVC_RNG_READ_MAX};
	uint64_t start = keyprobe_now();

	for (uint32_t i = 0; i < KEYPROBE_READS; i++) {
		struct svc_rng_read_reply rep = {0};
		long rc = svc_rng_read_call(rng, &req, &rep, KEYPROBE_TIMEOUT);

		if (rc != 0)
			return rc;
		if (rep.bytes_len != SVC_RNG_READ_MAX || memcmp(rep.bytes, last, sizeof(last)) == 0)
			return ERR_CORRUPT;
		memcpy(last, rep.bytes, sizeof(last));
	}
	*ret_ns = keyprobe_now() - start;
	return 0;
}

/* rngd's STATS: not failed, and it tested raw input. */
static long keyprobe_stats(cairn_handle_t rng)
{
	struct svc_rng_stats_reply rep = {0};
	long rc =
		svc_rng_stats_call(rng, &(struct svc_rng_stats_request){0}, &rep, KEYPROBE_TIMEOUT);

	if (rc != 0)
		return rc;
	return !rep.failed && rep.samples >= 1024 ? 0 : ERR_CORRUPT;
}

/* PUB is a point; a made-up signature is not valid; SIGN is refused. */
static long keyprobe_key(cairn_handle_t key)
{
	static uint8_t forged[SVC_KEY_SIG_LEN + 5];
	struct svc_key_pub_reply pub = {0};
	struct svc_key_verify_reply verdict = {0};
	struct svc_key_sign_reply sig = {0};
	long rc = svc_key_pub_call(key, &(struct svc_key_pub_request){0}, &pub, KEYPROBE_TIMEOUT);

	if (rc != 0)
		return rc;
	if (pub.key_len != SVC_KEY_PUB_LEN || pub.key[0] != 0x04 || pub.generation == 0)
		return ERR_CORRUPT;
	memset(forged, 0x5a, sizeof(forged));
	rc = svc_key_verify_call(
		key,
		&(struct svc_key_verify_request){.signed_message = forged,
						 .signed_message_len = sizeof(forged)},
		&verdict, KEYPROBE_TIMEOUT);
	if (rc != 0)
		return rc;
	if (verdict.valid)
		return ERR_CORRUPT;
	rc = svc_key_sign_call(key,
			       &(struct svc_key_sign_request){.message = forged, .message_len = 5},
			       &sig, KEYPROBE_TIMEOUT);
	return rc == ERR_DENIED ? 0 : ERR_CORRUPT;
}

/* keydenied's run: READ was refused; SIGN must be too. */
static int keyprobe_denied(cairn_handle_t key, cairn_handle_t console)
{
	static const uint8_t msg[] = "denied";
	struct svc_key_sign_reply sig = {0};
	long rc = svc_key_sign_call(
		key, &(struct svc_key_sign_request){.message = msg, .message_len = sizeof(msg) - 1},
		&sig, KEYPROBE_TIMEOUT);

	if (rc != ERR_DENIED) {
		(void)cairn_printf(console, "keyprobe: denied READ, but SIGN gave %s\n",
				   cairn_err_name(rc));
		return 1;
	}
	(void)cairn_printf(console, "%s\n", MARKER_KEYS_DENIED);
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct svc_rng_read_reply first = {0};
	uint64_t ns = 0;
	cairn_handle_t console;
	long rc;

	if (count < H_COUNT)
		return 2;
	console = handles[H_CONSOLE];
	rc = svc_rng_read_call(handles[H_RNG], &(struct svc_rng_read_request){.count = 1}, &first,
			       KEYPROBE_TIMEOUT);
	if (rc == ERR_DENIED)
		return keyprobe_denied(handles[H_KEY], console);
	if ((rc = keyprobe_rng(handles[H_RNG], &ns)) != 0 ||
	    (rc = keyprobe_stats(handles[H_RNG])) != 0) {
		(void)cairn_printf(console, "keyprobe: rng: %s\n", cairn_err_name(rc));
		return 1;
	}
	if ((rc = keyprobe_key(handles[H_KEY])) != 0) {
		(void)cairn_printf(console, "keyprobe: key: %s\n", cairn_err_name(rc));
		return 1;
	}
	(void)cairn_printf(console, "keyprobe: %u random bytes in %llu ns of the guest clock\n",
			   KEYPROBE_READS * SVC_RNG_READ_MAX, (unsigned long long)ns);
	(void)cairn_printf(console, "%s\n", MARKER_KEYS_PROBE);
	return 0;
}
