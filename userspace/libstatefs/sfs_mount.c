/*
 * Formatting and mounting. A store is two superblock copies (sectors 0 and
 * 1) and two areas; mount takes the valid copy of the higher generation and
 * replays its area's log from the start, record by record, while each one
 * is the next link: a record's head, the area's epoch, the next sequence
 * number, the checksum of the record before it, and its own checksum over
 * every byte. The first record that is not ends the log; a torn one is
 * counted as discarded and the next commit writes over it. A record that
 * fails its checksum with a whole record behind it that names it was not
 * torn but damaged: the report says so. The ops of a
 * record are checked again (lengths, kind, their own checksums) before the
 * index takes them: a record that passed its checksum and does not parse
 * is ERR_CORRUPT, never half-applied into a mounted store.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

static bool sfs_dev_ok(const struct sfs_dev *dev)
{
	return dev != NULL && dev->read != NULL && dev->write != NULL && dev->flush != NULL;
}

static uint64_t sfs_usable(uint64_t sectors)
{
	return sectors < SFS_SECTORS_MAX ? sectors : SFS_SECTORS_MAX;
}

/* Raises *max to epoch if it can be one a store used (format's room kept under the limit). */
static void sfs_note_epoch(uint64_t *max, uint64_t epoch)
{
	if (epoch < SFS_COUNTER_LIMIT - 2u && epoch > *max)
		*max = epoch;
}

/* Notes the epoch of the record head at lba, if that sector is on the device and holds one. */
static int sfs_note_head(const struct sfs_dev *dev, uint64_t sectors, uint64_t lba, uint64_t *max)
{
	uint8_t sector[SFS_SECTOR_SIZE];
	uint64_t epoch = 0;

	if (lba >= sectors)
		return 0;
	if (dev->read(dev->ctx, lba, sector, 1) != 0)
		return ERR_IO;
	if (sfs_rec_head_peek(sector, &epoch))
		sfs_note_epoch(max, epoch);
	return 0;
}

/*
 * The newest epoch an old store on the device shows: the epoch fields of
 * both superblock sectors that carry the magic, checksum or not, and of the
 * record heads at the start of each area (area 1 as this format lays it out
 * and as each old superblock did). Each area's first sector holds its
 * newest record: a compaction writes its area from the start, and a log's
 * first commit goes there.
 */
static int sfs_epoch_seen(const struct sfs_dev *dev, uint64_t sectors, uint64_t *ret_max)
{
	uint8_t buf[2 * SFS_SECTOR_SIZE];
	uint64_t heads[4] = {2, 2u + (sectors - 2u) / 2u, 0, 0};
	uint64_t max = 0;

	if (dev->read(dev->ctx, 0, buf, 2) != 0)
		return ERR_IO;
	for (uint32_t i = 0; i < 2u; i++) {
		uint64_t epoch = 0;
		uint32_t area = 0;

		if (sfs_super_peek(buf + (size_t)i * SFS_SECTOR_SIZE, &epoch, &area)) {
			sfs_note_epoch(&max, epoch);
			heads[2u + i] = 2u + (uint64_t)area;
		}
	}
	for (uint32_t i = 0; i < 4u; i++) {
		if (heads[i] != 0 && sfs_note_head(dev, sectors, heads[i], &max) != 0)
			return ERR_IO;
	}
	*ret_max = max;
	return 0;
}

/*
 * One write: both superblock copies (generations 0 and 1, the same store)
 * and a zeroed first sector of area 0. The epoch is two above any an old
 * store on the device shows (a compaction that never switched used one
 * more than its superblock's), so no old record can join the new log, even
 * when the old superblocks are damaged.
 */
