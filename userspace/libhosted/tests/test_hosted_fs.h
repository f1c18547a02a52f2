/* The file layer's suite (test_hosted_fs.c), run by test_hosted.c's main. */
#ifndef TEST_HOSTED_FS_H
#define TEST_HOSTED_FS_H

#include <check.h>

Suite *hosted_fs_suite(void);

#endif /* TEST_HOSTED_FS_H */
