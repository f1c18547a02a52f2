/*
 * The attacks, in the order hostile.c runs them (RFC-0010). Each fix of the
 * RFC adds the attack that fails with the fix reverted; the last entry proves
 * the services still serve after all of them.
 */
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/ecall.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "hostile.h"
#include "journal.h"
#include "svc/client.h"
#include "svc/log.h"
#include "svc/supervisor.h"

#define SURVIVED_LINE "hostile: still served after every attack"

/* Where the attack maps a device's registers: a free page of the user window. */
#define MMIO_VA 0x2000000000ull

/*
 * A rogue driver maps its device region and names it as its IPC buffer, or as
 * the bytes of a debug_write: the kernel would then read (and for the
 * receive register, consume) live device registers as a message. Both must
 * be ERR_BADADDR: user copies touch RAM only.
 */
static bool mmio_ipc_buffer(struct hostile *x)
{
	/* The attack names the address it mapped the device at. */
	void *mmio = (void *)(uintptr_t)MMIO_VA; // NOLINT(performance-no-int-to-ptr)
	long rc = cairn_mmio_map(x->h[HOSTILE_H_SELF], x->h[HOSTILE_H_DEVICE_MMIO], MMIO_VA);

	if (rc != 0)
		return hostile_fail(x, "could not map a device region to attack with it", rc);
	rc = cairn_ipc_buffer_set((struct cairn_ipc_buffer *)mmio);
	if (rc != ERR_BADADDR) {
		(void)cairn_ipc_buffer_set(cairn_ipc_buffer());
		return hostile_fail(x, "ipc_buffer_set took a device page", rc);
	}
	rc = cairn_debug_write(x->h[HOSTILE_H_CONSOLE], mmio, 8);
	if (rc != ERR_BADADDR)
		return hostile_fail(x, "debug_write read its bytes from a device page", rc);
	return true;
}

/* ipc_call with a raw handle word: what the ABI's 32-bit handle type cannot express. */
static long call_with_word(uint64_t word)
{
	register uint64_t a0 __asm__("a0") = word;
	register uint64_t a1 __asm__("a1") = 0; /* info: tag 0, no data, no handles */
	register uint64_t a2 __asm__("a2") = 0;
	register uint64_t a3 __asm__("a3") = 0;
	register uint64_t a4 __asm__("a4") = 0;
	register uint64_t a5 __asm__("a5") = CAIRN_WAIT_FOREVER;
	register long a7 __asm__("a7") = SYS_ipc_call;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
			 : "r"(a7)
			 : "memory");
	return (long)a0;
}

/*
 * A handle is 32 bits. `2^32 | h` once named h on the slow path while the
 * fast path refused it; every path must refuse it with ERR_BADHANDLE. The
 * same word must not reach handle_query either. The plain handle still works.
 */
static bool wide_handle_word(struct hostile *x)
{
	const uint64_t wide = (1ull << 32) | x->h[HOSTILE_H_LOG];
	struct cairn_handle_info info;
	long rc = call_with_word(wide);

	if (rc != ERR_BADHANDLE)
		return hostile_fail(x, "ipc_call took a handle word with upper bits set", rc);
	rc = cairn_ecall2(SYS_handle_query, wide, (uintptr_t)&info);
	if (rc != ERR_BADHANDLE)
		return hostile_fail(x, "handle_query took a handle word with upper bits set", rc);
	rc = cairn_handle_query(x->h[HOSTILE_H_LOG], &info);
	if (rc != 0)
		return hostile_fail(x, "handle_query refused the plain handle", rc);
	return true;
}

/*
 * Floating-point state is per thread: this process starts with zeroed f-registers
 * and fcsr, and keeps its own values in all of them across thousands of
 * yields while two fpbuddy processes do the same with theirs on two harts.
 */