int sfs_format(const struct sfs_dev *dev)
{
	uint8_t buf[3 * SFS_SECTOR_SIZE];
	struct sfs_super sb;
	uint64_t sectors;
	uint64_t seen = 0;

	if (!sfs_dev_ok(dev))
		return ERR_INVAL;
	sectors = sfs_usable(dev->sectors);
	if (sectors < SFS_DISK_MIN_SECTORS)
		return ERR_RANGE;
	if (sfs_epoch_seen(dev, sectors, &seen) != 0)
		return ERR_IO;
	sb.epoch = seen + 2u;
	sb.base_seq = 1;
	sb.sectors = sectors;
	sb.area_sectors = (uint32_t)((sectors - 2u) / 2u);
	sb.active = 0;
	memset(buf, 0, sizeof(buf));
	for (uint32_t i = 0; i < 2u; i++) {
		sb.generation = i;
		sfs_super_encode(&sb, buf + (size_t)i * SFS_SECTOR_SIZE);
	}
	if (dev->write(dev->ctx, 0, buf, 3) != 0 || dev->flush(dev->ctx) != 0)
		return ERR_IO;
	return 0;
}

int sfs_super_write(struct sfs *fs, const struct sfs_super *sb)
{
	sfs_super_encode(sb, fs->scratch);
	if (fs->dev.write(fs->dev.ctx, sb->generation & 1u, fs->scratch, 1) != 0 ||
	    fs->dev.flush(fs->dev.ctx) != 0)
		return ERR_IO;
	return 0;
}

/* Picks the copy to mount from the two decodes; the error when there is none. */
static int sfs_super_pick(const int rc[2], const struct sfs_super sb[2], uint32_t *ret_slot)
{
	uint32_t slot;

	if (rc[0] == 0 && rc[1] == 0)
		slot = sb[1].generation > sb[0].generation ? 1u : 0u;
	else if (rc[0] == 0 || rc[1] == 0)
		slot = rc[0] == 0 ? 0u : 1u;
	else if (rc[0] == ERR_VERSION || rc[1] == ERR_VERSION)
		return ERR_VERSION;
	else if (rc[0] == ERR_CORRUPT || rc[1] == ERR_CORRUPT)
		return ERR_CORRUPT;
	else
		return ERR_NOTFOUND;
	*ret_slot = slot;
	return 0;
}

static int sfs_super_read(struct sfs *fs, struct sfs_super *ret_sb, uint32_t *ret_slot)
{
	struct sfs_super sb[2];
	int rc[2];
	uint32_t slot = 0;
	int err;

	memset(sb, 0, sizeof(sb));
	if (fs->dev.read(fs->dev.ctx, 0, fs->io, 2) != 0)
		return ERR_IO;
	for (uint32_t i = 0; i < 2u; i++) {
		rc[i] = sfs_super_decode(fs->io + (size_t)i * SFS_SECTOR_SIZE, fs->dev.sectors,
					 &sb[i]);
		if (rc[i] == 0 && (sb[i].generation & 1u) != i)
			rc[i] = ERR_CORRUPT; /* generation g is written to sector g mod 2 only */
	}
	err = sfs_super_pick(rc, sb, &slot);
	if (err != 0)
		return err;
	*ret_sb = sb[slot];
	*ret_slot = slot;
	return 0;
}

/* The log as replayed so far. */
struct sfs_scan {
	uint64_t seq;		 /* the next record's sequence number */
	uint32_t prev;		 /* the checksum the next record must name */
	uint32_t pos;		 /* sectors of the area replayed */
	uint32_t replayed;	 /* records */
	uint32_t discarded;	 /* bytes of the record that ended the log */
	bool torn;		 /* the log ended at a next link that failed its checksum: */
	struct sfs_rec_head bad; /* its head */
	bool damaged;		 /* and a whole record after it goes on the chain */
};

