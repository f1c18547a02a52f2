/*
 * The reference model the host tests hold a store against: the keys and
 * values a sequence of batches must leave, applied the plain way, and the
 * comparison of a mounted store with it (every key listed, every value
 * read back from the disk).
 */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "statefs.h"

#define MODEL_KEYS (SFS_KEYS_MAX + SFS_BATCH_OPS_MAX)

struct model_kv {
	uint8_t klen;
	uint16_t vlen;
	uint8_t key[SFS_KEY_MAX];
	uint8_t value[SFS_VALUE_MAX];
};

struct model {
	uint32_t count;
	struct model_kv kv[MODEL_KEYS];
};

/* How a store compared with a model. */
struct model_diff {
	uint32_t mismatches; /* keys missing, extra or with another value */
	uint32_t corrupt;    /* gets that answered ERR_CORRUPT */
	uint32_t failed;     /* gets or lists that failed otherwise */
};

void model_init(struct model *m);
void model_apply(struct model *m, const struct sfs_batch *b);
/* Compares fs with m, listing in pages of `page` keys. */
struct model_diff model_compare(struct sfs *fs, const struct model *m, uint32_t page);
bool model_same(struct sfs *fs, const struct model *m);

#endif /* MODEL_H */
