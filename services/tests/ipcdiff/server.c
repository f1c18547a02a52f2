/*
 * ipcdiffsrv: the server half of the differential boot (tools/ipcdiff.py).
 * It receives on its endpoint and answers each message the way the
 * message's tag asks, so the client can steer it onto the fast path or off
 * it. Every receive goes through ipcdiff_ecall with a fresh pattern in every
 * register, and every register it gets back is printed.
 *
 * Handles: [0] itself; [1] the endpoint, RECV; [2] the console, WRITE.
 */
#include <stddef.h>

#include "cairn/abi/syscall.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "ipcdiff.h"

enum { SRV_H_ENDPOINT = 1, SRV_H_CONSOLE = 2, SRV_HANDLES = 3 };

/*
 * Make the f-registers dirty: the next trap must save them (sstatus.SD). Not
 * inlined, so no other code of the loop keeps values in f-registers.
 */
__attribute__((noinline)) static void srv_use_fp(uint64_t seed)
{
	volatile double x = (double)seed;

	x = x * 1.5 + 0.25;
	(void)x;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct ipcdiff_regs r;
	uint64_t ep;
	uint64_t con;
	unsigned step = 0;

	if (count < SRV_HANDLES)
		return 2;
	ep = handles[SRV_H_ENDPOINT];
	con = handles[SRV_H_CONSOLE];
	const uint64_t first[6] = {ep, 0, 0, 0, 0, CAIRN_WAIT_FOREVER};
	ipcdiff_prepare(&r, 0x500, SYS_ipc_recv, first);
	ipcdiff_ecall(&r);
	for (;;) {
		const uint64_t *got = &r.out[IPCDIFF_A0];
		uint32_t tag = cairn_ipc_tag(got[1]);

		ipcdiff_report(con, "srv", ++step, "received", &r);
		if ((long)got[0] != 0)
			return 1;
		uint64_t reply[6] = {ep,	 cairn_ipc_info(tag, 0, 0), got[2] + 1, got[3] + 2,
				     got[4] + 3, CAIRN_WAIT_FOREVER};
		uint64_t num = SYS_ipc_reply_recv;

		if (tag == IPCDIFF_TAG_TIMED)
			reply[5] = 1000000000u; /* a time limit: the C path */
		if (tag == IPCDIFF_TAG_FP)
			srv_use_fp(got[2]);
		if (tag == IPCDIFF_TAG_SPLIT || tag == IPCDIFF_TAG_BYE) {
			ipcdiff_prepare(&r, 0x600 + step, SYS_ipc_reply, reply);
			ipcdiff_ecall(&r);
			ipcdiff_report(con, "srv", step, "replied", &r);
			if (tag == IPCDIFF_TAG_BYE)
				return 0;
			num = SYS_ipc_recv;
		}
		ipcdiff_prepare(&r, 0x500 + step, num, reply);
		ipcdiff_ecall(&r);
	}
}