static bool fp_state_private(struct hostile *x)
{
	const uint64_t seed = 0x0057113000000000ull;

	if (x->fp_at_start != 0)
		return hostile_fail(
			x, "a new process did not start with zeroed FP state (got: 1 + register)",
			x->fp_at_start);
	for (uint32_t round = 0; round < HOSTILE_FP_ROUNDS; round++) {
		long bad;

		hostile_fp_fill(seed + round);
		(void)cairn_thread_yield();
		bad = hostile_fp_check(seed + round);
		if (bad != 0)
			return hostile_fail(x,
					    "another thread's values reached our f-registers (got: "
					    "1 + register)",
					    bad);
	}
	return true;
}

/* Whether `needle` is one of the lines of a TAIL reply. */
static bool lines_hold(const struct svc_log_tail_reply *l, const char *needle)
{
	size_t n = strlen(needle);

	for (uint32_t at = 0; at + n <= l->lines_len; at++)
		if (memcmp(l->lines + at, needle, n) == 0)
			return true;
	return false;
}

/* Whether any record logd still holds contains `needle`, reading from the oldest forward. */
static bool journal_holds(struct hostile *x, const char *needle, long *ret_err)
{
	struct svc_log_tail_reply lines;
	uint64_t from = 0;

	for (;;) {
		long rc = svc_log_tail(x->h[HOSTILE_H_LOG], SVC_LOG_TAIL_MAX, from, &lines);

		if (rc != 0) {
			*ret_err = rc;
			return false;
		}
		if (lines_hold(&lines, needle))
			return true;
		if (lines.lines_len == 0 || lines.next == from)
			return false;
		from = lines.next;
	}
}

/*
 * overlap.elf (craft_elf.py) has a segment on the bottom page of the stack the
 * kernel maps for a new process; init starts it before us (manifest.txt).
 * Spawn must refuse it at decode with ERR_RANGE, and init says so in the
 * journal; a kernel that let it past decode would have panicked in perform.
 */
static bool overlapping_segment(struct hostile *x)
{
	long err = 0;

	if (journal_holds(x, "init: client overlap did not start: ERR_RANGE", &err))
		return true;
	return hostile_fail(x, "the journal does not say spawn refused overlap with ERR_RANGE",
			    err);
}

/* Where the priority attack maps its second thread's stack. */
#define STACK_VA   0x2000100000ull
#define STACK_SIZE 0x4000u

/* The second thread: waits until the notification `arg` is signalled, then ends. */
static void idle_thread(uint64_t arg)
{
	(void)cairn_notification_wait((cairn_handle_t)arg, CAIRN_WAIT_FOREVER);
	cairn_thread_exit();
}

/* Once the thread has ended, its handle must be refused, not followed to a process it lost. */
static bool ended_thread_refused(struct hostile *x, cairn_handle_t t)
{
	long rc = 0;

	for (uint32_t tries = 0; tries < 10000; tries++) {
		/* Level with us, so it runs between our yields even on one hart. */
		rc = cairn_thread_set_priority(t, 3);
		if (rc == ERR_BADHANDLE)
			return true;
		if (rc != 0)
			break;
		(void)cairn_thread_yield();
	}
	return hostile_fail(x, "the ended thread's handle was not refused with ERR_BADHANDLE", rc);
}

/*
 * init spawns us at priority 3 (manifest.txt's priority=3, as it starts an
 * outside program), which is then our ceiling. A thread handle with MANAGE,
 * even to a thread of our own, must not lift a thread above it: 4, the
 * services' level, and 7 are ERR_DENIED, 3 and below are allowed, and 8 is
 * out of range. Once that thread has ended, its handle is ERR_BADHANDLE (the
 * first version of the ceiling check followed it to a process it no longer
 * had, and the kernel panicked).
 */
