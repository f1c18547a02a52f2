/* Host tests of svc/registry.h (filled in below). */
#include "svc_tests.h"

Suite *svc_registry_suite(void)
{
	return suite_create("svc_registry");
}
