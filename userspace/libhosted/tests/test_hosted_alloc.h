/* The allocator's suite (test_hosted_alloc.c), run by test_hosted.c's main. */
#ifndef TEST_HOSTED_ALLOC_H
#define TEST_HOSTED_ALLOC_H

#include <check.h>

Suite *hosted_alloc_suite(void);

#endif /* TEST_HOSTED_ALLOC_H */
