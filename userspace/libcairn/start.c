/*
 * The C half of process start-up (the assembly half is crt0.S). The kernel
 * loads the image with .bss zeroed, so nothing needs clearing here.
 */
#include "cairn/start.h"

#include "cairn/sys.h"

_Noreturn void cairn_start(const cairn_handle_t *handles, size_t count)
{
	cairn_process_exit(cairn_main(handles, count));
}
