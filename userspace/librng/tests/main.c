/*
 * librng's host test binary: the health tests (test_health.c), the generator
 * (test_rng.c) and the known answers (test_kat.c), one Check suite.
 */
#include <check.h>
#include <stdlib.h>

#include "rng_tests.h"

int main(void)
{
	Suite *su = suite_create("rng");
	SRunner *sr;
	int failed;

	suite_add_tcase(su, rng_health_tcase());
	suite_add_tcase(su, rng_flow_tcase());
	suite_add_tcase(su, rng_kat_tcase());
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
