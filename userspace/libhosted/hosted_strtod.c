/*
 * The C library's strtod for hosted programs: hosted_number.h's correctly
 * rounded reading, with errno. picolibc 1.8's keeps 17 significant digits
 * and drops the rest, so a longer decimal could read one ulp away from the
 * nearest double (and from what glibc reads). hosted_main.c's roster pulls
 * this object before picolibc's archive is searched, so picolibc's atof and
 * strtod_l, which call strtod, read through it too. strtof, strtold and
 * scanf's conversions stay picolibc's.
 */
#include <errno.h>
#include <stdlib.h>

#include "hosted_number.h"

/*
 * The parameters bear the names picolibc's <stdlib.h> gives them (reserved
 * names, its own), so that the declaration and the definition agree.
 */
double strtod(const char *restrict __n, char **restrict __end_PTR)
{
	const char *stop;
	bool range;
	double v = hosted_number_read(__n, &stop, &range);

	if (range)
		errno = ERANGE;
	if (__end_PTR != NULL)
		*__end_PTR =
			(char *)stop; /* strtod's contract: a pointer into the caller's string */
	return v;
}
