/*
 * What a kernel image adds to a boot (RFC-0011). The kernel's objects are the
 * same in every image; each image links one file that fills these in: the
 * product (image_product.c) adds nothing and powers off when init ends; the
 * test kernel (image_test.c) prints the boot nonce, runs the self-tests
 * before init and checks the harts when init ends. No scheduler, process or
 * trap code knows which image it is in.
 */
#ifndef CAIRN_IMAGE_H
#define CAIRN_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/boot.h"

/* Before init: the image's checks of the boot so far; false if one failed. */
bool image_boot_checks(const struct boot_info *boot);

/* init is loaded and its first thread made ready. */
void image_init_ready(void);

/* init ended with `status` (what process_wait would say): end the run. */
__attribute__((noreturn)) void image_init_ended(uint32_t status);

/* The run ends before init could run: `checks_passed` says how the boot went. */
__attribute__((noreturn)) void image_end_without_init(bool checks_passed);

#endif /* CAIRN_IMAGE_H */
