/*
 * Loading fixture files for the host tests into heap buffers of exactly
 * their size, so AddressSanitizer sees any read past the end. Fixtures are
 * built into FIXTURE_FILE_DIR unless CAIRN_TEST_FIXTURES names another
 * directory. Every failure here is a test failure (Check assertions).
 */
#ifndef CAIRN_TESTS_FIXTURE_FILE_H
#define CAIRN_TESTS_FIXTURE_FILE_H

#include <stddef.h>
#include <stdint.h>

#define FIXTURE_FILE_DIR "build/host/fixtures"

/* The whole file `name` in the fixture directory; *ret_size gets its length. */
uint8_t *fixture_file_load(const char *name, size_t *ret_size);

#endif /* CAIRN_TESTS_FIXTURE_FILE_H */
