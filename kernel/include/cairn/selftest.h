/*
 * The kernel self-tests that run at boot. Each prints its marker only when
 * its check passed, or "KSELFTEST: <what> FAIL (<reason>)"; the run then
 * ends through the finisher: pass if every test passed, else
 * FINISHER_CODE_SELFTEST.
 */
#ifndef CAIRN_SELFTEST_H
#define CAIRN_SELFTEST_H

#include "cairn/boot.h"

/* Run every self-test in order, then end the run. */
__attribute__((noreturn)) void selftest_run_all(const struct boot_info *boot);

#endif /* CAIRN_SELFTEST_H */
