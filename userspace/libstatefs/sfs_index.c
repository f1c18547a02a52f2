/*
 * The key index kept in memory: every live key, sorted by its bytes (a key
 * before every longer key it begins), with where its latest put lies on
 * disk. Lookups are binary searches; a prefix's keys are one run of the
 * array, which is what sfs_list pages through. The values stay on disk.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

static int sfs_key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	uint32_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c;
	return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

/* The first position whose key is not below key; true if it is key. */
bool sfs_index_find(const struct sfs *fs, const uint8_t *key, uint32_t klen, uint32_t *ret_pos)
{
	uint32_t lo = 0;
	uint32_t hi = fs->nkeys;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2u;
		const struct sfs_entry *e = &fs->index[mid];

		if (sfs_key_cmp(e->key, e->klen, key, klen) < 0)
			lo = mid + 1u;
		else
			hi = mid;
	}
	*ret_pos = lo;
	return lo < fs->nkeys && sfs_key_cmp(fs->index[lo].key, fs->index[lo].klen, key, klen) == 0;
}

uint32_t sfs_op_bytes(uint32_t klen, uint32_t vlen)
{
	return SFS_OP_HEAD + klen + vlen;
}

void sfs_index_set(struct sfs *fs, uint32_t pos, bool found, const uint8_t *key, uint8_t klen,
		   struct sfs_loc loc, uint16_t vlen)
{
	struct sfs_entry *e = &fs->index[pos];

	if (found) {
		fs->bytes_used -= sfs_op_bytes(e->klen, e->vlen);
	} else {
		memmove(e + 1, e, (fs->nkeys - pos) * sizeof(*e));
		fs->nkeys++;
		e->klen = klen;
		memcpy(e->key, key, klen);
	}
	e->lba = loc.lba;
	e->off = loc.off;
	e->vlen = vlen;
	fs->bytes_used += sfs_op_bytes(klen, vlen);
}

void sfs_index_remove(struct sfs *fs, uint32_t pos)
{
	struct sfs_entry *e = &fs->index[pos];

	fs->bytes_used -= sfs_op_bytes(e->klen, e->vlen);
	memmove(e, e + 1, (fs->nkeys - pos - 1u) * sizeof(*e));
	fs->nkeys--;
}

void sfs_cursor_init(struct sfs_cursor *c)
{
	memset(c, 0, sizeof(*c));
}

static bool sfs_has_prefix(const struct sfs_entry *e, const uint8_t *prefix, uint32_t plen)
{
	return e->klen >= plen && (plen == 0 || memcmp(e->key, prefix, plen) == 0);
}

/* The first position a listing from cursor c under prefix looks at. */
static uint32_t sfs_list_start(const struct sfs *fs, const uint8_t *prefix, uint32_t plen,
			       const struct sfs_cursor *c)
{
	uint32_t pos = 0;
	uint32_t after = 0;

	(void)sfs_index_find(fs, prefix, plen, &pos);
	if (c->started && sfs_index_find(fs, c->key, c->len, &after))
		after++;
	return after > pos ? after : pos;
}

int sfs_list(const struct sfs *fs, const void *prefix, size_t plen, struct sfs_cursor *cursor,
	     struct sfs_key *ret_keys, uint32_t max, uint32_t *ret_count)
{
	uint32_t n = 0;
	uint32_t pos;

	if (fs == NULL || !fs->mounted || cursor == NULL || ret_count == NULL ||
	    (prefix == NULL && plen > 0) || (ret_keys == NULL && max > 0) ||
	    cursor->len > SFS_KEY_MAX)
		return ERR_INVAL;
	if (plen > SFS_KEY_MAX)
		return ERR_TOOLONG;
	pos = sfs_list_start(fs, prefix, (uint32_t)plen, cursor);
	for (; n < max && pos < fs->nkeys; n++, pos++) {
		const struct sfs_entry *e = &fs->index[pos];

		if (!sfs_has_prefix(e, prefix, (uint32_t)plen))
			break;
		ret_keys[n].len = e->klen;
		memcpy(ret_keys[n].bytes, e->key, e->klen);
	}
	if (n > 0) {
		cursor->started = true;
		cursor->len = ret_keys[n - 1u].len;
		memcpy(cursor->key, ret_keys[n - 1u].bytes, cursor->len);
	}
	*ret_count = n;
	return 0;
}
