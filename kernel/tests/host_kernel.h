/*
 * The host stand-ins for what surrounds the kernel's C (host_kernel.c):
 * what the console was given.
 */
#ifndef CAIRN_TESTS_HOST_KERNEL_H
#define CAIRN_TESTS_HOST_KERNEL_H

struct host_console {
	unsigned writes;
	char last[512];
};

extern struct host_console host_console;

#endif /* CAIRN_TESTS_HOST_KERNEL_H */
