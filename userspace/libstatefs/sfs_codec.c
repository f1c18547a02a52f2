/*
 * The store's on-disk encodings (docs/statefs.md): the superblock sector, and
 * records, whose payload is a stream laid over sectors that each start with
 * a four-byte tag (the first sector's says "a record starts here", the
 * others' "a record goes on"), so no byte a caller stores can ever sit where
 * a record's head is looked for. A record's payload opens with its header;
 * its ops follow, each with its own checksum so one value can be read back
 * and checked alone. Device calls, the index and recovery are elsewhere.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

/* The first eight bytes of every superblock: "CAIRNSFS", no terminator. */
static const uint8_t sfs_magic[8] = {'C', 'A', 'I', 'R', 'N', 'S', 'F', 'S'};

void sfs_super_encode(const struct sfs_super *sb, uint8_t *sector)
{
	memset(sector, 0, SFS_SECTOR_SIZE);
	memcpy(sector, sfs_magic, sizeof(sfs_magic));
	sfs_put32(sector + 8, SFS_VERSION);
	sfs_put32(sector + 12, sb->active);
	sfs_put64(sector + 16, sb->generation);
	sfs_put64(sector + 24, sb->epoch);
	sfs_put64(sector + 32, sb->base_seq);
	sfs_put64(sector + 40, sb->sectors);
	sfs_put32(sector + 48, sb->area_sectors);
	sfs_put32(sector + SFS_SB_BYTES - 4, sfs_crc32c(0, sector, SFS_SB_BYTES - 4));
}

static bool sfs_super_fits(const struct sfs_super *sb, uint64_t dev_sectors)
{
	uint64_t usable = dev_sectors < SFS_SECTORS_MAX ? dev_sectors : SFS_SECTORS_MAX;

	return sb->sectors <= usable && sb->area_sectors >= 2u * SFS_REC_SECTORS &&
	       2u + 2u * (uint64_t)sb->area_sectors <= sb->sectors && sb->active <= 1u &&
	       sb->generation < SFS_COUNTER_LIMIT && sb->epoch < SFS_COUNTER_LIMIT &&
	       sb->base_seq < SFS_COUNTER_LIMIT;
}

/*
 * The magic and the version are where every version of the format keeps
 * them, so a newer store is told apart from a damaged one before the
 * checksum, whose extent a newer version may change.
 */
int sfs_super_decode(const uint8_t *sector, uint64_t dev_sectors, struct sfs_super *ret_sb)
{
	struct sfs_super sb;

	if (memcmp(sector, sfs_magic, sizeof(sfs_magic)) != 0)
		return ERR_NOTFOUND;
	if (sfs_get32(sector + 8) != SFS_VERSION)
		return ERR_VERSION;
	if (sfs_get32(sector + SFS_SB_BYTES - 4) != sfs_crc32c(0, sector, SFS_SB_BYTES - 4))
		return ERR_CORRUPT;
	sb.active = sfs_get32(sector + 12);
	sb.generation = sfs_get64(sector + 16);
	sb.epoch = sfs_get64(sector + 24);
	sb.base_seq = sfs_get64(sector + 32);
	sb.sectors = sfs_get64(sector + 40);
	sb.area_sectors = sfs_get32(sector + 48);
	if (!sfs_super_fits(&sb, dev_sectors))
		return ERR_CORRUPT;
	*ret_sb = sb;
	return 0;
}

/* For format, which looks for every epoch an old store may have used. */
bool sfs_super_peek(const uint8_t *sector, uint64_t *ret_epoch, uint32_t *ret_area_sectors)
{
	if (memcmp(sector, sfs_magic, sizeof(sfs_magic)) != 0)
		return false;
	*ret_epoch = sfs_get64(sector + 24);
	*ret_area_sectors = sfs_get32(sector + 48);
	return true;
}

/* Where payload byte off lies in the record's sectors. */
static uint32_t sfs_stream_at(uint32_t off)
{
	return (off / SFS_SECTOR_BYTES) * SFS_SECTOR_SIZE + SFS_TAG_BYTES + off % SFS_SECTOR_BYTES;
}

/* Bytes from payload offset off to the end of its sector. */
static uint32_t sfs_stream_run(uint32_t off, uint32_t len)
{
	uint32_t room = SFS_SECTOR_BYTES - off % SFS_SECTOR_BYTES;

	return len < room ? len : room;
}

void sfs_stream_put(uint8_t *sectors, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *s = src;

	while (len > 0) {
		uint32_t n = sfs_stream_run(off, len);

		memcpy(sectors + sfs_stream_at(off), s, n);
		s += n;
		off += n;
		len -= n;
	}
}

void sfs_stream_get(const uint8_t *sectors, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = dst;

	while (len > 0) {
		uint32_t n = sfs_stream_run(off, len);

		memcpy(d, sectors + sfs_stream_at(off), n);
		d += n;
		off += n;
		len -= n;
	}
}

