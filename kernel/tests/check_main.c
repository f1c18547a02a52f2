/*
 * The common ending of the host test binaries' main (see check_main.h).
 */
#include "check_main.h"

#include <stdlib.h>

int check_run(SRunner *sr)
{
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
