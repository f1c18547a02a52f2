/*
 * Batches: the caller's list of puts and deletes, built here with copies of
 * the keys and values, checked again before a commit trusts it (the struct
 * is the caller's), and planned: the keys and bytes the store would hold
 * after it, so a commit that would not fit is refused before it writes.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sfs_internal.h"

void sfs_batch_init(struct sfs_batch *b)
{
	b->count = 0;
	b->used = 0;
}

static int sfs_batch_add(struct sfs_batch *b, uint8_t kind, const void *key, size_t klen,
			 const void *value, size_t vlen)
{
	struct sfs_batch_op *op;

	if (b == NULL || key == NULL || klen == 0 || (value == NULL && vlen > 0))
		return ERR_INVAL;
	if (klen > SFS_KEY_MAX || vlen > SFS_VALUE_MAX)
		return ERR_TOOLONG;
	if (b->count >= SFS_BATCH_OPS_MAX || b->used > SFS_BATCH_BYTES_MAX ||
	    klen + vlen > SFS_BATCH_BYTES_MAX - b->used)
		return ERR_NOSPC;
	op = &b->ops[b->count++];
	op->kind = kind;
	op->off = (uint16_t)b->used;
	op->klen = (uint8_t)klen;
	op->vlen = (uint16_t)vlen;
	memcpy(b->bytes + b->used, key, klen);
	if (vlen > 0)
		memcpy(b->bytes + b->used + klen, value, vlen);
	b->used += (uint32_t)(klen + vlen);
	return 0;
}

int sfs_batch_put(struct sfs_batch *b, const void *key, size_t klen, const void *value, size_t vlen)
{
	return sfs_batch_add(b, SFS_OP_PUT, key, klen, value, vlen);
}

int sfs_batch_delete(struct sfs_batch *b, const void *key, size_t klen)
{
	return sfs_batch_add(b, SFS_OP_DELETE, key, klen, NULL, 0);
}

static bool sfs_batch_op_ok(const struct sfs_batch *b, const struct sfs_batch_op *op)
{
	if (op->kind != SFS_OP_PUT && op->kind != SFS_OP_DELETE)
		return false;
	if (op->klen == 0 || op->klen > SFS_KEY_MAX || op->vlen > SFS_VALUE_MAX)
		return false;
	if (op->kind == SFS_OP_DELETE && op->vlen != 0)
		return false;
	return (uint32_t)op->off + op->klen + op->vlen <= b->used;
}

int sfs_batch_check(const struct sfs_batch *b)
{
	if (b == NULL || b->count > SFS_BATCH_OPS_MAX || b->used > SFS_BATCH_BYTES_MAX)
		return ERR_INVAL;
	for (uint32_t i = 0; i < b->count; i++) {
		if (!sfs_batch_op_ok(b, &b->ops[i]))
			return ERR_INVAL;
	}
	return 0;
}

uint32_t sfs_batch_len(const struct sfs_batch *b)
{
	uint32_t len = SFS_REC_HEAD;

	for (uint32_t i = 0; i < b->count; i++)
		len += sfs_op_bytes(b->ops[i].klen, b->ops[i].vlen);
	return len;
}

static bool sfs_same_key(const struct sfs_batch *b, uint32_t i, uint32_t j)
{
	const struct sfs_batch_op *x = &b->ops[i];
	const struct sfs_batch_op *y = &b->ops[j];

	return x->klen == y->klen && memcmp(b->bytes + x->off, b->bytes + y->off, x->klen) == 0;
}

bool sfs_batch_has_key(const struct sfs_batch *b, const uint8_t *key, uint32_t klen)
{
	for (uint32_t i = 0; i < b->count; i++) {
		if (b->ops[i].klen == klen && memcmp(b->bytes + b->ops[i].off, key, klen) == 0)
			return true;
	}
	return false;
}

bool sfs_batch_op_is_last(const struct sfs_batch *b, uint32_t i)
{
	for (uint32_t j = i + 1u; j < b->count; j++) {
		if (sfs_same_key(b, i, j))
			return false;
	}
	return true;
}

/* Whether op i's key is live just before op i, and the bytes it takes then. */
static bool sfs_live_before(const struct sfs *fs, const struct sfs_batch *b, uint32_t i,
			    uint32_t *ret_bytes)
{
	const struct sfs_batch_op *op = &b->ops[i];
	uint32_t pos;

	for (uint32_t j = i; j-- > 0;) {
		if (sfs_same_key(b, i, j)) {
			*ret_bytes = sfs_op_bytes(op->klen, b->ops[j].vlen);
			return b->ops[j].kind == SFS_OP_PUT;
		}
	}
	if (!sfs_index_find(fs, b->bytes + op->off, op->klen, &pos))
		return false;
	*ret_bytes = sfs_op_bytes(op->klen, fs->index[pos].vlen);
	return true;
}

int sfs_batch_plan(const struct sfs *fs, const struct sfs_batch *b, uint32_t *ret_keys,
		   uint32_t *ret_bytes)
{
	uint32_t keys = fs->nkeys;
	uint32_t bytes = fs->bytes_used;

	for (uint32_t i = 0; i < b->count; i++) {
		const struct sfs_batch_op *op = &b->ops[i];
		uint32_t old = 0;

		if (sfs_live_before(fs, b, i, &old)) {
			keys--;
			bytes -= old;
		}
		if (op->kind == SFS_OP_PUT) {
			keys++;
			bytes += sfs_op_bytes(op->klen, op->vlen);
		}
		if (keys > SFS_KEYS_MAX) /* the index takes the ops one by one */
			return ERR_NOSPC;
	}
	if (bytes > sfs_capacity(fs->area_sectors))
		return ERR_NOSPC;
	*ret_keys = keys;
	*ret_bytes = bytes;
	return 0;
}
