/*
 * fpbuddy: keeps its own pattern in every f-register and fcsr while it
 * yields, for a bounded number of rounds (RFC-0010). Two of them run beside
 * hostile's FP check, so three threads that use every f-register share two
 * harts. A buddy that finds its registers changed prints FAIL, which the
 * hostile profile forbids.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "hostile.h"
#include "svc/client.h"

enum { BUDDY_H_SUPERVISOR = 1, BUDDY_H_CONSOLE = 2, BUDDY_HANDLES = 3 };

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_handle_info self = {0};
	uint64_t seed;

	if (count < BUDDY_HANDLES || cairn_handle_query(handles[0], &self) != 0 ||
	    svc_ready(handles[BUDDY_H_SUPERVISOR]) != 0)
		return 1;
	seed = 0x5eed000000000000ull | ((uint64_t)self.object_id << 24); /* one per process */
	for (uint32_t round = 0; round < HOSTILE_FP_ROUNDS; round++) {
		uint64_t seed_now = seed + round;
		long bad;

		hostile_fp_fill(seed_now);
		(void)cairn_thread_yield();
		bad = hostile_fp_check(seed_now);
		if (bad != 0) {
			(void)cairn_printf(
				handles[BUDDY_H_CONSOLE],
				"HOSTILE: fpbuddy registers FAIL (register %ld changed)\n",
				bad - 1);
			return 1;
		}
	}
	return 0;
}
