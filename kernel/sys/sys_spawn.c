/*
 * process_spawn: start a program from the boot image in a new process.
 * Decode reads and checks the arguments, the handles to pass, the program
 * (found and parsed), that the caller's quota can give the child's and the
 * child's holds its first thread and program (RFC-0010), and that every pool
 * and the frame allocator can hold what perform will build. Perform then
 * builds the child, which cannot fail.
 * The checks that need no kernel state are cairn/spawn.h's, which the host
 * tests and a fuzz target drive with the loader; this file holds the rest.
 */
#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/kmem.h"
#include "cairn/panic.h"
#include "cairn/sched.h"
#include "cairn/spawn.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"

#define SYS_SPAWN_CHILD_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_MANAGE | RIGHT_WAIT | RIGHT_KILL)

struct sys_spawn_plan {
	struct cairn_spawn_args args;
	struct quota quota;	       /* the child's, from args.quota */
	char name[CAIRN_NAME_MAX + 1]; /* name_len bytes, then a terminator for messages */
	struct handle_entry pass[CAIRN_SPAWN_HANDLES_MAX];
	struct spawn_program prog;
};

static int sys_spawn_read_args(const struct sys_call *c, struct sys_spawn_plan *plan)
{
	struct cairn_spawn_args *a = &plan->args;
	int err = copy_from_user(c->proc->root, a, c->arg[1], sizeof(*a));

	if (err != 0 || (err = spawn_args_check(a, c->proc->priority_max)) != 0)
		return err;
	quota_from_abi(&a->quota, &plan->quota);
	if (!quota_can_give(&c->proc->quota, &plan->quota))
		return ERR_NOMEM; /* the caller's quota cannot give the child's (RFC-0010) */
	plan->name[a->name_len] = '\0';
	return copy_from_user(c->proc->root, plan->name, a->name, a->name_len);
}

/* Every handle to pass names a live object and may be transferred. */
static int sys_spawn_read_handles(const struct sys_call *c, struct sys_spawn_plan *plan)
{
	cairn_handle_t hs[CAIRN_SPAWN_HANDLES_MAX];
	uint32_t n = plan->args.handle_count;
	int err = copy_from_user(c->proc->root, hs, plan->args.handles, n * sizeof(hs[0]));

	for (uint32_t i = 0; err == 0 && i < n; i++)
		err = handle_lookup(&c->proc->handles, hs[i], KIND_NONE, RIGHT_TRANSFER,
				    &plan->pass[i]);
	return err;
}

static int sys_spawn_check_room(const struct sys_call *c, const struct sys_spawn_plan *plan)
{
	int err = spawn_quota_check(&plan->quota, &plan->prog);

	if (err != 0)
		return err;
	if (!proc_can_create(1) || kmem_get_stats().free < plan->prog.frames)
		return ERR_NOMEM;
	return handle_alloc_check(&c->proc->handles);
}

static int sys_process_spawn_decode(const struct sys_call *c, struct sys_spawn_plan *plan)
{
	struct handle_entry e;
	size_t image_size = proc_boot_image_size();
	int err;

	if ((err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_BOOTIMAGE,
				 RIGHT_SPAWN, &e)) != 0 ||
	    (err = sys_spawn_read_args(c, plan)) != 0 ||
	    (err = sys_spawn_read_handles(c, plan)) != 0)
		return err;
	if ((err = spawn_program_check(bootimg_start, image_size, plan->name, plan->args.name_len,
				       &plan->prog)) != 0)
		return err;
	return sys_spawn_check_room(c, plan);
}

/* The child's handles: itself first, then the copies, written at the top of its stack. */
static void sys_spawn_give_handles(struct process *child, struct thread *t,
				   const struct sys_spawn_plan *plan)
{
	cairn_handle_t hs[CAIRN_SPAWN_HANDLES_MAX + 1];
	uint32_t n = plan->args.handle_count;

	proc_ref(child);
	hs[0] = handle_install(&child->handles, KIND_PROCESS, plan->args.self_rights, child);
	for (uint32_t i = 0; i < n; i++) {
		proc_handle_ops.ref(plan->pass[i].kind, plan->pass[i].rights, plan->pass[i].obj);
		hs[i + 1] = handle_install_entry(&child->handles, &plan->pass[i]); /* badge too */
	}
	proc_pass_handles(t, hs, n + 1);
}

int64_t sys_process_spawn(struct sys_call *c)
{
	struct sys_spawn_plan plan;
	struct process *child;
	struct thread *t;
	uint64_t entry;
	uint64_t sp;
	int err = sys_process_spawn_decode(c, &plan);

	if (err != 0)
		return err;
	/* Point of no return: decode made sure there is room for all of this. */
	if (proc_create(plan.name, plan.args.name_len, &plan.quota, c->proc, &child) != 0 ||
	    proc_load(child, plan.prog.blob, plan.prog.size, &entry, &sp) != 0 ||
	    proc_thread_create(child, entry, sp, plan.args.priority, &t) != 0)
		PANIC("decode-checked spawn of '%s' did not fit", plan.name);
	child->priority_max = plan.args.priority;
	sys_spawn_give_handles(child, t, &plan);
	sched_make_ready(t);
	return handle_install(&c->proc->handles, KIND_PROCESS, SYS_SPAWN_CHILD_RIGHTS, child);
}
