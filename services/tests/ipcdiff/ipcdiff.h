/*
 * The differential boot's shared pieces (tools/ipcdiff.py, RFC-0005 "Speed"):
 * a system call with every register chosen and every register seen, and the
 * one line each side prints per call.
 */
#ifndef IPCDIFF_H
#define IPCDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"

struct ipcdiff_regs {
	uint64_t in[32];   /* x1..x31 before the ecall (in[3], gp, is not used) */
	uint64_t out[32];  /* x1..x31 after it (out[3] is not written) */
	uint64_t keep[32]; /* the caller's own registers meanwhile */
};
_Static_assert(offsetof(struct ipcdiff_regs, out) == 256 &&
		       offsetof(struct ipcdiff_regs, keep) == 512,
	       "ecall.c uses these offsets");

enum { IPCDIFF_A0 = 10, IPCDIFF_A7 = 17 };

/* What a message's tag asks the server to answer with. */
enum ipcdiff_tag {
	IPCDIFF_TAG_ECHO = 1,  /* reply_recv, words only, no limit: the fast path */
	IPCDIFF_TAG_TIMED = 2, /* reply_recv with a time limit: the C path */
	IPCDIFF_TAG_FP = 3,    /* use the f-registers first, then as ECHO */
	IPCDIFF_TAG_SPLIT = 4, /* reply, then recv: the C path */
	IPCDIFF_TAG_BYE = 5,   /* reply, then end */
};

/* One system call with r->in in every register; r->out holds what came back (ecall.c). */
void ipcdiff_ecall(struct ipcdiff_regs *r);

/*
 * Fill r->in with a pattern unique to `seed` and register number, then set
 * the call: number, a0..a5.
 */
void ipcdiff_prepare(struct ipcdiff_regs *r, uint64_t seed, uint64_t num, const uint64_t a[6]);

/* FNV-1a over out[] (gp excluded): every register in one value. */
uint64_t ipcdiff_hash(const struct ipcdiff_regs *r);

#define IPCDIFF_LINE_MAX 200u

/*
 * Print the call's line: `ipcdiff: WHO STEP NAME a0=.. a1=.. .. a5=.. regs=HASH
 * changed=[..]`, naming the registers other than a0..a5 that came back
 * different. Formatted by hand, not with printf: nothing here may touch the
 * f-registers, whose being dirty sends every call to the C path.
 */
void ipcdiff_report(uint64_t console, const char *who, unsigned step, const char *name,
		    const struct ipcdiff_regs *r);

/* Print `ipcdiff-cost: STEP NAME INSTRUCTIONS`, the line the tool reads but does not compare. */
void ipcdiff_cost(uint64_t console, unsigned step, const char *name, uint64_t instructions);

#endif /* IPCDIFF_H */
