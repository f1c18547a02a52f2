/*
 * init's boot manifest as data: parsing the text that says which services
 * init starts, from which boot-image program, with which handles, after which
 * other services and how they restart; checking it whole; and the start order.
 * It does not start anything, look programs up in the boot image or print;
 * init does, and tools/manifest.py applies the same rules at build time.
 *
 * Manifest text, one service a line, fields separated by spaces or tabs:
 *
 *	service <name> program=<prog> restart=<policy> after=<names> serves=<word>
 *		handles=<words> [priority=<0..7>] [max-<kind>=<count>]... [args=<words>]
 *
 * name:     a service name (svcname.h), unique in the manifest; its position
 *           among the `service` lines (from 0) is its service number;
 * program:  a boot-image program name: 1 to CAIRN_NAME_MAX bytes of ASCII
 *           letters, digits, '.', '_' or '-' (the rule of tools/mkbootimg.py);
 * restart:  never | always | on-crash;
 * after:    a comma list of services started before this one, in any line of
 *           the manifest (not only earlier ones); may be empty (`after=`);
 * serves:   the endpoint word of the protocol this service serves, or empty
 *           (`serves=`); the word must also be in its handles list (there it
 *           stands for the receiving end), and no two services serve one word;
 * handles:  a comma list of the handles the service starts with, in this
 *           order after its self and supervisor handles, at most
 *           MANIFEST_HANDLES_MAX, each once, from the vocabulary below; every
 *           endpoint word must be served by some service of the manifest;
 *           may be empty (`handles=`);
 * priority: the priority init spawns it at, one digit 0..CAIRN_PRIORITY_MAX,
 *           which is also its ceiling (RFC-0010): no thread of it runs
 *           higher. Optional; CAIRN_PRIORITY_DEFAULT when absent.
 * max-processes, max-threads, max-endpoints, max-notifications, max-vmos,
 * max-pages: the quota init gives it (struct cairn_quota, RFC-0010), each
 *           1 to MANIFEST_QUOTA_DIGITS decimal digits. Each optional; the
 *           value in CAIRN_QUOTA_DEFAULT (syscall.h) when absent. Whether the quotas
 *           fit in init's is the kernel's to say: a spawn that does not fit
 *           fails with ERR_NOMEM and init says so.
 * args:     the program's arguments (RFC-0020): a comma list of at most
 *           MANIFEST_ARGS_MAX words of printable ASCII without spaces, commas
 *           or '#', MANIFEST_ARGS_BYTES at most with a NUL after each; may be
 *           empty (`args=`). Optional: a line with args= gets a start block,
 *           its argv the program's name and these words, as the last of its
 *           handles, which leaves room for MANIFEST_HANDLES_MAX - 1 in
 *           handles=; a line without args= gets no block.
 * Every other key is required; each at most once, in any order; no spaces
 * inside a list.
 * `#` starts a comment that runs to the end of the line; blank lines are
 * skipped; '\r' is whitespace, so CRLF text parses.
 *
 * Handle vocabulary (MANIFEST_HANDLE_WORDS below): kernel objects console
 * and bootimage; devices uart-mmio, uart-irq, blk-mmio and blk-irq (the
 * registers and interrupt of the first UART and the first virtio block
 * device, RFC-0018) and spare-mmio (the registers of a virtio transport with
 * nothing behind it: device memory that drives nothing, for tests) and
 * scratch-mmio, scratch-irq (a second virtio block device, a disk no store
 * uses, for tests and benchmarks) and rng-mmio, rng-irq (the first virtio
 * entropy device, RFC-0019) and rtc-mmio (the registers of the Goldfish
 * real-time clock, RFC-0020; its interrupt has no word: init closes it),
 * each given to one service at most;
 * endpoints registry, policy, log, uart, blk, statefs, scratch, rng, key
 * and rtc.
 *schemas/manifest.schema.json lists the same words and bounds; tools/manifest.py refuses to check a
 *manifest while the two disagree. init gives bootimage with READ, and with
 * SPAWN too to a service whose max-processes is above 0 (it may start programs).
 *
 * Start order: a service starts only after every service in its `after`
 * list; among the services ready to start, the one written first goes first.
 *
 * Pure: storage comes from the caller with its capacity; no allocation,
 * no globals, no I/O.
 */
#ifndef MANIFEST_H
#define MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "svcname.h"

