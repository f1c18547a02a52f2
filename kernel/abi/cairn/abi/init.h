/*
 * The handles the kernel gives init, the first process, in the order of its
 * initial handle array (RFC-0004, RFC-0018). The kernel installs them in this
 * order (kernel/proc/init.c) and init reads them by these names
 * (services/init/init.h); no other process gets a fixed layout.
 *
 * After the CAIRN_INIT_HANDLES fixed ones come two per device the device
 * tree lists (at most CAIRN_DEVICES_MAX, cairn/abi/device.h), in tree order:
 * device k's MMIO region at CAIRN_INIT_HANDLES + 2k (MAP | READ | WRITE | DMA
 * | DUP | TRANSFER) and its interrupt line just after (MANAGE | DUP |
 * TRANSFER). The count init is started with says how many; device_info tells
 * what each region is.
 */
#ifndef CAIRN_ABI_INIT_H
#define CAIRN_ABI_INIT_H

enum cairn_init_handle {
	CAIRN_INIT_SELF = 0,	  /* init's own process: every right */
	CAIRN_INIT_CONSOLE = 1,	  /* the console: WRITE | DUP | TRANSFER */
	CAIRN_INIT_BOOTIMAGE = 2, /* the boot image: SPAWN | READ | DUP | TRANSFER */
	CAIRN_INIT_HANDLES = 3,	  /* the count of fixed ones; not a handle */
};

/* Where device k's two handles are in init's array. */
#define CAIRN_INIT_DEVICE_MMIO(k) (CAIRN_INIT_HANDLES + 2u * (k))
#define CAIRN_INIT_DEVICE_IRQ(k)  (CAIRN_INIT_HANDLES + 2u * (k) + 1u)

#endif /* CAIRN_ABI_INIT_H */
