/*
 * main's stack (hosted.h): HOSTED_STACK_SIZE bytes of a VMO of the
 * process's own, mapped just below HOSTED_STACK_TOP with nothing mapped
 * under it, so running off its end faults instead of writing over memory.
 * The kernel's stack for a new process (CAIRN_STACK_PAGES, 64 KiB) holds
 * start-up but not a C program written for a hosted system: Lua's parser
 * and its protected calls nest deeper than that.
 */
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_internal.h"

uintptr_t hosted_stack_make(void)
{
	long vmo = cairn_vmo_create(hosted_self(), HOSTED_STACK_SIZE);
	long err;

	if (vmo < 0)
		return 0;
	err = cairn_vmo_map(hosted_self(), (cairn_handle_t)vmo,
			    HOSTED_STACK_TOP - HOSTED_STACK_SIZE,
			    CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	/* the mapping holds the VMO from here on; the handle is not needed either way */
	(void)cairn_handle_close((cairn_handle_t)vmo);
	return err == 0 ? (uintptr_t)HOSTED_STACK_TOP : 0;
}
