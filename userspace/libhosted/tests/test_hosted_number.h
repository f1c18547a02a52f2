/* The number reader's suite (test_hosted_number.c), run by test_hosted.c's main. */
#ifndef TEST_HOSTED_NUMBER_H
#define TEST_HOSTED_NUMBER_H

#include <check.h>

Suite *hosted_number_suite(void);

#endif /* TEST_HOSTED_NUMBER_H */
