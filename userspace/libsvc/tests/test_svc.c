/* libsvc's host test: every protocol's suite in one runner. */
#include <stdlib.h>

#include "svc_tests.h"

int main(void)
{
	SRunner *sr = srunner_create(svc_msg_suite());
	int failed;

	srunner_add_suite(sr, svc_log_suite());
	srunner_add_suite(sr, svc_policy_suite());
	srunner_add_suite(sr, svc_registry_suite());
	srunner_add_suite(sr, svc_uart_suite());
	srunner_add_suite(sr, svc_supervisor_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