static bool priority_ceiling(struct hostile *x)
{
	const cairn_handle_t self = x->h[HOSTILE_H_SELF];
	long n = cairn_notification_create(self);
	long vmo = cairn_vmo_create(self, STACK_SIZE);
	long rc = n < 0 || vmo < 0 ? ERR_NOMEM
				   : cairn_vmo_map(self, (cairn_handle_t)vmo, STACK_VA,
						   CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	long t =
		rc < 0 ? rc
		       : cairn_thread_create(self, idle_thread, STACK_VA + STACK_SIZE, (uint64_t)n);

	if (t < 0)
		return hostile_fail(x, "could not make a second thread to attack with", t);
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 7)) != ERR_DENIED)
		return hostile_fail(x, "a thread of ours went to priority 7", rc);
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 4)) != ERR_DENIED)
		return hostile_fail(x, "a thread of ours went above our ceiling of 3", rc);
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 8)) != ERR_RANGE)
		return hostile_fail(x, "priority 8 was not out of range", rc);
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 3)) != 0)
		return hostile_fail(x, "our own ceiling was refused", rc);
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 1)) != 0)
		return hostile_fail(x, "a priority below our ceiling was refused", rc);
	/* Back level with us, so it can run and end even on one hart. */
	if ((rc = cairn_thread_set_priority((cairn_handle_t)t, 3)) != 0)
		return hostile_fail(x, "our own ceiling was refused the second time", rc);
	if ((rc = cairn_notification_signal((cairn_handle_t)n, 1)) != 0)
		return hostile_fail(x, "could not wake the second thread", rc);
	return ended_thread_refused(x, (cairn_handle_t)t);
}

/* A supervisor request that is only a status in reply: init's answer, or the call's error. */
/*
 * Every program init starts holds init's supervisor endpoint. Asking it to
 * kill logd or to shut the system down must be refused (ERR_DENIED) after
 * policyd denied it, and policyd's denials must be in the journal.
 */
static bool supervisor_denied(struct hostile *x)
{
	const struct svc_supervisor_kill_request kill = {.name = {.str = "logd", .len = 4}};
	const struct svc_supervisor_shutdown_request shutdown = {0};
	struct svc_supervisor_kill_reply killed;
	struct svc_supervisor_shutdown_reply shut;
	long err = 0;
	long rc = svc_supervisor_kill_call(x->h[HOSTILE_H_SUPERVISOR], &kill, &killed,
					   SVC_CALL_TIMEOUT);

	if (rc != ERR_DENIED)
		return hostile_fail(x, "init took our KILL logd", rc);
	rc = svc_supervisor_shutdown_call(x->h[HOSTILE_H_SUPERVISOR], &shutdown, &shut,
					  SVC_CALL_TIMEOUT);
	if (rc != ERR_DENIED)
		return hostile_fail(x, "init took our SHUTDOWN", rc);
	if (!journal_holds(x, "deny badge=", &err) ||
	    !journal_holds(x, "subject=hostile action=kill object=logd rule=none", &err))
		return hostile_fail(x, "policyd's denial of our KILL is not in the journal", err);
	if (!journal_holds(x, "subject=hostile action=shutdown object=- rule=none", &err))
		return hostile_fail(x, "policyd's denial of our SHUTDOWN is not in the journal",
				    err);
	return true;
}

/*
 * clock_read writes 32 bytes wherever it is told: into the kernel, over
 * the program's own code, or askew, it must refuse (ERR_BADADDR, ERR_ALIGN)
 * and write nothing; into its own memory it gives a clock that adds up.
 */
static struct cairn_clock *clock_at(uintptr_t at)
{
	return (struct cairn_clock *)at; // NOLINT(performance-no-int-to-ptr)
}

static bool clock_read_checked(struct hostile *x)
{
	static struct cairn_clock clocks[3];
	/* The attack names kernel RAM, its own code page and a misaligned slot. */
	struct cairn_clock *kernel = clock_at(0x80200000ull);
	struct cairn_clock *code = clock_at((uintptr_t)clock_read_checked & ~7ull);
	struct cairn_clock *askew = clock_at((uintptr_t)&clocks[2] + 4);
	long rc;

	if ((rc = cairn_clock_read(kernel)) != ERR_BADADDR)
		return hostile_fail(x, "clock_read wrote into kernel memory", rc);
	if ((rc = cairn_clock_read(code)) != ERR_BADADDR)
		return hostile_fail(x, "clock_read wrote over read-only code", rc);
	if ((rc = cairn_clock_read(askew)) != ERR_ALIGN)
		return hostile_fail(x, "clock_read took a misaligned buffer", rc);
	if ((rc = cairn_clock_read(&clocks[0])) != 0 || (rc = cairn_clock_read(&clocks[1])) != 0)
		return hostile_fail(x, "clock_read refused our own memory", rc);
	if (clocks[0].harts == 0 || clocks[0].boot_ns >= clocks[0].now_ns ||
	    clocks[1].now_ns < clocks[0].now_ns ||
	    clocks[1].idle_ns > (clocks[1].now_ns - clocks[1].boot_ns) * clocks[1].harts)
		return hostile_fail(x, "clock_read gave a clock that does not add up",
				    (long)clocks[0].harts);
	return true;
}