#define MANIFEST_SERVICES_MAX 31u  /* the most services one manifest may name */
#define MANIFEST_HANDLES_MAX  7u   /* manifest handles of one service: spawn slots 2..8 */
#define MANIFEST_REASON_MAX   96u  /* bytes in an error reason, with its NUL */
#define MANIFEST_QUOTA_DIGITS 7u   /* digits in a max-* value */
#define MANIFEST_ARGS_MAX     16u  /* words in args= */
#define MANIFEST_ARGS_BYTES   128u /* bytes of args= words, a NUL after each */

/* A child's slots [0] self and [1] supervisor come first; the manifest's follow. */
_Static_assert(MANIFEST_HANDLES_MAX == CAIRN_SPAWN_HANDLES_MAX - 1u,
	       "the supervisor handle takes one spawn slot");

/* X(ID, word): the restart policies, in enum order. */
#define MANIFEST_RESTART_WORDS(X)                                                                  \
	X(NEVER, "never")                                                                          \
	X(ALWAYS, "always")                                                                        \
	X(ON_CRASH, "on-crash") /* again only when it died of a fault or was killed */

enum manifest_restart {
#define MANIFEST_RESTART_ENUM(id, word) MANIFEST_RESTART_##id,
	MANIFEST_RESTART_WORDS(MANIFEST_RESTART_ENUM)
#undef MANIFEST_RESTART_ENUM
		MANIFEST_RESTARTS /* the count; not a policy */
};

/* What a handle word stands for. */
enum manifest_class {
	MANIFEST_KERNEL = 0,   /* a kernel object init was given: console, boot image */
	MANIFEST_DEVICE = 1,   /* a device handle init was given: MMIO region, interrupt */
	MANIFEST_ENDPOINT = 2, /* an endpoint init makes, served by one service */
};

/*
 * X(ID, word, class): the handle vocabulary, in enum order. New words go at
 * the end, so the numbers of the others stay.
 */
#define MANIFEST_HANDLE_WORDS(X)                                                                   \
	X(CONSOLE, "console", MANIFEST_KERNEL)                                                     \
	X(BOOTIMAGE, "bootimage", MANIFEST_KERNEL)                                                 \
	X(UART_MMIO, "uart-mmio", MANIFEST_DEVICE)                                                 \
	X(UART_IRQ, "uart-irq", MANIFEST_DEVICE)                                                   \
	X(REGISTRY, "registry", MANIFEST_ENDPOINT)                                                 \
	X(POLICY, "policy", MANIFEST_ENDPOINT)                                                     \
	X(LOG, "log", MANIFEST_ENDPOINT)                                                           \
	X(UART, "uart", MANIFEST_ENDPOINT)                                                         \
	X(BLK_MMIO, "blk-mmio", MANIFEST_DEVICE)                                                   \
	X(BLK_IRQ, "blk-irq", MANIFEST_DEVICE)                                                     \
	X(SPARE_MMIO, "spare-mmio", MANIFEST_DEVICE)                                               \
	X(BLK, "blk", MANIFEST_ENDPOINT)                                                           \
	X(STATEFS, "statefs", MANIFEST_ENDPOINT)                                                   \
	X(SCRATCH_MMIO, "scratch-mmio", MANIFEST_DEVICE)                                           \
	X(SCRATCH_IRQ, "scratch-irq", MANIFEST_DEVICE)                                             \
	X(SCRATCH, "scratch", MANIFEST_ENDPOINT)                                                   \
	X(RNG_MMIO, "rng-mmio", MANIFEST_DEVICE)                                                   \
	X(RNG_IRQ, "rng-irq", MANIFEST_DEVICE)                                                     \
	X(RNG, "rng", MANIFEST_ENDPOINT)                                                           \
	X(KEY, "key", MANIFEST_ENDPOINT)                                                           \
	X(RTC_MMIO, "rtc-mmio", MANIFEST_DEVICE)                                                   \
	X(RTC, "rtc", MANIFEST_ENDPOINT)

enum manifest_handle {
#define MANIFEST_HANDLE_ENUM(id, word, class) MANIFEST_H_##id,
	MANIFEST_HANDLE_WORDS(MANIFEST_HANDLE_ENUM)
#undef MANIFEST_HANDLE_ENUM
		MANIFEST_HANDLES /* the count; not a handle */
};

#define MANIFEST_SERVES_NONE 0xffu /* manifest_service.serves of a service serving nothing */

