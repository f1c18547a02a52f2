/*
 * Starting init (cairn/proc.h): find it in the boot image linked into the
 * kernel, load it (load.c), give it its handles (itself, the console, the
 * boot image, then each device's MMIO region and interrupt) and make its
 * thread ready. The only process the kernel starts by itself.
 */
#include "cairn/abi/init.h"
#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/kmem.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/sched.h"
#include "cairn/vmo.h"

#define INIT_NAME "init"

/* init holds every right over itself (RFC-0004: "all process rights"). */
#define INIT_SELF_RIGHTS RIGHTS_ALL

/* The one console and boot image objects the handles name. */
static char init_console_obj;
static char init_bootimg_obj;

#define INIT_MMIO_RIGHTS                                                                           \
	(RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA | RIGHT_DUP | RIGHT_TRANSFER)
#define INIT_IRQ_RIGHTS (RIGHT_MANAGE | RIGHT_DUP | RIGHT_TRANSFER)

/* init's handles, in the ABI's order (cairn/abi/init.h): then two per device. */
static void init_give_handles(struct process *p, struct thread *t)
{
	cairn_handle_t h[CAIRN_INIT_HANDLES + 2 * CAIRN_DEVICES_MAX];
	size_t n = CAIRN_INIT_HANDLES;

	proc_ref(p); /* the self handle's reference */
	h[CAIRN_INIT_SELF] = handle_install(&p->handles, KIND_PROCESS, INIT_SELF_RIGHTS, p);
	h[CAIRN_INIT_CONSOLE] =
		handle_install(&p->handles, KIND_CONSOLE, RIGHT_WRITE | RIGHT_DUP | RIGHT_TRANSFER,
			       &init_console_obj);
	h[CAIRN_INIT_BOOTIMAGE] = handle_install(
		&p->handles, KIND_BOOTIMAGE, RIGHT_SPAWN | RIGHT_READ | RIGHT_DUP | RIGHT_TRANSFER,
		&init_bootimg_obj);
	for (size_t i = 0; i < device_count(); i++) {
		struct device *dev = device_at(i);

		h[n++] = handle_install(&p->handles, KIND_MMIO, INIT_MMIO_RIGHTS, dev);
		h[n++] = handle_install(&p->handles, KIND_INTERRUPT, INIT_IRQ_RIGHTS, &dev->irq);
	}
	proc_pass_handles(t, h, n);
}

/*
 * init's quota, the root of every other (RFC-0010): every pool but its own
 * process slot, and every frame free now. What init gives its children it
 * can no longer use itself, so no process takes what another was given.
 */
static void init_quota(struct quota *ret)
{
	*ret = (struct quota){.limit = {[QUOTA_PROCESSES] = PROC_MAX - 1,
					[QUOTA_THREADS] = THREAD_MAX,
					[QUOTA_ENDPOINTS] = ENDPOINT_MAX,
					[QUOTA_NOTIFICATIONS] = NOTIFICATION_MAX,
					[QUOTA_VMOS] = VMO_MAX,
					[QUOTA_PAGES] = kmem_get_stats().free}};
}

size_t proc_boot_image_size(void)
{
	/* Through integers: the two symbols are distinct objects to the compiler. */
	return (size_t)(phys_of(bootimg_end) - phys_of(bootimg_start));
}

int proc_start_init(void)
{
	size_t image_size = proc_boot_image_size();
	const void *blob;
	size_t size;
	struct process *p;
	struct thread *t;
	struct quota quota;
	uint64_t entry;
	uint64_t sp;
	int err = bootimg_find(bootimg_start, image_size, INIT_NAME, sizeof(INIT_NAME) - 1, &blob,
			       &size);

	if (err != 0)
		return err;
	init_quota(&quota);
	if ((err = proc_create(INIT_NAME, sizeof(INIT_NAME) - 1, &quota, NULL, &p)) != 0)
		return err;
	if ((err = proc_load(p, blob, size, &entry, &sp)) != 0 ||
	    (err = proc_thread_create(p, entry, sp, CAIRN_PRIORITY_DEFAULT, &t)) != 0) {
		p->exited = true;
		proc_unref(p);
		return err;
	}
	p->priority_max = CAIRN_PRIORITY_MAX; /* init's ceiling is the top: it spawns everything */
	init_give_handles(p, t);
	proc_set_init(p);
	sched_make_ready(t);
	return 0;
}
