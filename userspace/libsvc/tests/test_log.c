/* Host tests of svc/log.h (filled in below). */
#include "svc_tests.h"

Suite *svc_log_suite(void)
{
	return suite_create("svc_log");
}
