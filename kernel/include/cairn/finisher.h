/*
 * Ending the run: the QEMU virt test device (the "finisher") exits QEMU with
 * status 0 on pass, or with the given code on failure. These functions do not
 * return; on a machine without the device they park the hart instead.
 */
#ifndef CAIRN_FINISHER_H
#define CAIRN_FINISHER_H

#include <stdint.h>

/* QEMU exit status for each way a run can end badly. */
enum finisher_code {
	FINISHER_CODE_SELFTEST = 1, /* a kernel self-test failed */
	FINISHER_CODE_PANIC = 2,    /* the kernel panicked */
	FINISHER_CODE_INIT = 3	    /* init ended with a failure, or there was none to run */
};

__attribute__((noreturn)) void finisher_pass(void);
__attribute__((noreturn)) void finisher_fail(enum finisher_code code);

#endif /* CAIRN_FINISHER_H */
