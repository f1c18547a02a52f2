/*
 * statefsd, the store that survives power cuts (RFC-0018): atomic batches of
 * puts and deletes, reads checked against their checksums, recovery when it
 * starts. The store is libstatefs over blkd (disk.c); each client works in
 * a namespace policyd lets it read and perhaps write (clients.c). This file
 * marshals svc/statefs.h: check, call one libstatefs function, reply.
 *
 * Handles (manifest line in services/statefsd/README.md):
 * [0] self, [1] supervisor SEND, [2] statefs RECV, [3] blk SEND,
 * [4] policy SEND, [5] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "services/statefsd_handles.h"
#include "statefsd.h"
#include "svc/client.h"
#include "svc/policy.h"
#include "svc/server.h"

#define STATEFSD_OBJECT_PREFIX "kv-" /* policyd's object for namespace N: "kv-N" */

/* One line to logd, "statefsd: <what>[: <error>]" (svc_log_say). */
static void statefsd_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "statefsd", what, err);
}

/* policyd's answer for `badge` and `action` on namespace ns: 0, ERR_DENIED, or the error. */
static long statefsd_ask(const struct statefsd *s, uint64_t badge, enum policy_action action,
			 const char *ns, size_t len)
{
	char object[SVCNAME_MAX + 1];
	bool allow = false;
	size_t plen = sizeof(STATEFSD_OBJECT_PREFIX) - 1;
	long rc;

	memcpy(object, STATEFSD_OBJECT_PREFIX, plen);
	memcpy(object + plen, ns, len);
	rc = svc_policy_decide(s->policy, badge, action, object, plen + len, &allow);
	return rc == 0 && allow ? 0 : ERR_DENIED; /* not being able to ask is a denial */
}

static long on_attach(void *ctx, struct svc_exchange *x,
		      const struct svc_statefs_attach_request *req,
		      struct svc_statefs_attach_reply *rep)
{
	struct statefsd *s = ctx;
	long rc;

	(void)rep;
	if (req->ns.len > STATEFSD_NS_MAX)
		return ERR_INVAL;
	if ((rc = statefsd_ask(s, x->in.badge, POLICY_READ, req->ns.str, req->ns.len)) != 0)
		return rc;
	bool writer = statefsd_ask(s, x->in.badge, POLICY_WRITE, req->ns.str, req->ns.len) == 0;
	return statefsd_client_attach(s, x->in.badge, req->window, req->ns.str, req->ns.len,
				      writer);
}

/* The caller's client, which must be attached and, when `write`, a writer. */
static long statefsd_caller(struct statefsd *s, const struct svc_exchange *x, bool write,
			    struct statefsd_client **ret)
{
	struct statefsd_client *c = statefsd_client_of(s, x->in.badge);

	if (c == NULL)
		return ERR_NOTFOUND;
	if (write && !c->writer)
		return ERR_DENIED;
	*ret = c;
	return 0;
}

static long on_put(void *ctx, struct svc_exchange *x, const struct svc_statefs_put_request *req,
		   struct svc_statefs_put_reply *rep)
{
	uint8_t key[SFS_KEY_MAX];
	struct statefsd_client *c;
	long rc = statefsd_caller(ctx, x, true, &c);

	(void)rep;
	if (rc != 0)
		return rc;
	size_t klen = statefsd_key(c, c->bytes, req->klen, key);
	return sfs_batch_put(&c->batch, key, klen, c->bytes + req->klen, req->vlen);
}

static long on_del(void *ctx, struct svc_exchange *x, const struct svc_statefs_del_request *req,
		   struct svc_statefs_del_reply *rep)
{
	uint8_t key[SFS_KEY_MAX];
	struct statefsd_client *c;
	long rc = statefsd_caller(ctx, x, true, &c);

	(void)rep;
	if (rc != 0)
		return rc;
	return sfs_batch_delete(&c->batch, key, statefsd_key(c, c->bytes, req->klen, key));
}

static long on_commit(void *ctx, struct svc_exchange *x,
		      const struct svc_statefs_commit_request *req,
		      struct svc_statefs_commit_reply *rep)
{
	struct statefsd *s = ctx;
	struct statefsd_client *c;
	long rc = statefsd_caller(s, x, true, &c);

	(void)req;
	if (rc != 0)
		return rc;
	rep->ops = c->batch.count;
	rc = sfs_commit(&s->fs, &c->batch);
	sfs_batch_init(&c->batch); /* kept or not, the batch is over */
	if (rc == 0)
		s->commits++;
	return rc;
}

static long on_abort(void *ctx, struct svc_exchange *x, const struct svc_statefs_abort_request *req,
		     struct svc_statefs_abort_reply *rep)
{
	struct statefsd_client *c;
	long rc = statefsd_caller(ctx, x, false, &c);

	(void)req, (void)rep;
	if (rc == 0)
		sfs_batch_init(&c->batch);
	return rc;
}

static long on_get(void *ctx, struct svc_exchange *x, const struct svc_statefs_get_request *req,
		   struct svc_statefs_get_reply *rep)
{
	static uint8_t value[SFS_VALUE_MAX];
	struct statefsd *s = ctx;
	uint8_t key[SFS_KEY_MAX];
	struct statefsd_client *c;
	size_t vlen = 0;
	long rc = statefsd_caller(s, x, false, &c);

	if (rc != 0)
		return rc;
	rc = sfs_get(&s->fs, key, statefsd_key(c, c->bytes, req->klen, key), value, sizeof(value),
		     &vlen);
	if (rc != 0)
		return rc;
	memcpy(c->bytes, value, vlen);
	rep->vlen = (uint32_t)vlen;
	return 0;
}

