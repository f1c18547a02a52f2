/*
 * spinner: loops forever without a system call. Given a VMO as its second
 * handle (and RIGHT_MANAGE on itself), it maps it read-write and counts in
 * its first word, so a watcher holding the same VMO sees that it runs.
 * Without one it counts in a private word. It ends only when killed; exit 2
 * means the VMO could not be mapped.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "cairn/start.h"
#include "cairn/sys.h"

#define SPINNER_MAP_ADDR 0x3000000000ull

static uint64_t spinner_private_count;

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	volatile uint64_t *counter = &spinner_private_count;

	if (count >= 2) {
		if (cairn_vmo_map(handles[0], handles[1], SPINNER_MAP_ADDR,
				  CAIRN_PROT_READ | CAIRN_PROT_WRITE) != 0)
			return 2;
		counter = (volatile uint64_t *)SPINNER_MAP_ADDR;
	}
	for (;;)
		(*counter)++;
}
