/*
 * keybench, in the test image only: what one signature and one
 * verification cost (RFC-0019), libkeys and BearSSL in this process, no
 * IPC. It makes a key from a fixed seed, then signs and verifies
 * KEYBENCH_ROUNDS times, timing each by the system clock, which under
 * -icount shift=0 on one hart counts instructions (idle time taken out);
 * other programs running meanwhile can only add, so the figure printed is
 * the least of the rounds, with the median beside it. The marker comes
 * only after every signature verified and one with a bit flipped did not.
 * Exits 0 when they did, 1 when a check failed, 2 without its handles.
 *
 * Handles: [0] self, [1] supervisor SEND, [2] console.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "keys.h"

enum keybench_handle { H_SELF, H_SUPERVISOR, H_CONSOLE, H_COUNT };

#define KEYBENCH_ROUNDS 5u

/* Busy time of the harts so far: under -icount shift=0 on one hart, instructions retired. */
static uint64_t keybench_busy(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns - clock.idle_ns;
}

/* Whether one hart runs: with more, busy time is the harts' sum and means nothing here. */
static bool keybench_one_hart(void)
{
	struct cairn_clock clock = {0};

	return cairn_clock_read(&clock) == 0 && clock.harts == 1;
}

static void keybench_sort(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Signs and verifies KEYBENCH_ROUNDS times; the costs sorted; 0 or ERR_CORRUPT. */
static long keybench_run(const struct keys_pair *k, uint64_t *sign, uint64_t *verify)
{
	static const uint8_t msg[] = "cairn keybench";
	uint8_t sig[KEYS_SIG_LEN];

	for (uint32_t r = 0; r < KEYBENCH_ROUNDS; r++) {
		uint64_t t0 = keybench_busy();
		bool ok;

		if (keys_sign(k, msg, sizeof(msg) - 1, sig) != 0)
			return ERR_CORRUPT;
		sign[r] = keybench_busy() - t0;
		t0 = keybench_busy();
		ok = keys_verify(k->pub, msg, sizeof(msg) - 1, sig);
		verify[r] = keybench_busy() - t0;
		sig[r] ^= 1u;
		if (!ok || keys_verify(k->pub, msg, sizeof(msg) - 1, sig))
			return ERR_CORRUPT;
	}
	keybench_sort(sign, KEYBENCH_ROUNDS);
	keybench_sort(verify, KEYBENCH_ROUNDS);
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct keys_pair k;
	uint8_t seed[KEYS_SEED_LEN];
	uint64_t sign[KEYBENCH_ROUNDS];
	uint64_t verify[KEYBENCH_ROUNDS];
	uint64_t t0;
	uint64_t keygen;
	cairn_handle_t console;

	if (count < H_COUNT)
		return 2;
	console = handles[H_CONSOLE];
	memset(seed, 0x42, sizeof(seed));
	t0 = keybench_busy();
	if (keys_generate(&k, seed) != 0) {
		(void)cairn_printf(console, "keybench: no key from a fixed seed\n");
		return 1;
	}
	keygen = keybench_busy() - t0;
	if (keybench_run(&k, sign, verify) != 0) {
		(void)cairn_printf(console, "keybench: a signature failed its check\n");
		return 1;
	}
	if (!keybench_one_hart())
		(void)cairn_printf(console, "keybench: no figures: they are taken on one hart\n");
	else
		(void)cairn_printf(
			console,
			"keybench: key pair %llu instructions, sign %llu (median %llu), verify "
			"%llu (median %llu), least of %u\n",
			(unsigned long long)keygen, (unsigned long long)sign[0],
			(unsigned long long)sign[KEYBENCH_ROUNDS / 2],
			(unsigned long long)verify[0],
			(unsigned long long)verify[KEYBENCH_ROUNDS / 2], KEYBENCH_ROUNDS);
	(void)cairn_printf(console, "%s\n", MARKER_KEYS_BENCH);
	return 0;
}
