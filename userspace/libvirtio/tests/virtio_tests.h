/*
 * libvirtio's host test cases by area, gathered into one suite by
 * test_virtio.c's main.
 */
#ifndef VIRTIO_TESTS_H
#define VIRTIO_TESTS_H

#include <check.h>

TCase *virtio_tcase_transport(void);
TCase *virtio_tcase_queue(void);
TCase *virtio_tcase_blk(void);

#endif /* VIRTIO_TESTS_H */
