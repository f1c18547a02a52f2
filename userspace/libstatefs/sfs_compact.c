/*
 * Space reclamation. The log fills its area; the commit that finds no room
 * compacts: the state after its batch (every live key the batch leaves
 * alone, read back and checked, then the batch's puts) goes into the other
 * area as records of a new epoch, is flushed, and then the superblock
 * switches to that area with a one-sector write and a flush. The switch is
 * the commit point of the compaction and of the batch together, and a cut
 * before it leaves the old area in charge, untouched. The index takes the
 * new places and the batch only after the switch. Also here: the bound on the sectors a
 * snapshot of so many bytes can take, from which the store's capacity
 * follows.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

/* Payload bytes for ops in one record. */
#define SFS_REC_ROOM (SFS_REC_SECTORS * SFS_SECTOR_BYTES - SFS_REC_HEAD)

/*
 * Records are filled in key order and an op never straddles two, so every
 * record but the last holds more than SFS_REC_ROOM - SFS_OP_MAX bytes, and
 * each record wastes less than a sector in padding. In 64 bits: bytes may
 * be near 2^32 here.
 */
uint32_t sfs_snapshot_bound(uint32_t bytes)
{
	uint64_t recs;
	uint64_t packed;

	if (bytes == 0)
		return 0;
	recs = ((uint64_t)bytes + (SFS_REC_ROOM - SFS_OP_MAX) - 1u) / (SFS_REC_ROOM - SFS_OP_MAX);
	packed = (recs * SFS_REC_HEAD + bytes + SFS_SECTOR_BYTES - 1u) / SFS_SECTOR_BYTES + recs;
	return (uint32_t)(packed < recs * SFS_REC_SECTORS ? packed : recs * SFS_REC_SECTORS);
}

/*
 * The most live bytes (ops' headers, keys, values) an area of this size
 * takes such that a snapshot of them and one more record of the biggest
 * batch always fit: so a commit admitted now can always be written, and a
 * delete always goes through on a full store. Never more than SFS_LIVE_MAX,
 * what the most keys with the longest keys and values take: a larger disk
 * holds no more than that.
 */
uint32_t sfs_capacity(uint32_t area_sectors)
{
	uint64_t room = (uint64_t)area_sectors * SFS_SECTOR_BYTES;
	uint32_t lo = 0;
	uint32_t hi = room < SFS_LIVE_MAX ? (uint32_t)room : SFS_LIVE_MAX;

	if (area_sectors < SFS_REC_SECTORS)
		return 0;
	while (lo < hi) {
		uint32_t mid = hi - (hi - lo) / 2u;

		if ((uint64_t)sfs_snapshot_bound(mid) + SFS_REC_SECTORS <= area_sectors)
			lo = mid;
		else
			hi = mid - 1u;
	}
	return lo;
}

/* A snapshot being written: the record filling fs->io and where it goes. */
struct sfs_snap {
	struct sfs_rec_head head;
	uint32_t lba;			       /* first sector of the new area */
	uint32_t pos;			       /* sectors of it written */
	struct sfs_loc put[SFS_BATCH_OPS_MAX]; /* where each of the batch's last puts went */
};

static int sfs_snap_write(struct sfs *fs, struct sfs_snap *s)
{
	int rc;

	sfs_rec_seal(fs->io, &s->head);
	if (s->pos + s->head.nsect > fs->area_sectors)
		return ERR_NOSPC; /* only a store mounted over its capacity gets here */
	rc = fs->dev.write(fs->dev.ctx, (uint64_t)s->lba + s->pos, fs->io, s->head.nsect);
	if (rc != 0)
		return ERR_IO;
	s->pos += s->head.nsect;
	s->head.prev = s->head.crc;
	s->head.seq++;
	s->head.len = SFS_REC_HEAD;
	s->head.nops = 0;
	return 0;
}

/* Makes room for an op of len bytes in the record being filled: writes it out if full. */
static int sfs_snap_room(struct sfs *fs, struct sfs_snap *s, uint32_t len)
{
	if (s->head.len + len > SFS_REC_SECTORS * SFS_SECTOR_BYTES)
		return sfs_snap_write(fs, s);
	return 0;
}

/* Copies len payload bytes from fs->scratch at from to fs->io at to. */
static void sfs_snap_copy(struct sfs *fs, uint32_t to, uint32_t from, uint32_t len)
{
	uint8_t chunk[128];

	while (len > 0) {
		uint32_t n = len < sizeof(chunk) ? len : (uint32_t)sizeof(chunk);

		sfs_stream_get(fs->scratch, from, chunk, n);
		sfs_stream_put(fs->io, to, chunk, n);
		to += n;
		from += n;
		len -= n;
	}
}

