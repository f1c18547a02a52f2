/*
 * What libstatefs's files share and the caller does not see: the on-disk
 * constants (docs/statefs.md is their description), little-endian field
 * access, the CRC32C, the record payload as a stream laid over tagged
 * sectors, the key index, and the steps commit and mount are made of.
 */
#ifndef SFS_INTERNAL_H
#define SFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "statefs.h"

#define SFS_VERSION   1u
#define SFS_SB_BYTES  64u	  /* superblock bytes covered by its checksum and the checksum */
#define SFS_TAG_HEAD  0x48534643u /* first four bytes of a record's first sector */
#define SFS_TAG_CONT  0x43534643u /* first four bytes of each later sector of a record */
#define SFS_TAG_BYTES 4u
/* The biggest op: header, key and value. */
#define SFS_OP_MAX (SFS_OP_HEAD + SFS_KEY_MAX + SFS_VALUE_MAX)
/* The most live bytes a store can hold: every key at its longest, with the longest value. */
#define SFS_LIVE_MAX ((uint32_t)(SFS_KEYS_MAX * SFS_OP_MAX))
/*
 * Generations, epochs and sequence numbers stay below this: a superblock
 * naming one at or above it is corrupt, and a compaction that would reach
 * it is refused. No store gets there (a compaction a microsecond would take
 * a hundred thousand years); only a crafted image does, and a counter that
 * could wrap would let a stale copy or record win.
 */
#define SFS_COUNTER_LIMIT (1ull << 62)

/* A superblock as decoded. */
struct sfs_super {
	uint64_t generation;
	uint64_t epoch;
	uint64_t base_seq; /* sequence number of the active area's first record */
	uint64_t sectors;  /* the disk's size when formatted */
	uint32_t area_sectors;
	uint32_t active;
};

/* A record's header fields, in the first SFS_REC_HEAD bytes of its payload. */
struct sfs_rec_head {
	uint64_t seq;
	uint64_t epoch;
	uint32_t crc;  /* CRC32C of payload bytes 4..len */
	uint32_t prev; /* crc of the record before it, or the area's seed */
	uint32_t len;  /* payload bytes, header included */
	uint16_t nops;
	uint16_t nsect;
};

static inline void sfs_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void sfs_put32(uint8_t *p, uint32_t v)
{
	sfs_put16(p, (uint16_t)v);
	sfs_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void sfs_put64(uint8_t *p, uint64_t v)
{
	sfs_put32(p, (uint32_t)v);
	sfs_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t sfs_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t sfs_get32(const uint8_t *p)
{
	return (uint32_t)sfs_get16(p) | ((uint32_t)sfs_get16(p + 2) << 16);
}

static inline uint64_t sfs_get64(const uint8_t *p)
{
	return (uint64_t)sfs_get32(p) | ((uint64_t)sfs_get32(p + 4) << 32);
}

/* sfs_crc.c: CRC32C (Castagnoli); start with crc 0, feed pieces in order. */
uint32_t sfs_crc32c(uint32_t crc, const void *data, size_t len);
/* The chain seed of an area's first record: a checksum of its epoch and base sequence. */
uint32_t sfs_chain_seed(uint64_t epoch, uint64_t base_seq);

/* sfs_codec.c: the superblock sector. */
void sfs_super_encode(const struct sfs_super *sb, uint8_t *sector);
/* 0, ERR_NOTFOUND (no magic), ERR_VERSION, ERR_CORRUPT (bad checksum or geometry). */
int sfs_super_decode(const uint8_t *sector, uint64_t dev_sectors, struct sfs_super *ret_sb);
/* A sector with the magic, checked or not: its epoch and area size fields; false without it. */
bool sfs_super_peek(const uint8_t *sector, uint64_t *ret_epoch, uint32_t *ret_area_sectors);

/* sfs_codec.c: a record's payload, laid over sectors that each begin with a tag. */
void sfs_stream_put(uint8_t *sectors, uint32_t off, const void *src, uint32_t len);
void sfs_stream_get(const uint8_t *sectors, uint32_t off, void *dst, uint32_t len);
uint32_t sfs_stream_crc(uint32_t crc, const uint8_t *sectors, uint32_t off, uint32_t len);
uint32_t sfs_rec_sectors(uint32_t len);
/* Writes the tags and the header, and the checksum over what sectors already hold. */
void sfs_rec_seal(uint8_t *sectors, struct sfs_rec_head *head);
/* A sector with a record's head tag, checked or not: its epoch field; false without it. */
bool sfs_rec_head_peek(const uint8_t *sector, uint64_t *ret_epoch);
/* Decodes a first sector's header; false if it is not a record's head. */
bool sfs_rec_head_decode(const uint8_t *sector, struct sfs_rec_head *ret_head);
/* Whether the nsect sectors hold a whole record: tags and checksum. */
bool sfs_rec_is_whole(const uint8_t *sectors, const struct sfs_rec_head *head);
/* Writes op header, key and value at payload offset off; returns the bytes written. */
uint32_t sfs_op_encode(uint8_t *sectors, uint32_t off, uint8_t kind, const uint8_t *key,
		       uint8_t klen, const uint8_t *value, uint16_t vlen);

/* sfs_index.c: the sorted key index. */
bool sfs_index_find(const struct sfs *fs, const uint8_t *key, uint32_t klen, uint32_t *ret_pos);
/* Sets key's place, inserting it at pos (from sfs_index_find) if absent; needs room. */
void sfs_index_set(struct sfs *fs, uint32_t pos, bool found, const uint8_t *key, uint8_t klen,
		   struct sfs_loc loc, uint16_t vlen);
void sfs_index_remove(struct sfs *fs, uint32_t pos);
uint32_t sfs_op_bytes(uint32_t klen, uint32_t vlen);

/* sfs_batch.c: checking a caller's batch, and what it would leave. */
int sfs_batch_check(const struct sfs_batch *b);
/* Keys and bytes after b; ERR_NOSPC when over the bounds. */
int sfs_batch_plan(const struct sfs *fs, const struct sfs_batch *b, uint32_t *ret_keys,
		   uint32_t *ret_bytes);
/* Payload bytes of b's record. */
uint32_t sfs_batch_len(const struct sfs_batch *b);
/* Whether b has an op on key. */
bool sfs_batch_has_key(const struct sfs_batch *b, const uint8_t *key, uint32_t klen);
/* Whether op i is b's last op on its key: the one that decides it. */
bool sfs_batch_op_is_last(const struct sfs_batch *b, uint32_t i);

/* sfs_compact.c: snapshot sizes, and the compaction itself. */
uint32_t sfs_snapshot_bound(uint32_t bytes);
uint32_t sfs_capacity(uint32_t area_sectors);
/* Writes the state after checked batch b (within the capacity) to the other area and switches. */
int sfs_compact(struct sfs *fs, const struct sfs_batch *b);

/* sfs_get.c: reads the op at loc into fs->scratch and checks it against key and its checksum. */
int sfs_op_load(struct sfs *fs, const struct sfs_entry *e, uint32_t *ret_base);

/* sfs_mount.c: writes superblock sb to its slot and flushes. */
int sfs_super_write(struct sfs *fs, const struct sfs_super *sb);

#endif /* SFS_INTERNAL_H */
