/*
 * Physical memory layout of the QEMU virt machine as the kernel sees it.
 * Every hardware address the kernel touches is named here and nowhere else;
 * the devices it hands out to drivers come from the device tree instead
 * (cairn/device.h).
 * Where the kernel image itself sits is the linker script's business
 * (kernel/kernel.ld, 0x80200000, where OpenSBI's fw_dynamic jumps); code
 * finds its bounds through the symbols in cairn/kernel_image.h. Assembly
 * includes this file, so it holds only preprocessor definitions.
 */
#ifndef CAIRN_MEMLAYOUT_H
#define CAIRN_MEMLAYOUT_H

/* SiFive test device: a 32-bit write ends the QEMU run (see finisher.c). */
#define MEMLAYOUT_FINISHER 0x00100000UL

/* Platform-level interrupt controller (QEMU virt), and the bytes the kernel maps of it. */
#define MEMLAYOUT_PLIC	    0x0c000000UL
#define MEMLAYOUT_PLIC_SIZE 0x00600000UL

/* The finisher is mapped as one page. */
#define MEMLAYOUT_MMIO_PAGE 0x1000UL

/*
 * The kernel identity-maps RAM below this address only: the user window
 * (CAIRN_USER_BASE in cairn/abi/syscall.h) starts here, so RAM above it
 * stays unused for now.
 */
#define MEMLAYOUT_RAM_LIMIT 0x100000000UL

/* Bytes of boot stack per hart (smp.c owns the stacks, entry.S picks one). */
#define MEMLAYOUT_KSTACK_SIZE 16384

#endif /* CAIRN_MEMLAYOUT_H */
