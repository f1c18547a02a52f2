/*
 * What the host's stand-in firmware saw (host_riscv.c): every SBI call
 * succeeds and the last one is kept here.
 */
#ifndef CAIRN_TESTS_HOST_SBI_H
#define CAIRN_TESTS_HOST_SBI_H

struct host_sbi {
	unsigned calls;
	long ext;
	long fid;
	unsigned long arg[4];
};

extern struct host_sbi host_sbi;

#endif /* CAIRN_TESTS_HOST_SBI_H */
