/*
 * What one boot self-test looks like, for the files that hold them
 * (selftest.c runs the table; selftest_mm.c, selftest_trap.c add cases).
 * A case returns true when its check passed, or records why not.
 */
#ifndef CAIRN_SELFTEST_CASE_H
#define CAIRN_SELFTEST_CASE_H

#include <stdbool.h>

#include "cairn/boot.h"

#define SELFTEST_REASON_MAX 120

struct selftest_reason {
	char text[SELFTEST_REASON_MAX];
};

/* Record why a test failed; returns false so a test can `return` it. */
__attribute__((format(printf, 2, 3))) bool selftest_fail(struct selftest_reason *why,
							 const char *fmt, ...);

/* Every free frame is handed out once, aligned and inside memory, and taken back. */
bool selftest_frames(const struct boot_info *boot, struct selftest_reason *why);

/* The live page tables: no W+X leaf, no user page outside the window, text not writable. */
bool selftest_wx(const struct boot_info *boot, struct selftest_reason *why);

/* copy_from_user/copy_to_user refuse kernel, unmapped, wrapping and read-only ranges. */
bool selftest_uaccess(const struct boot_info *boot, struct selftest_reason *why);

/*
 * An ended process whose last reference is a VMO mapped in it goes whole when
 * its last thread is freed: slot released once, every frame given back.
 */
bool selftest_quota(const struct boot_info *boot, struct selftest_reason *why);

/* Every online hart took supervisor timer interrupts through the trap path. */
bool selftest_timer(const struct boot_info *boot, struct selftest_reason *why);

#endif /* CAIRN_SELFTEST_CASE_H */
