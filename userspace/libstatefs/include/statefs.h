/*
 * libstatefs: statefsd's store, a crash-consistent key-value store on a block
 * device the caller hands in as read, write and flush functions. Changes are
 * made in batches of puts and deletes; a commit is all or nothing, across a
 * power cut too, and returns 0 only after the device said its data is
 * durable. Everything read back is checked against a CRC32C first: a failed
 * check is ERR_CORRUPT, never wrong data. Mount replays the log and reports
 * what recovery did. docs/statefs.md gives the on-disk format and the
 * argument that commits are atomic.
 *
 * Pure: no system calls, no globals, no clock, no allocation. All state is
 * in a struct sfs the caller owns (about 28 KiB: the key index and one
 * record's buffer); every loop is bounded by the constants below.
 *
 * Errors (negative codes of cairn/abi/errors.h): ERR_INVAL (a bad argument,
 * an unmounted store), ERR_TOOLONG (a key or value over its bound), ERR_NOSPC
 * (a batch, the key table or the disk is full), ERR_NOTFOUND (no such key),
 * ERR_RANGE (a buffer too small, a disk too small or too large), ERR_IO (the
 * device failed), ERR_CORRUPT (stored data failed its check), ERR_VERSION (a
 * store of a format version this code does not read). A call that fails
 * before it writes changes nothing; ret_* parameters are written only on
 * success.
 */
#ifndef STATEFS_H
#define STATEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SFS_SECTOR_SIZE	    512u	/* bytes per device sector */
#define SFS_KEY_MAX	    64u		/* key bytes (keys are 1..SFS_KEY_MAX opaque bytes) */
#define SFS_VALUE_MAX	    1024u	/* value bytes (values are 0..SFS_VALUE_MAX bytes) */
#define SFS_KEYS_MAX	    256u	/* live keys the store holds */
#define SFS_BATCH_OPS_MAX   16u		/* puts and deletes in one batch */
#define SFS_BATCH_BYTES_MAX 4096u	/* key and value bytes in one batch, all ops together */
#define SFS_SECTORS_MAX	    0xffffffffu /* the most sectors a store uses; more are ignored */

/* Bytes one op takes on disk besides its key and value (docs/statefs.md). */
#define SFS_OP_HEAD 8u
/* Bytes a record's header takes, and a record's payload bytes per sector. */
#define SFS_REC_HEAD	 32u
#define SFS_SECTOR_BYTES (SFS_SECTOR_SIZE - 4u)
/* Sectors of the largest record: a full batch, with every op's header. */
#define SFS_REC_SECTORS                                                                            \
	((SFS_REC_HEAD + SFS_BATCH_OPS_MAX * SFS_OP_HEAD + SFS_BATCH_BYTES_MAX +                   \
	  SFS_SECTOR_BYTES - 1u) /                                                                 \
	 SFS_SECTOR_BYTES)
/* The smallest disk sfs_format takes: two superblocks and two areas of two records each. */
#define SFS_DISK_MIN_SECTORS (2u + 2u * 2u * SFS_REC_SECTORS)
/* Sectors one op's bytes can span on disk: its header, key and value. */
#define SFS_OP_SECTORS 4u

/*
 * The block device. Each function returns 0 or a negative error (ERR_IO).
 * A write is durable only once a later flush has returned 0. count is in
 * sectors, lba counts sectors from 0; sectors is the device's size.
 */
struct sfs_dev {
	int (*read)(void *ctx, uint64_t lba, void *buf, uint32_t count);
	int (*write)(void *ctx, uint64_t lba, const void *buf, uint32_t count);
	int (*flush)(void *ctx);
	void *ctx;
	uint64_t sectors;
};

enum sfs_op_kind {
	SFS_OP_PUT = 1,
	SFS_OP_DELETE = 2,
};

/* One op of a batch; its key and then its value are at bytes[off]. */
struct sfs_batch_op {
	uint16_t off;
	uint16_t vlen;
	uint8_t klen;
	uint8_t kind; /* an enum sfs_op_kind */
};

