/*
 * libFuzzer target for process_spawn's decode and the load behind its
 * perform. An input is a struct cairn_spawn_args, one byte of the spawner's
 * priority ceiling, the name's bytes (name_len of them), then a boot image
 * holding the program (seeds: kernel/tests/fuzz/spawn_seed.py). It runs the
 * checks the kernel's decode calls (cairn/spawn.h) and, when they accept,
 * kernel/proc/load.c as the kernel builds it, over the host frame pool
 * (kernel/tests/host_frames.h) holding exactly the frames decode counted.
 *
 * It aborts when a refused decode allocated anything, when the load of an
 * accepted program fails (the kernel would panic in perform), or when the
 * load or the handles passed on the stack take more than was counted. The
 * pool stands in for the free frames: a program counted above its size is
 * the kernel's ERR_NOMEM, and is skipped. Name and handle pointers are user
 * addresses, never followed here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/syscall.h"
#include "cairn/kmem.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/spawn.h"
#include "host_frames.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SPAWN_HEADER (sizeof(struct cairn_spawn_args) + 1)

/*
 * Perform's part that can run here: load within the child's quota `q` (its
 * root table charged first, as proc_create does), then the child's handles
 * on its stack.
 */
static void fuzz_spawn_load(const struct spawn_program *prog, const struct quota *q,
			    uint32_t handle_count)
{
	cairn_handle_t hs[CAIRN_SPAWN_HANDLES_MAX + 1] = {0};
	struct process p;
	struct thread t = {.proc = &p};
	uint64_t root;
	uint64_t entry;
	uint64_t sp;

	host_frames_reset(prog->frames);
	if (kmem_frame_alloc(&root) != 0) /* proc_create's root table */
		abort();
	p = (struct process){.root = phys_to_ptr(root), .quota = *q};
	quota_charge(&p.quota, QUOTA_PAGES, 1);
	if (proc_load(&p, prog->blob, prog->size, &entry, &sp) != 0)
		abort(); /* decode accepted what perform cannot build */
	if (p.quota.used[QUOTA_PAGES] != host_frames_live())
		abort(); /* a frame of the address space went uncharged, or was charged twice */
	t.tf.regs[TRAP_REG_SP] = sp;
	proc_pass_handles(&t, hs, handle_count + 1);
	if (host_frames_live() > prog->frames)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cairn_spawn_args a;
	struct spawn_program prog;
	struct quota q;

	if (size < FUZZ_SPAWN_HEADER)
		return 0;
	memcpy(&a, data, sizeof(a));
	if (spawn_args_check(&a, data[sizeof(a)]) != 0 || size - FUZZ_SPAWN_HEADER < a.name_len)
		return 0;
	const char *name = (const char *)data + FUZZ_SPAWN_HEADER;
	const uint8_t *image = data + FUZZ_SPAWN_HEADER + a.name_len;

	host_frames_reset(HOST_FRAMES_MAX); /* so that anything decode took would show */
	if (spawn_program_check(image, size - FUZZ_SPAWN_HEADER - a.name_len, name, a.name_len,
				&prog) != 0) {
		if (host_frames_live() != 0)
			abort();
		return 0;
	}
	quota_from_abi(&a.quota, &q);
	if (spawn_quota_check(&q, &prog) != 0)
		return 0;
	if (prog.frames <= HOST_FRAMES_MAX)
		fuzz_spawn_load(&prog, &q, a.handle_count);
	return 0;
}
