/*
 * The handle proof (MARKER_INIT_HANDLES): init's initial handles are what the
 * kernel promised; closed, stale and forged handle values are refused with
 * ERR_BADHANDLE; a handle of the wrong kind with ERR_WRONGTYPE; and a
 * duplicate can only narrow rights, as handle_query then reports. Every
 * handle made here is closed again before the check returns.
 */
#include <stdbool.h>
#include <stddef.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/sys.h"
#include "testinit.h"

/* 0 if `h` names an object of `kind` with exactly `rights`. */
static int expect_handle(const struct init_ctx *c, const char *step, cairn_handle_t h,
			 uint32_t kind, uint32_t rights)
{
	struct cairn_handle_info info = {0};
	long rc = cairn_handle_query(h, &info);

	if (init_expect_ok(c, step, rc) != 0)
		return -1;
	if (info.kind != kind || info.rights != rights)
		return init_fail(c, "%s: kind %u rights 0x%x, want kind %u rights 0x%x", step,
				 (unsigned)info.kind, (unsigned)info.rights, (unsigned)kind,
				 (unsigned)rights);
	return 0;
}

/* The device the test machine gives for `mmio` and `irq` was found, with the kernel's rights. */
static int expect_device(const struct init_ctx *c, const char *what, unsigned int mmio,
			 unsigned int irq)
{
	if (c->words[mmio] == CAIRN_HANDLE_INVALID || c->words[irq] == CAIRN_HANDLE_INVALID)
		return init_fail(c, "%s: the machine gave no such device", what);
	return expect_handle(c, what, c->words[mmio], KIND_MMIO,
			     RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA | RIGHT_DUP |
				     RIGHT_TRANSFER) ||
	       expect_handle(c, what, c->words[irq], KIND_INTERRUPT,
			     RIGHT_MANAGE | RIGHT_DUP | RIGHT_TRANSFER);
}

static int expect_initial_handles(const struct init_ctx *c)
{
	return expect_handle(c, "self", c->self, KIND_PROCESS, RIGHTS_ALL) ||
	       expect_handle(c, "console", c->console, KIND_CONSOLE,
			     RIGHT_WRITE | RIGHT_DUP | RIGHT_TRANSFER) ||
	       expect_handle(c, "boot image", c->image, KIND_BOOTIMAGE,
			     RIGHT_SPAWN | RIGHT_READ | RIGHT_DUP | RIGHT_TRANSFER) ||
	       expect_device(c, "uart", MANIFEST_H_UART_MMIO, MANIFEST_H_UART_IRQ) ||
	       expect_device(c, "disk", MANIFEST_H_BLK_MMIO, MANIFEST_H_BLK_IRQ);
}

static bool is_live(const struct init_ctx *c, cairn_handle_t h, cairn_handle_t extra)
{
	for (size_t w = 0; w < MANIFEST_HANDLES; w++) {
		if (c->words[w] != CAIRN_HANDLE_INVALID && h == c->words[w])
			return true;
	}
	return h == c->self || h == extra;
}

/* Values never issued: zero, large ones, and `live` with one bit of slot or generation flipped. */
static int expect_forged_refused(const struct init_ctx *c, cairn_handle_t live)
{
	static const cairn_handle_t fixed[] = {0, 0x7fffffffu, 0xffffffffu};
	struct cairn_handle_info info;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (init_expect(c, "forged value", cairn_handle_query(fixed[i], &info),
				ERR_BADHANDLE) != 0)
			return -1;
	}
	for (unsigned bit = 0; bit < 32; bit++) {
		cairn_handle_t forged = live ^ (1u << bit);

		if (is_live(c, forged, live))
			continue;
		if (init_expect(c, "forged generation or slot", cairn_handle_query(forged, &info),
				ERR_BADHANDLE) != 0)
			return -1;
	}
	return 0;
}

