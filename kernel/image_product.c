/*
 * The product's part of a boot (cairn/image.h): nothing before init, and when
 * init ends, the machine powers off with init's verdict. The product prints
 * no proof markers; the test kernel's counterpart is image_test.c.
 */
#include "cairn/console.h"
#include "cairn/finisher.h"
#include "cairn/image.h"

bool image_boot_checks(const struct boot_info *boot)
{
	(void)boot;
	return true;
}

void image_init_ready(void)
{
}

void image_init_ended(uint32_t status)
{
	kprintf("init exited with status 0x%x; powering off\n", status);
	if (status != 0)
		finisher_fail(FINISHER_CODE_INIT);
	finisher_pass();
}

void image_end_without_init(bool checks_passed)
{
	(void)checks_passed;
	kprintf("boot: no init to run; powering off\n");
	finisher_fail(FINISHER_CODE_INIT);
}
