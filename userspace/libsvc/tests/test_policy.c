/* Host tests of svc/policy.h (filled in below). */
#include "svc_tests.h"

Suite *svc_policy_suite(void)
{
	return suite_create("svc_policy");
}
