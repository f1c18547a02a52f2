/*
 * The reference model (model.h): a flat table of keys and values, searched
 * linearly, and the comparison of a store with it.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "model.h"

void model_init(struct model *m)
{
	m->count = 0;
}

static struct model_kv *model_find(struct model *m, const uint8_t *key, uint8_t klen)
{
	for (uint32_t i = 0; i < m->count; i++) {
		if (m->kv[i].klen == klen && memcmp(m->kv[i].key, key, klen) == 0)
			return &m->kv[i];
	}
	return NULL;
}

static void model_op(struct model *m, const struct sfs_batch *b, const struct sfs_batch_op *op)
{
	const uint8_t *key = b->bytes + op->off;
	struct model_kv *kv = model_find(m, key, op->klen);

	if (op->kind == SFS_OP_DELETE) {
		if (kv != NULL)
			*kv = m->kv[--m->count];
		return;
	}
	if (kv == NULL) {
		kv = &m->kv[m->count++];
		kv->klen = op->klen;
		memcpy(kv->key, key, op->klen);
	}
	kv->vlen = op->vlen;
	memcpy(kv->value, key + op->klen, op->vlen);
}

void model_apply(struct model *m, const struct sfs_batch *b)
{
	for (uint32_t i = 0; i < b->count; i++)
		model_op(m, b, &b->ops[i]);
}

static void model_check_key(struct sfs *fs, struct model *m, const struct sfs_key *k,
			    struct model_diff *d)
{
	uint8_t buf[SFS_VALUE_MAX];
	size_t len = 0;
	struct model_kv *kv = model_find(m, k->bytes, k->len);
	int rc = sfs_get(fs, k->bytes, k->len, buf, sizeof(buf), &len);

	if (rc == ERR_CORRUPT)
		d->corrupt++;
	else if (rc != 0)
		d->failed++;
	else if (kv == NULL || kv->vlen != len || memcmp(kv->value, buf, len) != 0)
		d->mismatches++;
	if (kv != NULL)
		kv->klen = 0; /* seen */
}

struct model_diff model_compare(struct sfs *fs, const struct model *m, uint32_t page)
{
	static struct model left; /* the keys not yet seen; static: it is big */
	struct sfs_key keys[SFS_KEYS_MAX];
	struct sfs_cursor cur;
	struct model_diff d = {0};
	uint32_t n = 0;

	left = *m;
	sfs_cursor_init(&cur);
	do {
		if (sfs_list(fs, NULL, 0, &cur, keys, page, &n) != 0) {
			d.failed++;
			break;
		}
		for (uint32_t i = 0; i < n; i++)
			model_check_key(fs, &left, &keys[i], &d);
	} while (n == page);
	for (uint32_t i = 0; i < left.count; i++)
		d.mismatches += left.kv[i].klen != 0 ? 1u : 0u; /* never listed */
	return d;
}

bool model_same(struct sfs *fs, const struct model *m)
{
	struct model_diff d = model_compare(fs, m, 7);

	return d.mismatches == 0 && d.corrupt == 0 && d.failed == 0;
}
