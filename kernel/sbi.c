/*
 * SBI calls: the ecall itself and the few functions the kernel uses. The
 * firmware's error numbers stop here; callers see the kernel's err_code.
 */
#include "cairn/sbi.h"

#include "cairn/error.h"
#include "cairn/riscv.h"

/* Error values from the SBI specification. */
enum {
	SBI_SUCCESS = 0,
	SBI_ERR_NOT_SUPPORTED = -2,
	SBI_ERR_INVALID_PARAM = -3,
	SBI_ERR_INVALID_ADDRESS = -5,
	SBI_ERR_ALREADY_AVAILABLE = -6,
	SBI_ERR_ALREADY_STARTED = -7,
	SBI_ERR_ALREADY_STOPPED = -8
};

enum {
	SBI_BASE_GET_SPEC_VERSION = 0,
	SBI_BASE_PROBE_EXTENSION = 3,
	SBI_TIME_SET_TIMER = 0,
	SBI_HSM_HART_START = 0,
	SBI_HSM_HART_GET_STATUS = 2,
	SBI_IPI_SEND_IPI = 0,
	SBI_RFENCE_REMOTE_SFENCE_VMA = 1
};

static struct riscv_sbi_ret sbi_call4(long ext, long fid, unsigned long arg0, unsigned long arg1,
				      unsigned long arg2, unsigned long arg3)
{
	return riscv_sbi_call(arg0, arg1, arg2, arg3, fid, ext);
}

static struct riscv_sbi_ret sbi_call(long ext, long fid, unsigned long arg0, unsigned long arg1,
				     unsigned long arg2)
{
	return sbi_call4(ext, fid, arg0, arg1, arg2, 0);
}

static int sbi_error(long error)
{
	switch (error) {
	case SBI_SUCCESS:
		return 0;
	case SBI_ERR_NOT_SUPPORTED:
		return ERR_NOTSUP;
	case SBI_ERR_INVALID_PARAM:
	case SBI_ERR_INVALID_ADDRESS:
		return ERR_INVAL;
	case SBI_ERR_ALREADY_AVAILABLE:
	case SBI_ERR_ALREADY_STARTED:
	case SBI_ERR_ALREADY_STOPPED:
		return ERR_BUSY;
	default:
		return ERR_FIRMWARE;
	}
}

void sbi_console_putchar(char c)
{
	(void)sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

struct sbi_version sbi_spec_version(void)
{
	struct riscv_sbi_ret r = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	struct sbi_version v = {.major = 0, .minor = 1};

	if (r.error == SBI_SUCCESS) {
		v.major = ((unsigned long)r.value >> 24) & 0x7f;
		v.minor = (unsigned long)r.value & 0xffffff;
	}
	return v;
}

bool sbi_has_extension(long ext)
{
	struct riscv_sbi_ret r =
		sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, (unsigned long)ext, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

int sbi_set_timer(uint64_t stime)
{
	return sbi_error(sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime, 0, 0).error);
}

int sbi_hart_start(unsigned long hartid, uintptr_t start, unsigned long opaque)
{
	return sbi_error(sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start, opaque).error);
}

int sbi_hart_get_status(unsigned long hartid, unsigned long *ret_state)
{
	struct riscv_sbi_ret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0);
	int err = sbi_error(r.error);

	if (err == 0)
		*ret_state = (unsigned long)r.value;
	return err;
}

int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_error(
		sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, hart_mask, hart_mask_base, 0).error);
}

int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base, uint64_t start,
			  uint64_t size)
{
	return sbi_error(sbi_call4(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, hart_mask,
				   hart_mask_base, start, size)
				 .error);
}
