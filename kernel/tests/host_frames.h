/*
 * The host's stand-in for the kernel's frame allocator (cairn/kmem.h) and
 * its page-table source (kvm_tables, cairn/kvm.h), for host builds of code
 * that allocates frames: the spawn tests and the fuzz_spawn target build
 * kernel/proc/load.c over it. Frames are pages of one static pool, handed
 * out zeroed, at most `budget` live at once, so a test can give the loader
 * exactly the frames spawn's decode counted and see how many it took.
 *
 * Only kmem_frame_alloc, kmem_frame_free and kvm_tables are provided. A
 * free of anything but a live frame of the pool aborts, as the kernel's
 * panics. Single-threaded; no Check, so the fuzz target can link it too.
 */
#ifndef CAIRN_TESTS_HOST_FRAMES_H
#define CAIRN_TESTS_HOST_FRAMES_H

#include <stdint.h>

#define HOST_FRAMES_MAX 1024u /* frames in the pool: 4 MiB */

/* Forget every frame handed out and allow at most `budget` (<= HOST_FRAMES_MAX) live. */
void host_frames_reset(uint64_t budget);

/* Frames allocated and not freed since the last reset. */
uint64_t host_frames_live(void);

#endif /* CAIRN_TESTS_HOST_FRAMES_H */
