/*
 * badstore: stores to kernel memory, which no user page maps. The kernel must
 * end this process on the store fault; reaching the return means it did not.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/start.h"

/* Where OpenSBI hands over to the kernel on QEMU virt: kernel text, never user-mapped. */
#define BADSTORE_KERNEL_ADDR 0x80200000ull

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	(void)handles;
	(void)count;
	*(volatile uint64_t *)BADSTORE_KERNEL_ADDR = 0xbad;
	return 1;
}