/* A batch the caller builds with sfs_batch_*; the key and value bytes are copied in. */
struct sfs_batch {
	uint32_t count; /* ops used */
	uint32_t used;	/* bytes used */
	struct sfs_batch_op ops[SFS_BATCH_OPS_MAX];
	uint8_t bytes[SFS_BATCH_BYTES_MAX];
};

/* One key of the index: where its latest put lies on disk. */
struct sfs_entry {
	uint32_t lba;  /* first sector of the record that holds it */
	uint16_t off;  /* the op's offset in that record's payload */
	uint16_t vlen; /* value bytes */
	uint8_t klen;
	uint8_t key[SFS_KEY_MAX];
};

/* Where an op lies on disk: its record's first sector and its offset in the payload. */
struct sfs_loc {
	uint32_t lba;
	uint16_t off;
};

/* A key as sfs_list returns it. */
struct sfs_key {
	uint8_t len;
	uint8_t bytes[SFS_KEY_MAX];
};

/* Where sfs_list goes on: after the last key it returned. Start with sfs_cursor_init. */
struct sfs_cursor {
	bool started;
	uint8_t len;
	uint8_t key[SFS_KEY_MAX];
};

/* What sfs_mount's recovery did, for the daemon to log. */
struct sfs_mount_report {
	uint64_t generation;	   /* of the superblock mounted */
	uint64_t next_seq;	   /* the sequence number the next commit gets */
	uint32_t records_replayed; /* records of the log replayed into the index */
	uint32_t bytes_discarded;  /* bytes of a torn or unfinished record at the log's end */
	uint32_t keys;		   /* live keys found */
	uint32_t superblock;	   /* the copy mounted, 0 or 1 */
	/*
	 * The record that ended the log failed its checksum, yet the record
	 * behind it is whole and names it: damage, not a power cut. The
	 * records from the damaged one on (acknowledged commits among them)
	 * are not in the store, and the next commit writes over them: the
	 * caller decides whether to go on.
	 */
	bool damaged;
};

struct sfs_stats {
	uint64_t generation;	   /* superblock generation: +1 at every compaction */
	uint64_t next_seq;	   /* sequence number of the next commit */
	uint64_t commits;	   /* commits acknowledged since mount */
	uint64_t compactions;	   /* compactions since mount */
	uint32_t keys;		   /* live keys */
	uint32_t keys_max;	   /* SFS_KEYS_MAX */
	uint32_t bytes_used;	   /* key and value bytes of the live keys, op headers included */
	uint32_t bytes_capacity;   /* the most bytes_used the disk holds */
	uint32_t log_sectors_used; /* of the active area */
	uint32_t area_sectors;	   /* size of each of the two areas */
};

/* The store. Fields are the library's own; the caller only allocates it. */
struct sfs {
	struct sfs_dev dev;
	uint64_t generation; /* of the current superblock */
	uint64_t epoch;	     /* the active area's epoch: stamped into its records */
	uint64_t next_seq;   /* sequence number of the next record */
	uint64_t commits;
	uint64_t compactions;
	uint32_t area_lba[2];  /* first sector of each area */
	uint32_t area_sectors; /* sectors in each area */
	uint32_t active;       /* the area the log is in, 0 or 1 */
	uint32_t tail;	       /* sectors of the active area in use */
	uint32_t prev_crc;     /* checksum of the last record: the next one names it */
	uint32_t nkeys;
	uint32_t bytes_used;
	bool mounted;
	bool broken; /* a superblock write failed: no more commits until a remount */
	struct sfs_entry index[SFS_KEYS_MAX]; /* sorted by key */
	struct sfs_loc moved[SFS_KEYS_MAX];   /* compaction: each key's place in the new area */
	uint8_t io[SFS_REC_SECTORS * SFS_SECTOR_SIZE];	   /* one record being written or read */
	uint8_t scratch[SFS_OP_SECTORS * SFS_SECTOR_SIZE]; /* one op being read back */
};

/* Empties b. */
void sfs_batch_init(struct sfs_batch *b);