/*
 * A rogue holder of a device region without RIGHT_DMA (init gives the spare
 * transport without it) asks for memory a device may be pointed at, and for
 * the physical address of memory of its own; both are ERR_DENIED. Asking
 * what the region is works, but not into kernel memory (RFC-0018).
 */
static bool dma_refused(struct hostile *x)
{
	struct cairn_device_info info = {0};
	long vmo;
	/* The attack names kernel RAM. */
	// NOLINTNEXTLINE(performance-no-int-to-ptr)
	struct cairn_device_info *kernel = (struct cairn_device_info *)(uintptr_t)0x80200000ull;
	long rc = cairn_device_info(x->h[HOSTILE_H_DEVICE_MMIO], kernel);

	if (rc != ERR_BADADDR)
		return hostile_fail(x, "device_info wrote into kernel memory", rc);
	if ((rc = cairn_device_info(x->h[HOSTILE_H_DEVICE_MMIO], &info)) != 0 ||
	    info.device_class != CAIRN_DEVICE_VIRTIO_MMIO || info.virtio_id != 0)
		return hostile_fail(x, "device_info did not describe the spare transport", rc);
	rc = cairn_dma_create(x->h[HOSTILE_H_SELF], CAIRN_PAGE_SIZE, x->h[HOSTILE_H_DEVICE_MMIO]);
	if (rc != ERR_DENIED)
		return hostile_fail(x, "dma_create took a region without RIGHT_DMA", rc);
	if ((vmo = cairn_vmo_create(x->h[HOSTILE_H_SELF], CAIRN_PAGE_SIZE)) < 0)
		return hostile_fail(x, "could not make a VMO to ask about", vmo);
	rc = cairn_vmo_phys((cairn_handle_t)vmo, 0);
	(void)cairn_handle_close((cairn_handle_t)vmo);
	if (rc != ERR_DENIED)
		return hostile_fail(x, "vmo_phys told where a plain VMO lies", rc);
	return true;
}

/* logd takes a line from us and gives it back by its sequence number: the graph still serves. */
static bool survived(struct hostile *x)
{
	struct svc_log_tail_reply lines;
	uint64_t seq = 0;
	long rc = svc_log_write(x->h[HOSTILE_H_LOG], JOURNAL_INFO, SURVIVED_LINE,
				sizeof(SURVIVED_LINE) - 1, &seq);

	if (rc != 0)
		return hostile_fail(x, "logd did not take a line", rc);
	rc = svc_log_tail(x->h[HOSTILE_H_LOG], 1, seq, &lines);
	if (rc != 0)
		return hostile_fail(x, "logd did not answer TAIL", rc);
	if (!lines_hold(&lines, SURVIVED_LINE))
		return hostile_fail(x, "logd gave back another line for our sequence number",
				    (long)seq);
	return true;
}

const struct hostile_attack hostile_attacks[] = {
	{"HOSTILE: overlapping segment refused ok", overlapping_segment},
	{"HOSTILE: mmio ipc buffer refused ok", mmio_ipc_buffer},
	{"HOSTILE: wide handle word refused ok", wide_handle_word},
	{"HOSTILE: fp state private ok", fp_state_private},
	{"HOSTILE: priority ceiling held ok", priority_ceiling},
	{"HOSTILE: supervisor request denied ok", supervisor_denied},
	{"HOSTILE: clock read checked ok", clock_read_checked},
	{"HOSTILE: dma memory refused ok", dma_refused},
	{"HOSTILE: survived ok", survived},
};
const size_t hostile_attack_count = sizeof(hostile_attacks) / sizeof(hostile_attacks[0]);
