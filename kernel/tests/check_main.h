/*
 * The common ending of every host test binary's main: run the suites, print
 * Check's summary, turn the failure count into an exit status.
 */
#ifndef CAIRN_TESTS_CHECK_MAIN_H
#define CAIRN_TESTS_CHECK_MAIN_H

#include <check.h>

/* Runs every suite of sr (CK_NORMAL output), frees sr, and returns
 * EXIT_SUCCESS if no test failed, else EXIT_FAILURE. */
int check_run(SRunner *sr);

#endif
