/*
 * The handles the kernel gives init, the first process, in the order of its
 * initial handle array (RFC-0004). The kernel installs them in this order
 * (kernel/proc/init.c) and init reads them by these names
 * (services/init/init.h); no other process gets a fixed layout.
 */
#ifndef CAIRN_ABI_INIT_H
#define CAIRN_ABI_INIT_H

enum cairn_init_handle {
	CAIRN_INIT_SELF = 0,	  /* init's own process: every right */
	CAIRN_INIT_CONSOLE = 1,	  /* the console: WRITE | DUP | TRANSFER */
	CAIRN_INIT_BOOTIMAGE = 2, /* the boot image: SPAWN | READ | DUP | TRANSFER */
	CAIRN_INIT_UART_MMIO = 3, /* the UART's registers: MAP | READ | WRITE | DUP | TRANSFER */
	CAIRN_INIT_UART_IRQ = 4,  /* the UART's interrupt: MANAGE | DUP | TRANSFER */
	CAIRN_INIT_HANDLES = 5,	  /* the count; not a handle */
};

#endif /* CAIRN_ABI_INIT_H */
