/*
 * The test cases of test_statefs, one builder per file; main() in
 * test_statefs.c runs them all.
 */
#ifndef STATEFS_TESTS_H
#define STATEFS_TESTS_H

#include <check.h>

TCase *statefs_crash_tcase(void);
TCase *statefs_fault_tcase(void);
TCase *statefs_large_tcase(void);
TCase *statefs_damage_tcase(void);

#endif /* STATEFS_TESTS_H */
