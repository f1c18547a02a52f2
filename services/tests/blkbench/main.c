/*
 * blkbench, in the test image only: blkd's sequential speed on the scratch
 * disk (a second virtio block device no store uses, driven by its own blkd,
 * `scratchd`). It writes BLKBENCH_BYTES in 64 KiB requests, flushes, reads
 * them back, and checks every sector holds what was written for it: its
 * number and the pass's stamp. It prints the two speeds by the system clock
 * (wall time under QEMU), then the marker, only once the check passed.
 * Exits 0 when it did, 1 when a step failed (and says which), 2 without its
 * handles.
 *
 * Handles: [0] self, [1] supervisor SEND, [2] scratch SEND, [3] console.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/blk.h"

enum blkbench_handle { H_SELF, H_SUPERVISOR, H_SCRATCH, H_CONSOLE, H_COUNT };

#define BLKBENCH_BYTES		  (4u << 20) /* written, then read back */
#define BLKBENCH_WINDOW		  0x2000000000ull
#define BLKBENCH_TIMEOUT	  (15ull * CAIRN_NS_PER_S)
#define BLKBENCH_STAMP		  0x5ca7c4b1u
#define BLKBENCH_SECTORS_PER_CALL (SVC_BLK_WINDOW / SVC_BLK_SECTOR)

static uint64_t blkbench_now(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/* Each sector of a request: its number and the stamp in its first 16 bytes, the rest a pattern. */
static void blkbench_fill(uint8_t *window, uint64_t first)
{
	for (uint32_t s = 0; s < BLKBENCH_SECTORS_PER_CALL; s++) {
		uint8_t *sector = window + (size_t)s * SVC_BLK_SECTOR;
		uint64_t number = first + s;
		uint32_t stamp = BLKBENCH_STAMP;

		memcpy(sector, &number, sizeof(number));
		memcpy(sector + 8, &stamp, sizeof(stamp));
		for (uint32_t i = 16; i < SVC_BLK_SECTOR; i++)
			sector[i] = (uint8_t)(number * 31u + i);
	}
}

static int blkbench_check(const uint8_t *window, uint64_t first)
{
	static uint8_t want[SVC_BLK_WINDOW];

	blkbench_fill(want, first);
	return memcmp(window, want, SVC_BLK_WINDOW) == 0 ? 0 : ERR_CORRUPT;
}

/* Writes (write true) or reads and checks the whole span; its time in ns, or an error. */
static long blkbench_pass(cairn_handle_t scratch, uint8_t *window, bool write, uint64_t *ret_ns)
{
	uint64_t start = blkbench_now();
	long rc = 0;

	for (uint64_t sector = 0; rc == 0 && sector < BLKBENCH_BYTES / SVC_BLK_SECTOR;
	     sector += BLKBENCH_SECTORS_PER_CALL) {
		if (write) {
			blkbench_fill(window, sector);
			rc = svc_blk_write_call(
				scratch,
				&(struct svc_blk_write_request){.sector = sector,
								.count = BLKBENCH_SECTORS_PER_CALL},
				&(struct svc_blk_write_reply){0}, BLKBENCH_TIMEOUT);
		} else {
			rc = svc_blk_read_call(
				scratch,
				&(struct svc_blk_read_request){.sector = sector,
							       .count = BLKBENCH_SECTORS_PER_CALL},
				&(struct svc_blk_read_reply){0}, BLKBENCH_TIMEOUT);
			if (rc == 0)
				rc = blkbench_check(window, sector);
		}
	}
	if (rc == 0 && write)
		rc = svc_blk_flush_call(scratch, &(struct svc_blk_flush_request){0},
					&(struct svc_blk_flush_reply){0}, BLKBENCH_TIMEOUT);
	*ret_ns = blkbench_now() - start;
	return rc;
}

/* MiB/s as "12.34", from bytes and ns. */
static void blkbench_rate(char *out, size_t size, uint64_t bytes, uint64_t ns)
{
	uint64_t centi = ns == 0 ? 0 : bytes * 100u * CAIRN_NS_PER_S / ns / (1u << 20);

	(void)snprintf(out, size, "%llu.%02llu", (unsigned long long)(centi / 100u),
		       (unsigned long long)(centi % 100u));
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct svc_blk_open_reply open = {0};
	uint64_t write_ns = 0;
	uint64_t read_ns = 0;
	char wrate[24];
	char rrate[24];
	long rc;

	if (count < H_COUNT)
		return 2;
	cairn_handle_t console = handles[H_CONSOLE];
	if ((rc = svc_blk_open_call(handles[H_SCRATCH], &(struct svc_blk_open_request){0}, &open,
				    BLKBENCH_TIMEOUT)) != 0 ||
	    (rc = cairn_vmo_map(handles[H_SELF], open.window, BLKBENCH_WINDOW,
				CAIRN_PROT_READ | CAIRN_PROT_WRITE)) != 0) {
		(void)cairn_printf(console, "blkbench: no window on the scratch disk: %s\n",
				   cairn_err_name(rc));
		return 1;
	}
	uint8_t *window =
		(uint8_t *)(uintptr_t)BLKBENCH_WINDOW; // NOLINT(performance-no-int-to-ptr)
	if ((rc = blkbench_pass(handles[H_SCRATCH], window, true, &write_ns)) != 0 ||
	    (rc = blkbench_pass(handles[H_SCRATCH], window, false, &read_ns)) != 0) {
		(void)cairn_printf(console, "blkbench: %s\n", cairn_err_name(rc));
		return 1;
	}
	blkbench_rate(wrate, sizeof(wrate), BLKBENCH_BYTES, write_ns);
	blkbench_rate(rrate, sizeof(rrate), BLKBENCH_BYTES, read_ns);
	(void)cairn_printf(console,
			   "blkbench: wrote %u MiB in %llu ms (%s MiB/s, flush included), read and "
			   "checked it in %llu ms (%s MiB/s)\n",
			   BLKBENCH_BYTES >> 20, (unsigned long long)(write_ns / 1000000u), wrate,
			   (unsigned long long)(read_ns / 1000000u), rrate);
	(void)cairn_printf(console, "%s\n", MARKER_BLKD_SCRATCH);
	return 0;
}
