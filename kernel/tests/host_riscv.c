/*
 * The simulated hart behind the host model of cairn/riscv.h
 * (kernel/tests/host/cairn/riscv.h), and the firmware under it: an SBI call
 * is counted and recorded in host_sbi and succeeds, so sbi.c builds and
 * runs unchanged. Tests set and read both directly.
 */
#include "host_riscv.h"

#include "cairn/riscv.h"

struct host_csrs host_csr;
struct host_sbi host_sbi;

struct riscv_sbi_ret riscv_sbi_call(unsigned long arg0, unsigned long arg1, unsigned long arg2,
				    unsigned long arg3, long fid, long ext)
{
	host_sbi.calls++;
	host_sbi.ext = ext;
	host_sbi.fid = fid;
	host_sbi.arg[0] = arg0;
	host_sbi.arg[1] = arg1;
	host_sbi.arg[2] = arg2;
	host_sbi.arg[3] = arg3;
	return (struct riscv_sbi_ret){.error = 0, .value = 0};
}