/*
 * Adds a put of key (1..SFS_KEY_MAX bytes) to value (0..SFS_VALUE_MAX bytes;
 * NULL only when vlen is 0), copying both. ERR_INVAL for an empty key or a
 * NULL pointer with a length, ERR_TOOLONG for a key or value over its bound,
 * ERR_NOSPC when the batch has no room; b is unchanged then.
 */
int sfs_batch_put(struct sfs_batch *b, const void *key, size_t klen, const void *value,
		  size_t vlen);

/* Adds a delete of key (absent keys are fine); errors as sfs_batch_put. */
int sfs_batch_delete(struct sfs_batch *b, const void *key, size_t klen);

/*
 * Writes an empty store over the whole device (up to SFS_SECTORS_MAX) and
 * flushes. ERR_RANGE for a device under SFS_DISK_MIN_SECTORS; ERR_IO.
 */
int sfs_format(const struct sfs_dev *dev);

/*
 * Mounts the store on dev into fs: picks the newest valid superblock,
 * replays the log of its area, stops at the first record that fails its
 * check (its bytes are counted as discarded; damaged is set when the log
 * went on past it) and fills *ret_report (may be NULL). ERR_NOTFOUND when
 * neither superblock slot holds a store (a blank or foreign disk),
 * ERR_VERSION for a store of another format version, ERR_CORRUPT when a
 * store is there but no superblock copy passes its checks (a copy in the
 * wrong slot, or with a counter at its top, fails them) or a record that
 * passed its checksum does not parse, ERR_IO. fs is not mounted after a
 * failure.
 */
int sfs_mount(struct sfs *fs, const struct sfs_dev *dev, struct sfs_mount_report *ret_report);

/*
 * Applies batch b, all or nothing: writes it as one record at the log's end,
 * or when the area is full as part of a compaction's snapshot, and flushes;
 * returns 0 only after the flush did. Before anything is written: ERR_INVAL (unmounted, a
 * malformed batch), ERR_NOSPC (the keys or the disk would be over their
 * bound). ERR_IO when the device fails: the store in memory is as before
 * the call, and on disk the batch may or may not be there after a remount,
 * as after a power cut; the next commit in this mount writes over it. If a
 * compaction's superblock write failed, every later commit is ERR_IO until
 * a remount. When the log's area is full the batch is committed by a
 * compaction, which copies every live key the batch does not put or delete:
 * ERR_CORRUPT when one of those fails its check (nothing is switched, and
 * sfs_get answers ERR_CORRUPT for that key); a batch that deletes or puts
 * the damaged key goes through. An empty batch is 0 and writes nothing.
 */
int sfs_commit(struct sfs *fs, const struct sfs_batch *b);

/*
 * Reads key's value from the disk into buf (cap bytes) and its length to
 * *ret_len. ERR_NOTFOUND, ERR_RANGE when cap is under the value's length,
 * ERR_CORRUPT when what the disk holds fails its check (buf may then hold
 * anything), ERR_IO, ERR_INVAL.
 */
int sfs_get(struct sfs *fs, const void *key, size_t klen, void *buf, size_t cap, size_t *ret_len);

/* Starts a listing at the first key. */
void sfs_cursor_init(struct sfs_cursor *c);

/*
 * Copies up to max keys that start with prefix (plen 0: every key), in
 * byte order, after the cursor's key, to ret_keys; sets *ret_count and moves
 * the cursor past the last one copied. Fewer than max means the listing is
 * done. Keys committed between calls are seen when they sort after the
 * cursor. ERR_INVAL, ERR_TOOLONG for a prefix over SFS_KEY_MAX.
 */
int sfs_list(const struct sfs *fs, const void *prefix, size_t plen, struct sfs_cursor *cursor,
	     struct sfs_key *ret_keys, uint32_t max, uint32_t *ret_count);

/* Fills *ret_stats. ERR_INVAL when fs is not mounted. */
int sfs_stats(const struct sfs *fs, struct sfs_stats *ret_stats);

#endif /* STATEFS_H */
