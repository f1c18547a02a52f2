/*
 * statefsd's state, shared by its files: the store (libstatefs) over blkd
 * (disk.c: the device functions libstatefs calls, through a DMA window blkd
 * gives) and the clients (clients.c: each one's window, namespace and
 * batch). main.c marshals the protocol (svc/statefs.h).
 */
#ifndef STATEFSD_H
#define STATEFSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "statefs.h"
#include "svc/statefs.h"
#include "svcname.h"

#define STATEFSD_BLK_VA	     0x2000000000ull	/* blkd's window */
#define STATEFSD_CLIENT_VA   0x2100000000ull	/* client i's window: + i spans */
#define STATEFSD_CLIENT_SPAN CAIRN_VMO_SIZE_MAX /* the most a client's VMO can map */
#define STATEFSD_CLIENTS_MAX 4u
#define STATEFSD_BLK_NS	     (15ull * 1000000000ull) /* a disk request's time limit */
#define STATEFSD_NS_MAX	     (SVCNAME_MAX - 3u)	     /* "kv-" + the name is a policy object */

_Static_assert(STATEFSD_NS_MAX + 1u + SVC_STATEFS_KEY_MAX <= SFS_KEY_MAX,
	       "a namespace, '/' and a client's key fit a store key");

/* The disk as libstatefs sees it: blkd's endpoint and the window it gave. */
struct statefsd_disk {
	cairn_handle_t self;
	cairn_handle_t blk;
	cairn_handle_t window; /* the VMO at STATEFSD_BLK_VA, or CAIRN_HANDLE_INVALID */
	bool mapped;	       /* the window is mapped there */
	bool restarted;	       /* blkd restarted since the last flush: that flush fails */
	uint64_t sectors;
	uint32_t retries; /* windows opened again after blkd restarted */
};

struct statefsd_client {
	bool used;
	bool writer; /* policyd lets it write its namespace */
	uint64_t badge;
	cairn_handle_t window;
	uint8_t *bytes; /* the window, mapped */
	char ns[STATEFSD_NS_MAX + 1];
	size_t ns_len;
	struct sfs_batch batch;
};

struct statefsd {
	cairn_handle_t self;
	cairn_handle_t policy;
	cairn_handle_t log;
	struct statefsd_disk disk;
	struct sfs fs;
	struct statefsd_client clients[STATEFSD_CLIENTS_MAX];
	uint32_t commits;
};

/* blkd's window opened and mapped, and the device functions for libstatefs in *ret_dev. */
long statefsd_disk_open(struct statefsd_disk *disk, struct sfs_dev *ret_dev);

/* The client of `badge`, or NULL. */
struct statefsd_client *statefsd_client_of(struct statefsd *s, uint64_t badge);

/*
 * Attach `window` for `badge` in namespace ns[0..len): the slot it had or a
 * free one, the window mapped, the batch emptied. Takes the handle on
 * success. 0, ERR_NOSPC (no slot) or the kernel's error.
 */
long statefsd_client_attach(struct statefsd *s, uint64_t badge, cairn_handle_t window,
			    const char *ns, size_t len, bool writer);

/*
 * The store's key for the client's key[0..len): "ns/key" into out (room for
 * SFS_KEY_MAX bytes); its length.
 */
size_t statefsd_key(const struct statefsd_client *c, const uint8_t *key, size_t len, uint8_t *out);

#endif /* STATEFSD_H */
