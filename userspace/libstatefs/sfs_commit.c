/*
 * Commit: a batch becomes one record at the log's end, written with one
 * multi-sector write and made durable with one flush; the index takes the
 * batch only after the flush returned, so a failed device call leaves the
 * store in memory as it was. When the area has no room left for the record,
 * the batch is committed by a compaction instead (sfs_compact.c), which
 * writes the state after it to the other area. Every refusal that needs no device
 * (a malformed batch, too many keys, a full disk) comes before any write.
 */
#include "cairn/abi/errors.h"
#include "sfs_internal.h"

/* Lays batch b out in fs->io as the next record; fills *head. */
static void sfs_commit_encode(struct sfs *fs, const struct sfs_batch *b, struct sfs_rec_head *head)
{
	uint32_t off = SFS_REC_HEAD;

	for (uint32_t i = 0; i < b->count; i++) {
		const struct sfs_batch_op *op = &b->ops[i];
		const uint8_t *key = b->bytes + op->off;

		off += sfs_op_encode(fs->io, off, op->kind, key, op->klen, key + op->klen,
				     op->vlen);
	}
	head->seq = fs->next_seq;
	head->epoch = fs->epoch;
	head->prev = fs->prev_crc;
	head->len = off;
	head->nops = (uint16_t)b->count;
	sfs_rec_seal(fs->io, head);
}

/* The record is durable: the index, the log's end and the chain take it. */
static void sfs_commit_apply(struct sfs *fs, const struct sfs_batch *b,
			     const struct sfs_rec_head *head)
{
	struct sfs_loc loc = {.lba = fs->area_lba[fs->active] + fs->tail, .off = SFS_REC_HEAD};

	for (uint32_t i = 0; i < b->count; i++) {
		const struct sfs_batch_op *op = &b->ops[i];
		const uint8_t *key = b->bytes + op->off;
		uint32_t pos = 0;
		bool found = sfs_index_find(fs, key, op->klen, &pos);

		if (op->kind == SFS_OP_PUT)
			sfs_index_set(fs, pos, found, key, op->klen, loc, op->vlen);
		else if (found)
			sfs_index_remove(fs, pos);
		loc.off = (uint16_t)(loc.off + sfs_op_bytes(op->klen, op->vlen));
	}
	fs->tail += head->nsect;
	fs->next_seq++;
	fs->prev_crc = head->crc;
	fs->commits++;
}

int sfs_commit(struct sfs *fs, const struct sfs_batch *b)
{
	struct sfs_rec_head head;
	uint32_t keys = 0;
	uint32_t bytes = 0;
	int rc;

	if (fs == NULL || !fs->mounted || sfs_batch_check(b) != 0)
		return ERR_INVAL;
	if (b->count == 0)
		return 0;
	if (fs->broken)
		return ERR_IO;
	rc = sfs_batch_plan(fs, b, &keys, &bytes);
	if (rc != 0)
		return rc;
	if (fs->tail + sfs_rec_sectors(sfs_batch_len(b)) > fs->area_sectors) {
		rc = sfs_compact(fs, b); /* the batch goes into the snapshot */
		if (rc == 0)
			fs->commits++;
		return rc;
	}
	sfs_commit_encode(fs, b, &head);
	if (fs->dev.write(fs->dev.ctx, (uint64_t)fs->area_lba[fs->active] + fs->tail, fs->io,
			  head.nsect) != 0 ||
	    fs->dev.flush(fs->dev.ctx) != 0)
		return ERR_IO;
	sfs_commit_apply(fs, b, &head);
	return 0;
}
