/*
 * Raw system-call entry for user programs: one inline `ecall` per arity, and a
 * `cairn_sys_<name>` stub for every call of the CAIRN_SYSCALLS table, generated
 * from that table so the number and the argument count cannot drift from the
 * ABI header. The stubs take and return plain integers; cairn/sys.h gives the
 * typed wrappers. Nothing here knows what a call means.
 */
#ifndef LIBCAIRN_ECALL_H
#define LIBCAIRN_ECALL_H

#include <stdint.h>

#include "cairn/abi/syscall.h"

/*
 * The kernel preserves every register but a0 (RFC-0003), so only a0 is an
 * output; "memory" because calls read and write user buffers.
 */
static inline long cairn_ecall0(long nr)
{
	register uint64_t a0 __asm__("a0");
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return (long)a0;
}

static inline long cairn_ecall1(long nr, uint64_t x0)
{
	register uint64_t a0 __asm__("a0") = x0;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return (long)a0;
}

static inline long cairn_ecall2(long nr, uint64_t x0, uint64_t x1)
{
	register uint64_t a0 __asm__("a0") = x0;
	register uint64_t a1 __asm__("a1") = x1;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
	return (long)a0;
}

static inline long cairn_ecall3(long nr, uint64_t x0, uint64_t x1, uint64_t x2)
{
	register uint64_t a0 __asm__("a0") = x0;
	register uint64_t a1 __asm__("a1") = x1;
	register uint64_t a2 __asm__("a2") = x2;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return (long)a0;
}

static inline long cairn_ecall4(long nr, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	register uint64_t a0 __asm__("a0") = x0;
	register uint64_t a1 __asm__("a1") = x1;
	register uint64_t a2 __asm__("a2") = x2;
	register uint64_t a3 __asm__("a3") = x3;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return (long)a0;
}

/* Any number with all six argument registers set: for the fuzzer, which calls at random. */
static inline long cairn_ecall6(long nr, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
				uint64_t x4, uint64_t x5)
{
	register uint64_t a0 __asm__("a0") = x0;
	register uint64_t a1 __asm__("a1") = x1;
	register uint64_t a2 __asm__("a2") = x2;
	register uint64_t a3 __asm__("a3") = x3;
	register uint64_t a4 __asm__("a4") = x4;
	register uint64_t a5 __asm__("a5") = x5;
	register long a7 __asm__("a7") = nr;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return (long)a0;
}

/* One stub per table row: cairn_sys_<name>(n arguments) -> raw result. */
#define CAIRN_STUB_0(num, name)                                                                    \
	static inline long cairn_sys_##name(void)                                                  \
	{                                                                                          \
		return cairn_ecall0(num);                                                          \
	}
#define CAIRN_STUB_1(num, name)                                                                    \
	static inline long cairn_sys_##name(uint64_t x0)                                           \
	{                                                                                          \
		return cairn_ecall1(num, x0);                                                      \
	}
#define CAIRN_STUB_2(num, name)                                                                    \
	static inline long cairn_sys_##name(uint64_t x0, uint64_t x1)                              \
	{                                                                                          \
		return cairn_ecall2(num, x0, x1);                                                  \
	}
#define CAIRN_STUB_3(num, name)                                                                    \
	static inline long cairn_sys_##name(uint64_t x0, uint64_t x1, uint64_t x2)                 \
	{                                                                                          \
		return cairn_ecall3(num, x0, x1, x2);                                              \
	}
#define CAIRN_STUB_4(num, name)                                                                    \
	static inline long cairn_sys_##name(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)    \
	{                                                                                          \
		return cairn_ecall4(num, x0, x1, x2, x3);                                          \
	}
#define CAIRN_STUB_6(num, name)                                                                    \
	static inline long cairn_sys_##name(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,    \
					    uint64_t x4, uint64_t x5)                              \
	{                                                                                          \
		return cairn_ecall6(num, x0, x1, x2, x3, x4, x5);                                  \
	}
#define CAIRN_STUB(num, name, nargs) CAIRN_STUB_##nargs(num, name)
CAIRN_SYSCALLS(CAIRN_STUB)
#undef CAIRN_STUB

#endif /* LIBCAIRN_ECALL_H */
