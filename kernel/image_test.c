/*
 * The test kernel's part of a boot (cairn/image.h): the nonce the gate's
 * runner put on the command line, the boot self-tests before init, a marker
 * once init is ready to run, and the self-tests' verdict when init ends
 * (selftest.c). Linked only into test kernels (kernel/kernel.mk).
 */
#include "cairn/abi/errors.h"
#include "cairn/bootargs.h"
#include "cairn/console.h"
#include "cairn/error.h"
#include "cairn/image.h"
#include "cairn/markers.h"
#include "cairn/selftest.h"

/* Echo the nonce the runner put on the command line, or "none". */
static void image_print_nonce(const struct boot_info *boot)
{
	char nonce[BOOTARGS_NONCE_MAX + 1] = "none";
	int err = bootargs_nonce(boot->dt.bootargs, nonce, sizeof(nonce));

	if (err != 0 && err != ERR_NOTFOUND)
		kprintf("bootargs: cairn.nonce ignored: %s\n", err_describe(err));
	kprintf(MARKER_BOOT_NONCE "\n", nonce);
}

bool image_boot_checks(const struct boot_info *boot)
{
	image_print_nonce(boot);
	return selftest_run_all(boot);
}

void image_init_ready(void)
{
	kprintf(MARKER_BOOT_INIT "\n");
}

void image_init_ended(uint32_t status)
{
	selftest_after_init(status);
}

void image_end_without_init(bool checks_passed)
{
	selftest_finish(checks_passed);
}