/* Close a duplicate, then use it; make another (likely in the same slot), use the old value. */
static int expect_closed_and_stale_refused(const struct init_ctx *c)
{
	struct cairn_handle_info info;
	long old = cairn_handle_dup(c->console, RIGHT_WRITE);
	long fresh;
	int rc;

	if (init_expect_ok(c, "dup console", old) != 0)
		return -1;
	if (init_expect(c, "close dup", cairn_handle_close((cairn_handle_t)old), 0) ||
	    init_expect(c, "query closed", cairn_handle_query((cairn_handle_t)old, &info),
			ERR_BADHANDLE) ||
	    init_expect(c, "close closed", cairn_handle_close((cairn_handle_t)old), ERR_BADHANDLE))
		return -1;
	fresh = cairn_handle_dup(c->console, RIGHT_WRITE);
	if (init_expect_ok(c, "dup console again", fresh) != 0)
		return -1;
	if (fresh == old) {
		(void)cairn_handle_close((cairn_handle_t)fresh);
		return init_fail(c, "a closed handle's value was issued again unchanged");
	}
	rc = init_expect(c, "query stale", cairn_handle_query((cairn_handle_t)old, &info),
			 ERR_BADHANDLE) ||
	     expect_handle(c, "query fresh", (cairn_handle_t)fresh, KIND_CONSOLE, RIGHT_WRITE) ||
	     expect_forged_refused(c, (cairn_handle_t)fresh);
	(void)cairn_handle_close((cairn_handle_t)fresh);
	return rc;
}

/* A VMO where a process is needed, a process where a VMO is needed, a VMO as the console. */
static int expect_wrong_kind_refused(const struct init_ctx *c)
{
	long vmo = cairn_vmo_create(c->self, CAIRN_PAGE_SIZE);
	cairn_handle_t v = (cairn_handle_t)vmo;
	int rc;

	if (init_expect_ok(c, "vmo_create", vmo) != 0)
		return -1;
	rc = init_expect(c, "vmo as process", cairn_vmo_create(v, CAIRN_PAGE_SIZE),
			 ERR_WRONGTYPE) ||
	     init_expect(c, "process as vmo",
			 cairn_vmo_map(c->self, c->self, TESTINIT_MAP_A, CAIRN_PROT_READ),
			 ERR_WRONGTYPE) ||
	     init_expect(c, "vmo as console", cairn_debug_write(v, "x", 1), ERR_WRONGTYPE);
	(void)cairn_handle_close(v);
	return rc;
}

/* A narrowed duplicate cannot be widened again, and query reports the narrowed rights. */
static int expect_no_widening(const struct init_ctx *c)
{
	long narrow = cairn_handle_dup(c->console, RIGHT_WRITE | RIGHT_DUP);
	cairn_handle_t n = (cairn_handle_t)narrow;
	long nodup;
	int rc;

	if (init_expect_ok(c, "dup narrowed", narrow) != 0)
		return -1;
	nodup = cairn_handle_dup(n, RIGHT_WRITE);
	rc = expect_handle(c, "query narrowed", n, KIND_CONSOLE, RIGHT_WRITE | RIGHT_DUP) ||
	     init_expect(c, "widen by dup", cairn_handle_dup(n, RIGHT_WRITE | RIGHT_TRANSFER),
			 ERR_DENIED) ||
	     init_expect(c, "rights outside the set", cairn_handle_dup(n, RIGHTS_ALL + 1),
			 ERR_INVAL) ||
	     init_expect_ok(c, "dup to fewer", nodup) ||
	     init_expect(c, "dup without RIGHT_DUP",
			 cairn_handle_dup((cairn_handle_t)nodup, RIGHT_WRITE), ERR_DENIED);
	if (nodup >= 0)
		(void)cairn_handle_close((cairn_handle_t)nodup);
	(void)cairn_handle_close(n);
	return rc;
}

int check_handles(struct init_ctx *c)
{
	return expect_initial_handles(c) || expect_closed_and_stale_refused(c) ||
	       expect_wrong_kind_refused(c) || expect_no_widening(c);
}
