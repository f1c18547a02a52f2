/*
 * process_spawn: start a program from the boot image in a new process.
 * Decode reads and checks the arguments, the handles to pass, the program
 * (found and parsed), and that every pool and the frame allocator can hold
 * what perform will build. Perform then builds the child, which cannot fail.
 */
#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/console_line.h"
#include "cairn/elf.h"
#include "cairn/kmem.h"
#include "cairn/panic.h"
#include "cairn/sched.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"

#define SYS_SPAWN_CHILD_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_MANAGE | RIGHT_WAIT | RIGHT_KILL)

struct sys_spawn_plan {
	struct cairn_spawn_args args;
	char name[CAIRN_NAME_MAX + 1]; /* name_len bytes, then a terminator for messages */
	struct handle_entry pass[CAIRN_SPAWN_HANDLES_MAX];
	const void *blob;
	size_t size;
};

static int sys_spawn_read_args(const struct sys_call *c, struct sys_spawn_plan *plan)
{
	struct cairn_spawn_args *a = &plan->args;
	int err = copy_from_user(c->proc->root, a, c->arg[1], sizeof(*a));

	if (err != 0)
		return err;
	if (a->reserved != 0 || a->name_len == 0 || a->name_len > CAIRN_NAME_MAX ||
	    (a->self_rights & ~RIGHTS_ALL) != 0)
		return ERR_INVAL;
	if (a->handle_count > CAIRN_SPAWN_HANDLES_MAX || a->priority > CAIRN_PRIORITY_MAX)
		return ERR_RANGE;
	if (a->priority > c->proc->priority_max)
		return ERR_DENIED; /* a child's ceiling never exceeds its spawner's (RFC-0010) */
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

/* Frames the child needs at most: root, pages, and two tables per range mapped. */
static uint64_t sys_spawn_frames(const struct elf_program *prog)
{
	uint64_t n = 1 + PROC_STACK_PAGES + 2 * (prog->segment_count + 1);

	for (size_t i = 0; i < prog->segment_count; i++) {
		const struct elf_segment *s = &prog->segments[i];
		uint64_t first = s->vaddr / CAIRN_PAGE_SIZE;
		uint64_t last = (s->vaddr + s->memsz - 1) / CAIRN_PAGE_SIZE;

		n += last - first + 1 + 2 * ((last - first) / 512 + 1);
	}
	return n;
}

static int sys_spawn_check_room(const struct sys_call *c, const struct sys_spawn_plan *plan)
{
	struct elf_program prog;
	int err = elf_parse(plan->blob, plan->size, &prog);

	if (err != 0)
		return err;
	if (!proc_can_create(1) || kmem_get_stats().free < sys_spawn_frames(&prog))
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
	if (!console_name_is_allowed(plan->name, plan->args.name_len))
		return ERR_INVAL;
	if ((err = bootimg_find(bootimg_start, image_size, plan->name, plan->args.name_len,
				&plan->blob, &plan->size)) != 0)
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
	if (proc_create(plan.name, plan.args.name_len, &child) != 0 ||
	    proc_load(child, plan.blob, plan.size, &entry, &sp) != 0 ||
	    proc_thread_create(child, entry, sp, plan.args.priority, &t) != 0)
		PANIC("decode-checked spawn of '%s' did not fit", plan.name);
	child->priority_max = plan.args.priority;
	sys_spawn_give_handles(child, t, &plan);
	sched_make_ready(t);
	return handle_install(&c->proc->handles, KIND_PROCESS, SYS_SPAWN_CHILD_RIGHTS, child);
}