/* Applies the op at payload offset *off of the record at sectors (first sector lba). */
static int sfs_replay_op(struct sfs *fs, const uint8_t *sectors, uint32_t lba, uint32_t len,
			 uint32_t *off)
{
	uint8_t h[SFS_OP_HEAD];
	uint8_t key[SFS_KEY_MAX];
	uint32_t at = *off;
	uint32_t pos = 0;
	bool found;

	if (len - at < SFS_OP_HEAD)
		return ERR_CORRUPT;
	sfs_stream_get(sectors, at, h, sizeof(h));
	if ((h[0] != SFS_OP_PUT && h[0] != SFS_OP_DELETE) || h[1] == 0 || h[1] > SFS_KEY_MAX ||
	    sfs_get16(h + 2) > SFS_VALUE_MAX || (h[0] == SFS_OP_DELETE && sfs_get16(h + 2) != 0) ||
	    len - at - SFS_OP_HEAD < (uint32_t)h[1] + sfs_get16(h + 2))
		return ERR_CORRUPT;
	sfs_stream_get(sectors, at + SFS_OP_HEAD, key, h[1]);
	if (sfs_stream_crc(sfs_crc32c(0, h, 4), sectors, at + SFS_OP_HEAD,
			   (uint32_t)h[1] + sfs_get16(h + 2)) != sfs_get32(h + 4))
		return ERR_CORRUPT;
	found = sfs_index_find(fs, key, h[1], &pos);
	if (h[0] == SFS_OP_DELETE && found)
		sfs_index_remove(fs, pos);
	if (h[0] == SFS_OP_PUT && !found && fs->nkeys >= SFS_KEYS_MAX)
		return ERR_CORRUPT;
	if (h[0] == SFS_OP_PUT)
		sfs_index_set(fs, pos, found, key, h[1], (struct sfs_loc){lba, (uint16_t)at},
			      sfs_get16(h + 2));
	*off = at + sfs_op_bytes(h[1], sfs_get16(h + 2));
	return 0;
}

static int sfs_replay_record(struct sfs *fs, const uint8_t *sectors, uint32_t lba,
			     const struct sfs_rec_head *head)
{
	uint32_t off = SFS_REC_HEAD;

	for (uint32_t i = 0; i < head->nops; i++) {
		int rc = sfs_replay_op(fs, sectors, lba, head->len, &off);

		if (rc != 0)
			return rc;
	}
	return off == head->len ? 0 : ERR_CORRUPT;
}

/* Whether the sectors at w of the window (n read) begin the next link; sets *ret_head. */
static bool sfs_is_next(const struct sfs *fs, const struct sfs_scan *sc, uint32_t w,
			struct sfs_rec_head *ret_head)
{
	struct sfs_rec_head head;

	if (!sfs_rec_head_decode(fs->io + (size_t)w * SFS_SECTOR_SIZE, &head))
		return false;
	if (head.epoch != fs->epoch || head.seq != sc->seq || head.prev != sc->prev)
		return false;
	if (sc->pos + w + head.nsect > fs->area_sectors)
		return false;
	*ret_head = head;
	return true;
}

/*
 * Replays the records that lie whole in the window just read (n sectors at
 * sc->pos). Returns 1 when the log ends in it, 0 when the next record starts
 * past what the window holds, or ERR_CORRUPT.
 */
static int sfs_replay_window(struct sfs *fs, struct sfs_scan *sc, uint32_t n)
{
	struct sfs_rec_head head;
	uint32_t w = 0;
	int end = 0;

	while (w < n && end == 0) {
		if (!sfs_is_next(fs, sc, w, &head)) {
			end = 1;
		} else if (w + head.nsect > n) {
			break; /* read again from here */
		} else if (!sfs_rec_is_whole(fs->io + (size_t)w * SFS_SECTOR_SIZE, &head)) {
			sc->discarded = head.nsect * SFS_SECTOR_SIZE;
			sc->torn = true;
			sc->bad = head;
			end = 1;
		} else {
			end = sfs_replay_record(fs, fs->io + (size_t)w * SFS_SECTOR_SIZE,
						fs->area_lba[fs->active] + sc->pos + w, &head);
			w += head.nsect;
			sc->seq++;
			sc->prev = head.crc;
			sc->replayed++;
		}
	}
	sc->pos += w;
	return end;
}