struct manifest_service {
	char name[SVCNAME_MAX + 1];	  /* NUL-terminated */
	char program[CAIRN_NAME_MAX + 1]; /* NUL-terminated */
	uint32_t line;			  /* 1-based line of its `service` entry */
	uint32_t after;			  /* bit j set: starts after services[j] */
	uint8_t restart;		  /* an enum manifest_restart */
	uint8_t priority;		  /* spawn priority and ceiling, 0..CAIRN_PRIORITY_MAX */
	uint8_t serves; /* an endpoint enum manifest_handle, or MANIFEST_SERVES_NONE */
	uint8_t handle_count;
	uint8_t handles[MANIFEST_HANDLES_MAX]; /* enum manifest_handle, as written */
	struct cairn_quota quota;	       /* what init gives it (RFC-0010) */
	bool has_args;			       /* the line has args=: init writes a start block */
	uint8_t argc;			       /* words in args */
	char args[MANIFEST_ARGS_BYTES];	       /* args= words, each followed by a NUL */
};

/* Fields are the manifest's own; read them, change them only through manifest_parse. */
struct manifest {
	struct manifest_service *services; /* in file order */
	uint32_t capacity;
	uint32_t count;
	uint8_t order[MANIFEST_SERVICES_MAX]; /* start order: order[0..count) index services */
};

/* Why a parse failed. */
struct manifest_error {
	int code;			  /* the value manifest_parse returned */
	uint32_t line;			  /* 1-based line at fault; 0 when no line is */
	char reason[MANIFEST_REASON_MAX]; /* short, NUL-terminated, printable ASCII */
};

/*
 * Parses and checks text[0..len) into m over the caller's
 * services[capacity], capacity 1..MANIFEST_SERVICES_MAX.
 *
 * Returns 0 with every service in m in file order and m->order filled, or a
 * negative error with m holding no service and *err (when err is not NULL)
 * saying where and why:
 *   ERR_INVAL     a line not of the form above: a first word other than
 *                 `service`, a missing name, a field without '=', an unknown
 *                 or repeated key, a missing key, a bad name or program
 *                 name, an unknown restart policy or handle, an empty list
 *                 item (in args= too), a byte in args= that is not printable
 *                 ASCII, a list item given twice, a service named twice, a
 *                 `serves` word that is not an endpoint or not in the
 *                 service's handles, an endpoint served twice (on the line
 *                 of the second server) or used but served by no service
 *                 (on the first line using it), a dependency cycle (the
 *                 reason names it, on the line of its first service), or a
 *                 manifest with no service (line 0);
 *   ERR_TOOLONG   a service name (also in `after`) or program name longer
 *                 than its bound, or args= words over MANIFEST_ARGS_BYTES;
 *   ERR_NOSPC     more services than capacity, a handles list longer than
 *                 MANIFEST_HANDLES_MAX (MANIFEST_HANDLES_MAX - 1 on a line
 *                 with args=; counted before its items are read), or more
 *                 than MANIFEST_ARGS_MAX args= words;
 *   ERR_NOTFOUND  an `after` naming no service of the manifest.
 * The first fault in the text wins; endpoint and then dependency faults
 * are checked once every line has parsed. m, services NULL, a bad
 * capacity or text NULL are ERR_INVAL with line 0.
 */
int manifest_parse(struct manifest *m, struct manifest_service *services, uint32_t capacity,
		   const char *text, size_t len, struct manifest_error *err);

/*
 * Sets *ret_index to the index in m->services of the service called
 * name[0..len) and returns 0, or returns ERR_NOTFOUND.
 */
int manifest_find(const struct manifest *m, const char *name, size_t len, uint32_t *ret_index);

/*
 * Points argv[0..s->argc) at s's args= words, in order (argv has room for
 * MANIFEST_ARGS_MAX); returns s->argc, 0 for a line without args=.
 */
uint32_t manifest_args(const struct manifest_service *s, const char **argv);

/* The manifest word for a handle or restart policy, or NULL out of range. */
const char *manifest_handle_name(unsigned int handle);
/* The class of a handle word (enum manifest_class), or -1 out of range. */
int manifest_handle_class(unsigned int handle);
const char *manifest_restart_name(unsigned int restart);

/*
 * Whether a service that ended with `status` (what process_wait returned,
 * syscall.h) starts again under policy `restart`: never, always, or on-crash
 * only when it was killed (CAIRN_EXIT_KILLED) or died of a fault
 * (CAIRN_EXIT_FAULT | cause); an unknown policy never restarts.
 */
bool manifest_restart_due(unsigned int restart, long status);

#endif /* MANIFEST_H */