/* Appends index entry i, read back and checked, to the snapshot. */
static int sfs_snap_add(struct sfs *fs, struct sfs_snap *s, uint32_t i)
{
	const struct sfs_entry *e = &fs->index[i];
	uint32_t len = sfs_op_bytes(e->klen, e->vlen);
	uint32_t base = 0;
	int rc;

	rc = sfs_snap_room(fs, s, len);
	if (rc == 0)
		rc = sfs_op_load(fs, e, &base);
	if (rc != 0)
		return rc;
	sfs_snap_copy(fs, s->head.len, base, len);
	fs->moved[i].lba = s->lba + s->pos;
	fs->moved[i].off = (uint16_t)s->head.len;
	s->head.len += len;
	s->head.nops++;
	return 0;
}

/* Appends the batch's op i, a put, from memory to the snapshot. */
static int sfs_snap_put(struct sfs *fs, struct sfs_snap *s, const struct sfs_batch *b, uint32_t i)
{
	const struct sfs_batch_op *op = &b->ops[i];
	const uint8_t *key = b->bytes + op->off;
	int rc = sfs_snap_room(fs, s, sfs_op_bytes(op->klen, op->vlen));

	if (rc != 0)
		return rc;
	s->put[i].lba = s->lba + s->pos;
	s->put[i].off = (uint16_t)s->head.len;
	s->head.len += sfs_op_encode(fs->io, s->head.len, SFS_OP_PUT, key, op->klen, key + op->klen,
				     op->vlen);
	s->head.nops++;
	return 0;
}

/*
 * The state after batch b, as records from the start of the new area: each
 * live key b leaves alone, read back and checked, then b's puts (the last
 * op on each key). A key b puts or deletes is not read, so a damaged value
 * can always be deleted or written over.
 */
static int sfs_snap_fill(struct sfs *fs, struct sfs_snap *s, const struct sfs_batch *b)
{
	int rc = 0;

	for (uint32_t i = 0; i < fs->nkeys && rc == 0; i++) {
		if (!sfs_batch_has_key(b, fs->index[i].key, fs->index[i].klen))
			rc = sfs_snap_add(fs, s, i);
	}
	for (uint32_t i = 0; i < b->count && rc == 0; i++) {
		if (b->ops[i].kind == SFS_OP_PUT && sfs_batch_op_is_last(b, i))
			rc = sfs_snap_put(fs, s, b, i);
	}
	if (rc == 0 && s->head.nops > 0)
		rc = sfs_snap_write(fs, s);
	return rc;
}

/* The switch succeeded: the index takes the new places and the batch; the log follows. */
static void sfs_snap_install(struct sfs *fs, const struct sfs_snap *s, const struct sfs_super *sb,
			     const struct sfs_batch *b)
{
	for (uint32_t i = 0; i < fs->nkeys; i++) {
		if (sfs_batch_has_key(b, fs->index[i].key, fs->index[i].klen))
			continue; /* the batch sets or removes it below */
		fs->index[i].lba = fs->moved[i].lba;
		fs->index[i].off = fs->moved[i].off;
	}
	for (uint32_t i = 0; i < b->count; i++) {
		const struct sfs_batch_op *op = &b->ops[i];
		const uint8_t *key = b->bytes + op->off;
		uint32_t pos = 0;
		bool found;

		if (!sfs_batch_op_is_last(b, i))
			continue;
		found = sfs_index_find(fs, key, op->klen, &pos);
		if (op->kind == SFS_OP_PUT)
			sfs_index_set(fs, pos, found, key, op->klen, s->put[i], op->vlen);
		else if (found)
			sfs_index_remove(fs, pos);
	}
	fs->generation = sb->generation;
	fs->epoch = sb->epoch;
	fs->active = sb->active;
	fs->tail = s->pos;
	fs->next_seq = s->head.seq;
	fs->prev_crc = s->head.prev;
	fs->compactions++;
}

int sfs_compact(struct sfs *fs, const struct sfs_batch *b)
{
	struct sfs_super sb = {
		.generation = fs->generation + 1u,
		.epoch = fs->epoch + 1u,
		.base_seq = fs->next_seq,
		.sectors = 2u + 2u * (uint64_t)fs->area_sectors,
		.area_sectors = fs->area_sectors,
		.active = fs->active ^ 1u,
	};
	struct sfs_snap s = {
		.head = {.seq = sb.base_seq, .epoch = sb.epoch, .len = SFS_REC_HEAD},
		.lba = fs->area_lba[sb.active],
	};
	int rc;

	if (sb.generation >= SFS_COUNTER_LIMIT || sb.epoch >= SFS_COUNTER_LIMIT)
		return ERR_CORRUPT; /* only a crafted superblock gets here */
	s.head.prev = sfs_chain_seed(sb.epoch, sb.base_seq);
	rc = sfs_snap_fill(fs, &s, b);
	if (rc == 0 && fs->dev.flush(fs->dev.ctx) != 0)
		rc = ERR_IO;
	if (rc != 0)
		return rc; /* nothing switched: the next compaction writes the area again */
	rc = sfs_super_write(fs, &sb);
	if (rc != 0) {
		fs->broken = true; /* the switch may have landed: only a remount knows */
		return rc;
	}
	sfs_snap_install(fs, &s, &sb, b);
	return 0;
}
