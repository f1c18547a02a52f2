/*
 * The kernel self-tests that run at boot. Each prints its marker only when
 * its check passed, or "KSELFTEST: <what> FAIL (<reason>)". The run ends
 * through selftest_finish once the boot (and init, when there is one) is
 * over: pass if everything passed, else FINISHER_CODE_SELFTEST.
 */
#ifndef CAIRN_SELFTEST_H
#define CAIRN_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/boot.h"

/* Run every boot self-test in order; true if all passed. */
bool selftest_run_all(const struct boot_info *boot);

/* End the run: print the all-passed marker and pass, or fail with FINISHER_CODE_SELFTEST. */
__attribute__((noreturn)) void selftest_finish(bool all_passed);

/*
 * init ended with `status`: print the user-harts marker if every online hart
 * ran user code, then end the run as selftest_finish does, passing only if
 * the boot self-tests passed and init exited with 0.
 */
__attribute__((noreturn)) void selftest_after_init(uint32_t status);

#endif /* CAIRN_SELFTEST_H */