/* The keys sfs_list gave, without their namespace, each as a length byte and its bytes. */
static uint32_t statefsd_list_out(const struct statefsd_client *c, const struct sfs_key *keys,
				  uint32_t n)
{
	size_t at = 0;

	for (uint32_t i = 0; i < n; i++) {
		size_t len = keys[i].len - (c->ns_len + 1);

		c->bytes[at] = (uint8_t)len;
		memcpy(c->bytes + at + 1, keys[i].bytes + c->ns_len + 1, len);
		at += 1 + len;
	}
	return n;
}

static long on_list(void *ctx, struct svc_exchange *x, const struct svc_statefs_list_request *req,
		    struct svc_statefs_list_reply *rep)
{
	static struct sfs_key keys[SVC_STATEFS_LIST_MAX];
	struct statefsd *s = ctx;
	uint8_t prefix[SFS_KEY_MAX];
	struct sfs_cursor cursor;
	struct statefsd_client *c;
	uint32_t n = 0;
	long rc = statefsd_caller(s, x, false, &c);

	if (rc != 0)
		return rc;
	sfs_cursor_init(&cursor);
	if (req->alen > 0) {
		cursor.started = true;
		cursor.len = (uint8_t)statefsd_key(c, c->bytes + req->plen, req->alen, cursor.key);
	}
	size_t plen = statefsd_key(c, c->bytes, req->plen, prefix);
	if ((rc = sfs_list(&s->fs, prefix, plen, &cursor, keys, SVC_STATEFS_LIST_MAX, &n)) != 0)
		return rc;
	rep->count = statefsd_list_out(c, keys, n);
	return 0;
}

static long on_stats(void *ctx, struct svc_exchange *x, const struct svc_statefs_stats_request *req,
		     struct svc_statefs_stats_reply *rep)
{
	struct statefsd *s = ctx;
	struct sfs_stats st;
	long rc = sfs_stats(&s->fs, &st);

	(void)x, (void)req;
	if (rc != 0)
		return rc;
	*rep = (struct svc_statefs_stats_reply){.keys = st.keys,
						.commits = s->commits,
						.used = st.bytes_used,
						.capacity = st.bytes_capacity};
	return 0;
}

/*
 * A store whose superblock switch failed takes no more commits until it is
 * mounted again: end (status 3) at the next request, and init's restart
 * mounts it afresh.
 */
static long statefsd_admit(void *ctx, struct svc_exchange *x)
{
	const struct statefsd *s = ctx;

	(void)x;
	if (s->fs.broken) {
		statefsd_log(s->log, JOURNAL_ERROR, "a superblock write failed; ending to remount",
			     ERR_IO);
		cairn_process_exit(3);
	}
	return 0;
}

static const struct svc_statefs_handlers statefsd_handlers = {
	.admit = statefsd_admit,
	.attach = on_attach,
	.put = on_put,
	.del = on_del,
	.commit = on_commit,
	.abort = on_abort,
	.get = on_get,
	.list = on_list,
	.stats = on_stats,
};

static uint64_t statefsd_now_ns(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/* Mount the store, formatting a blank disk first; says on the log what recovery did. */
static long statefsd_mount(struct statefsd *s, const struct sfs_dev *dev)
{
	struct sfs_mount_report report = {0};
	uint64_t start = statefsd_now_ns();
	char line[120];
	long rc = sfs_mount(&s->fs, dev, &report);

	if (rc == ERR_NOTFOUND) { /* a blank disk; never one that holds a damaged store */
		statefsd_log(s->log, JOURNAL_INFO, "a blank disk: formatting it", 0);
		if ((rc = sfs_format(dev)) == 0)
			rc = sfs_mount(&s->fs, dev, &report);
	}
	if (rc != 0)
		return rc;
	(void)snprintf(line, sizeof(line),
		       "mounted: %u keys, %llu records replayed, %llu bytes discarded, in %llu us",
		       (unsigned)report.keys, (unsigned long long)report.records_replayed,
		       (unsigned long long)report.bytes_discarded,
		       (unsigned long long)((statefsd_now_ns() - start) / 1000u));
	statefsd_log(s->log, JOURNAL_INFO, line, 0);
	if (report.damaged)
		statefsd_log(s->log, JOURNAL_ERROR,
			     "a record in the log failed its check with records behind it: "
			     "those were not replayed",
			     ERR_CORRUPT);
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct statefsd s;
	struct sfs_dev dev;
	long rc;

	if (count < H_COUNT)
		return 1;
	s.self = handles[H_SELF];
	s.policy = handles[H_POLICY];
	s.log = handles[H_LOG];
	s.disk = (struct statefsd_disk){
		.self = handles[H_SELF], .blk = handles[H_BLK], .window = CAIRN_HANDLE_INVALID};
	if ((rc = statefsd_disk_open(&s.disk, &dev)) != 0) {
		statefsd_log(s.log, JOURNAL_ERROR, "no disk", rc);
		return 1;
	}
	if ((rc = statefsd_mount(&s, &dev)) != 0) {
		statefsd_log(s.log, JOURNAL_ERROR, "the store would not mount", rc);
		return 1;
	}
	if ((rc = svc_ready(handles[H_SUPERVISOR])) != 0)
		statefsd_log(s.log, JOURNAL_WARN, "supervisor did not take READY", rc);
	rc = svc_statefs_serve(handles[H_STATEFS], &statefsd_handlers, &s);
	statefsd_log(s.log, JOURNAL_ERROR, "receive failed", rc);
	return 3;
}
