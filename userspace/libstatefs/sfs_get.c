/*
 * Reading back: one key's op is read from the disk (the sectors it spans,
 * one device call) and checked against the index and its own checksum
 * before any byte of its value is handed out; and the store's figures.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

/* Whether the op at payload offset base of fs->scratch is entry e's put, intact. */
static bool sfs_op_matches(const struct sfs *fs, const struct sfs_entry *e, uint32_t base)
{
	uint8_t h[SFS_OP_HEAD];
	uint8_t key[SFS_KEY_MAX];
	uint32_t crc;

	sfs_stream_get(fs->scratch, base, h, sizeof(h));
	if (h[0] != SFS_OP_PUT || h[1] != e->klen || sfs_get16(h + 2) != e->vlen)
		return false;
	sfs_stream_get(fs->scratch, base + SFS_OP_HEAD, key, e->klen);
	if (memcmp(key, e->key, e->klen) != 0)
		return false;
	crc = sfs_crc32c(0, h, 4);
	crc = sfs_stream_crc(crc, fs->scratch, base + SFS_OP_HEAD, (uint32_t)e->klen + e->vlen);
	return crc == sfs_get32(h + 4);
}

int sfs_op_load(struct sfs *fs, const struct sfs_entry *e, uint32_t *ret_base)
{
	uint32_t first = e->off / SFS_SECTOR_BYTES;
	uint32_t last = (e->off + sfs_op_bytes(e->klen, e->vlen) - 1u) / SFS_SECTOR_BYTES;
	uint32_t base = e->off - first * SFS_SECTOR_BYTES;

	if (fs->dev.read(fs->dev.ctx, (uint64_t)e->lba + first, fs->scratch, last - first + 1u) !=
	    0)
		return ERR_IO;
	if (!sfs_op_matches(fs, e, base))
		return ERR_CORRUPT;
	*ret_base = base;
	return 0;
}

int sfs_get(struct sfs *fs, const void *key, size_t klen, void *buf, size_t cap, size_t *ret_len)
{
	const struct sfs_entry *e;
	uint32_t pos = 0;
	uint32_t base = 0;
	int rc;

	if (fs == NULL || !fs->mounted || key == NULL || klen == 0 || ret_len == NULL ||
	    (buf == NULL && cap > 0))
		return ERR_INVAL;
	if (klen > SFS_KEY_MAX)
		return ERR_TOOLONG;
	if (!sfs_index_find(fs, key, (uint32_t)klen, &pos))
		return ERR_NOTFOUND;
	e = &fs->index[pos];
	if (cap < e->vlen)
		return ERR_RANGE;
	rc = sfs_op_load(fs, e, &base);
	if (rc != 0)
		return rc;
	sfs_stream_get(fs->scratch, base + SFS_OP_HEAD + e->klen, buf, e->vlen);
	*ret_len = e->vlen;
	return 0;
}

int sfs_stats(const struct sfs *fs, struct sfs_stats *ret_stats)
{
	struct sfs_stats st;

	if (fs == NULL || !fs->mounted || ret_stats == NULL)
		return ERR_INVAL;
	memset(&st, 0, sizeof(st));
	st.generation = fs->generation;
	st.next_seq = fs->next_seq;
	st.commits = fs->commits;
	st.compactions = fs->compactions;
	st.keys = fs->nkeys;
	st.keys_max = SFS_KEYS_MAX;
	st.bytes_used = fs->bytes_used;
	st.bytes_capacity = sfs_capacity(fs->area_sectors);
	st.log_sectors_used = fs->tail;
	st.area_sectors = fs->area_sectors;
	*ret_stats = st;
	return 0;
}
