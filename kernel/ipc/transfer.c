/*
 * Moving one message from a thread to another (cairn/ipc.h): decode reads
 * and checks everything (the info word, the sender's buffer, each handle
 * and the rights it gives, room in the receiver's table, the receiver's
 * buffer), perform writes and cannot fail. A message of words only never
 * touches either buffer.
 */
#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/panic.h"
#include "cairn/uaccess.h"

int ipc_info_check(uint64_t info)
{
	if ((info & ~(uint64_t)CAIRN_IPC_INFO_VALID) != 0)
		return ERR_INVAL;
	if (cairn_ipc_len(info) > CAIRN_IPC_DATA_MAX ||
	    cairn_ipc_hcount(info) > CAIRN_IPC_HANDLES_MAX)
		return ERR_INVAL;
	return 0;
}

/* A handle slot's check: mode, rights, the handle itself and what it allows. */
static int ipc_handle_decode(const struct thread *from, const struct cairn_ipc_handle *slot,
			     struct handle_entry *ret)
{
	uint32_t need = RIGHT_TRANSFER;
	int err;

	if (slot->reserved != 0 || (slot->mode != CAIRN_IPC_COPY && slot->mode != CAIRN_IPC_MOVE) ||
	    (slot->rights & ~RIGHTS_ALL) != 0)
		return ERR_INVAL;
	if (slot->mode == CAIRN_IPC_COPY)
		need |= RIGHT_DUP;
	if ((err = handle_lookup(&from->proc->handles, slot->handle, KIND_NONE, need, ret)) != 0)
		return err;
	if ((slot->rights & ~ret->rights) != 0)
		return ERR_DENIED; /* rights only narrow */
	return 0;
}

/* Every handle of the message, and no handle moved while also named by another slot. */
static int ipc_handles_decode(const struct thread *from, struct ipc_transfer *x)
{
	for (uint32_t i = 0; i < x->handle_count; i++) {
		int err = ipc_handle_decode(from, &x->buf.handles[i], &x->entries[i]);

		if (err != 0)
			return err;
		for (uint32_t j = 0; j < i; j++) {
			bool same = x->buf.handles[j].handle == x->buf.handles[i].handle;
			bool moved = x->buf.handles[i].mode == CAIRN_IPC_MOVE ||
				     x->buf.handles[j].mode == CAIRN_IPC_MOVE;

			if (same && moved)
				return ERR_INVAL;
		}
	}
	return 0;
}

int ipc_transfer_decode(const struct thread *from, const struct thread *to, uint64_t badge,
			struct ipc_transfer *x)
{
	const uint64_t *r = from->tf.regs;
	int err;

	x->info = r[TRAP_REG_A0 + CAIRN_IPC_REG_INFO];
	if ((err = ipc_info_check(x->info)) != 0)
		return err;
	for (uint32_t i = 0; i < CAIRN_IPC_WORDS; i++)
		x->words[i] = r[TRAP_REG_A0 + CAIRN_IPC_REG_WORD0 + i];
	x->badge = badge;
	x->len = cairn_ipc_len(x->info);
	x->handle_count = cairn_ipc_hcount(x->info);
	if (x->len == 0 && x->handle_count == 0)
		return 0; /* the fast path: registers only */
	if (from->ipc_buffer == 0 || to->ipc_buffer == 0)
		return ERR_BADADDR;
	if ((err = copy_from_space(from->proc->root, x->buf.data, from->ipc_buffer, x->len)) != 0 ||
	    (err = copy_from_space(from->proc->root, x->buf.handles,
				   from->ipc_buffer + CAIRN_IPC_DATA_MAX,
				   x->handle_count * sizeof(struct cairn_ipc_handle))) != 0)
		return err;
	if ((err = ipc_handles_decode(from, x)) != 0)
		return err;
	if (handle_free_count(&to->proc->handles) < x->handle_count)
		return ERR_NOSPC;
	if (!uaccess_range_ok(to->proc->root, to->ipc_buffer, sizeof(struct cairn_ipc_buffer),
			      PTE_R | PTE_W))
		return ERR_BADADDR;
	return 0;
}

/* Give the receiver handle i: moved (the sender loses it) or copied, with the rights asked. */
static cairn_handle_t ipc_handle_perform(struct thread *from, struct thread *to,
					 struct ipc_transfer *x, uint32_t i)
{
	const struct cairn_ipc_handle *slot = &x->buf.handles[i];
	struct handle_entry e = x->entries[i];
	struct handle_entry held;

	e.rights = slot->rights;
	/* The new slot's reference first, so the object cannot go in between. */
	to->proc->handles.ops->ref(e.kind, e.rights, e.obj);
	if (slot->mode == CAIRN_IPC_MOVE) {
		handle_take(&from->proc->handles, slot->handle, &held);
		from->proc->handles.ops->unref(held.kind, held.rights, held.obj);
	}
	return handle_install_entry(&to->proc->handles, &e);
}

void ipc_transfer_perform(struct thread *from, struct thread *to, struct ipc_transfer *x)
{
	if (x->len != 0 || x->handle_count != 0) {
		for (uint32_t i = 0; i < x->handle_count; i++) {
			struct cairn_ipc_handle *slot = &x->buf.handles[i];
			cairn_handle_t h = ipc_handle_perform(from, to, x, i);

			if (h == CAIRN_HANDLE_INVALID)
				PANIC("checked handle transfer found no slot");
			*slot = (struct cairn_ipc_handle){.handle = h, .rights = slot->rights};
		}
		/* Decode checked the whole buffer under the lock: these cannot fail. */
		if (copy_to_space(to->proc->root, to->ipc_buffer, x->buf.data, x->len) != 0 ||
		    copy_to_space(to->proc->root, to->ipc_buffer + CAIRN_IPC_DATA_MAX,
				  x->buf.handles,
				  x->handle_count * sizeof(struct cairn_ipc_handle)) != 0)
			PANIC("checked IPC buffer refused");
	}
	ipc_deliver_regs(to, x->info, x->words, x->badge);
}
