/*
 * init's boot manifest as data: parsing the text that says which services
 * init starts, from which boot-image program, with which handles, after which
 * other services and how they restart; checking it whole; and the start order.
 * It does not start anything, look programs up in the boot image or print;
 * init does, and tools/manifest.py applies the same rules at build time.
 *
 * Manifest text, one service a line, fields separated by spaces or tabs:
 *
 *	service <name> program=<prog> restart=<policy> after=<names> handles=<kinds>
 *
 * name:     a service name (svcname.h), unique in the manifest;
 * program:  a boot-image program name: 1 to CAIRN_NAME_MAX bytes of ASCII
 *           letters, digits, '.', '_' or '-' (the rule of tools/mkbootimg.py);
 * restart:  never | always | on-crash;
 * after:    a comma list of services started before this one, in any line of
 *           the manifest (not only earlier ones); may be empty (`after=`);
 * handles:  a comma list of the handles the service starts with, at most
 *           CAIRN_SPAWN_HANDLES_MAX, each once, from the vocabulary below;
 *           may be empty (`handles=`).
 * Every key is required, once, in any order; no spaces inside a list.
 * `#` starts a comment that runs to the end of the line; blank lines are
 * skipped; '\r' is whitespace, so CRLF text parses.
 *
 * Handle vocabulary: console, bootimage, uart-mmio, uart-irq, registry,
 * policy, log (enum manifest_handle, in that order).
 *
 * Start order: a service starts only after every service in its `after`
 * list; among the services ready to start, the one written first goes first.
 *
 * Pure: storage comes from the caller with its capacity; no allocation,
 * no globals, no I/O.
 */
#ifndef MANIFEST_H
#define MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "svcname.h"

#define MANIFEST_SERVICES_MAX 16u /* the most services one manifest may name */
#define MANIFEST_REASON_MAX   96u /* bytes in an error reason, with its NUL */

enum manifest_restart {
	MANIFEST_RESTART_NEVER = 0,
	MANIFEST_RESTART_ALWAYS = 1,
	MANIFEST_RESTART_ON_CRASH = 2, /* again only when it died of a fault or was killed */
	MANIFEST_RESTARTS = 3,	       /* the count; not a policy */
};

enum manifest_handle {
	MANIFEST_H_CONSOLE = 0,
	MANIFEST_H_BOOTIMAGE = 1,
	MANIFEST_H_UART_MMIO = 2,
	MANIFEST_H_UART_IRQ = 3,
	MANIFEST_H_REGISTRY = 4,
	MANIFEST_H_POLICY = 5,
	MANIFEST_H_LOG = 6,
	MANIFEST_HANDLES = 7, /* the count; not a handle */
};

struct manifest_service {
	char name[SVCNAME_MAX + 1];	  /* NUL-terminated */
	char program[CAIRN_NAME_MAX + 1]; /* NUL-terminated */
	uint32_t line;			  /* 1-based line of its `service` entry */
	uint32_t after;			  /* bit j set: starts after services[j] */
	uint8_t restart;		  /* an enum manifest_restart */
	uint8_t handle_count;
	uint8_t handles[CAIRN_SPAWN_HANDLES_MAX]; /* enum manifest_handle, as written */
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
 *                 item, a list item given twice, a service named twice, a
 *                 dependency cycle (the reason names it, on the line of its
 *                 first service), or a manifest with no service (line 0);
 *   ERR_TOOLONG   a service name (also in `after`) or program name longer
 *                 than its bound;
 *   ERR_NOSPC     more services than capacity, or a handles list longer than
 *                 CAIRN_SPAWN_HANDLES_MAX (counted before its items are read);
 *   ERR_NOTFOUND  an `after` naming no service of the manifest.
 * The first fault in the text wins; dependency faults are checked once
 * every line has parsed. m, services NULL, a bad capacity or text NULL are
 * ERR_INVAL with line 0.
 */
int manifest_parse(struct manifest *m, struct manifest_service *services, uint32_t capacity,
		   const char *text, size_t len, struct manifest_error *err);

/*
 * Sets *ret_index to the index in m->services of the service called
 * name[0..len) and returns 0, or returns ERR_NOTFOUND.
 */
int manifest_find(const struct manifest *m, const char *name, size_t len, uint32_t *ret_index);

/* The manifest word for a handle or restart policy, or NULL out of range. */
const char *manifest_handle_name(unsigned int handle);
const char *manifest_restart_name(unsigned int restart);

#endif /* MANIFEST_H */