/*
 * The log ended at sc->pos, at a record whose head is the next link but
 * whose bytes fail their checksum. A power cut leaves such a record only at
 * the log's end: a record is written after the one before it was flushed.
 * If the record behind it is whole, of this epoch, the sequence number
 * after it, and names its checksum, the log went on past it, so the record
 * was damaged later: sc->damaged. Reads through fs->io.
 */
static int sfs_check_damage(struct sfs *fs, struct sfs_scan *sc)
{
	uint32_t at = sc->pos + sc->bad.nsect;
	uint64_t lba = (uint64_t)fs->area_lba[fs->active] + at;
	struct sfs_rec_head next;

	if (at >= fs->area_sectors)
		return 0;
	if (fs->dev.read(fs->dev.ctx, lba, fs->io, 1) != 0)
		return ERR_IO;
	if (!sfs_rec_head_decode(fs->io, &next) || next.epoch != fs->epoch ||
	    next.seq != sc->seq + 1u || next.prev != sc->bad.crc ||
	    at + next.nsect > fs->area_sectors)
		return 0;
	if (fs->dev.read(fs->dev.ctx, lba, fs->io, next.nsect) != 0)
		return ERR_IO;
	sc->damaged = sfs_rec_is_whole(fs->io, &next);
	return 0;
}

/* Replays the active area's log into the empty index. */
static int sfs_replay(struct sfs *fs, struct sfs_scan *sc)
{
	while (sc->pos < fs->area_sectors) {
		uint32_t left = fs->area_sectors - sc->pos;
		uint32_t n = left < SFS_REC_SECTORS ? left : SFS_REC_SECTORS;
		uint32_t before = sc->pos;
		int rc;

		if (fs->dev.read(fs->dev.ctx, (uint64_t)fs->area_lba[fs->active] + sc->pos, fs->io,
				 n) != 0)
			return ERR_IO;
		rc = sfs_replay_window(fs, sc, n);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return sc->torn ? sfs_check_damage(fs, sc) : 0;
		if (sc->pos == before)
			break; /* cannot happen: a next record always fits a full window */
	}
	return 0;
}

static void sfs_mount_state(struct sfs *fs, const struct sfs_super *sb)
{
	fs->generation = sb->generation;
	fs->epoch = sb->epoch;
	fs->area_sectors = sb->area_sectors;
	fs->area_lba[0] = 2;
	fs->area_lba[1] = 2u + sb->area_sectors;
	fs->active = sb->active;
}

int sfs_mount(struct sfs *fs, const struct sfs_dev *dev, struct sfs_mount_report *ret_report)
{
	struct sfs_super sb;
	struct sfs_scan sc;
	uint32_t slot = 0;
	int rc;

	if (fs == NULL || !sfs_dev_ok(dev))
		return ERR_INVAL;
	memset(fs, 0, sizeof(*fs));
	fs->dev = *dev;
	rc = sfs_super_read(fs, &sb, &slot);
	if (rc != 0)
		return rc;
	sfs_mount_state(fs, &sb);
	memset(&sc, 0, sizeof(sc));
	sc.seq = sb.base_seq;
	sc.prev = sfs_chain_seed(sb.epoch, sb.base_seq);
	rc = sfs_replay(fs, &sc);
	if (rc != 0)
		return rc;
	fs->tail = sc.pos;
	fs->next_seq = sc.seq;
	fs->prev_crc = sc.prev;
	fs->mounted = true;
	if (ret_report != NULL) {
		ret_report->generation = sb.generation;
		ret_report->next_seq = sc.seq;
		ret_report->records_replayed = sc.replayed;
		ret_report->bytes_discarded = sc.discarded;
		ret_report->damaged = sc.damaged;
		ret_report->keys = fs->nkeys;
		ret_report->superblock = slot;
	}
	return 0;
}
