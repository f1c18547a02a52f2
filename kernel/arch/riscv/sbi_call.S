/*
 * riscv_sbi_call(arg0, arg1, arg2, arg3, fid, ext) (cairn/riscv.h): an SBI
 * call. The C calling convention brings the arguments in a0-a5; SBI wants
 * the function in a6 and the extension in a7, and answers in a0 (error)
 * and a1 (value), which is how C returns a struct of two longs.
 */
	.text
	.globl riscv_sbi_call
riscv_sbi_call:
	mv	a6, a4
	mv	a7, a5
	ecall
	ret