uint32_t sfs_stream_crc(uint32_t crc, const uint8_t *sectors, uint32_t off, uint32_t len)
{
	while (len > 0) {
		uint32_t n = sfs_stream_run(off, len);

		crc = sfs_crc32c(crc, sectors + sfs_stream_at(off), n);
		off += n;
		len -= n;
	}
	return crc;
}

uint32_t sfs_rec_sectors(uint32_t len)
{
	return (len + SFS_SECTOR_BYTES - 1u) / SFS_SECTOR_BYTES;
}

static void sfs_rec_head_encode(uint8_t *sectors, const struct sfs_rec_head *head)
{
	uint8_t h[SFS_REC_HEAD];

	memset(h, 0, sizeof(h));
	sfs_put32(h, head->crc);
	sfs_put32(h + 4, head->prev);
	sfs_put64(h + 8, head->seq);
	sfs_put64(h + 16, head->epoch);
	sfs_put32(h + 24, head->len);
	sfs_put16(h + 28, head->nops);
	sfs_put16(h + 30, head->nsect);
	sfs_stream_put(sectors, 0, h, sizeof(h));
}

/*
 * The caller has put the ops at payload offsets SFS_REC_HEAD..head->len and
 * filled seq, epoch, prev, len and nops; this pads the last sector with
 * zeros, writes the tags and the header and sets head->nsect and head->crc.
 */
void sfs_rec_seal(uint8_t *sectors, struct sfs_rec_head *head)
{
	uint32_t nsect = sfs_rec_sectors(head->len);
	uint32_t end = sfs_stream_at(head->len - 1u) + 1u;

	memset(sectors + end, 0, nsect * SFS_SECTOR_SIZE - end);
	for (uint32_t i = 0; i < nsect; i++)
		sfs_put32(sectors + (size_t)i * SFS_SECTOR_SIZE,
			  i == 0 ? SFS_TAG_HEAD : SFS_TAG_CONT);
	head->nsect = (uint16_t)nsect;
	head->crc = 0;
	sfs_rec_head_encode(sectors, head);
	head->crc = sfs_stream_crc(0, sectors, 4, head->len - 4u);
	sfs_put32(sectors + SFS_TAG_BYTES, head->crc);
}

bool sfs_rec_head_peek(const uint8_t *sector, uint64_t *ret_epoch)
{
	if (sfs_get32(sector) != SFS_TAG_HEAD)
		return false;
	*ret_epoch = sfs_get64(sector + SFS_TAG_BYTES + 16);
	return true;
}

bool sfs_rec_head_decode(const uint8_t *sector, struct sfs_rec_head *ret_head)
{
	const uint8_t *h = sector + SFS_TAG_BYTES;
	struct sfs_rec_head head;

	if (sfs_get32(sector) != SFS_TAG_HEAD)
		return false;
	head.crc = sfs_get32(h);
	head.prev = sfs_get32(h + 4);
	head.seq = sfs_get64(h + 8);
	head.epoch = sfs_get64(h + 16);
	head.len = sfs_get32(h + 24);
	head.nops = sfs_get16(h + 28);
	head.nsect = sfs_get16(h + 30);
	if (head.len < SFS_REC_HEAD || head.nsect == 0 || head.nsect > SFS_REC_SECTORS ||
	    sfs_rec_sectors(head.len) != head.nsect)
		return false;
	*ret_head = head;
	return true;
}

bool sfs_rec_is_whole(const uint8_t *sectors, const struct sfs_rec_head *head)
{
	for (uint32_t i = 1; i < head->nsect; i++) {
		if (sfs_get32(sectors + (size_t)i * SFS_SECTOR_SIZE) != SFS_TAG_CONT)
			return false;
	}
	return sfs_stream_crc(0, sectors, 4, head->len - 4u) == head->crc;
}

/* The op's checksum covers its kind, lengths, key and value. */
uint32_t sfs_op_encode(uint8_t *sectors, uint32_t off, uint8_t kind, const uint8_t *key,
		       uint8_t klen, const uint8_t *value, uint16_t vlen)
{
	uint8_t h[SFS_OP_HEAD];
	uint32_t crc;

	h[0] = kind;
	h[1] = klen;
	sfs_put16(h + 2, vlen);
	crc = sfs_crc32c(0, h, 4);
	crc = sfs_crc32c(crc, key, klen);
	crc = sfs_crc32c(crc, value, vlen);
	sfs_put32(h + 4, crc);
	sfs_stream_put(sectors, off, h, sizeof(h));
	sfs_stream_put(sectors, off + SFS_OP_HEAD, key, klen);
	sfs_stream_put(sectors, off + SFS_OP_HEAD + klen, value, vlen);
	return SFS_OP_HEAD + klen + vlen;
}
