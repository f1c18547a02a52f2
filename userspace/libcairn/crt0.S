/*
 * Process entry. The kernel enters _start with a0 = user pointer to the
 * initial handle array, a1 = its count, and sp at the top of the stack it
 * mapped (16-byte aligned). Before any C runs: set gp for linker
 * relaxation; fill the main thread's TLS block (__tls_main, reserved by
 * user.ld at the end of .bss, so already zero past the initial image) with
 * the .tdata template and point tp at it (RISC-V TLS variant I: tp is the
 * block's start). Then clear the frame pointer and return address so
 * back-traces end here, and hand over to cairn_start in start.c, which
 * never returns.
 *
 * cairn_main's address goes to cairn_start from here, so the entry object
 * itself names cairn_main: a program that defines it uses its own, and one
 * that does not (a hosted program, which defines main) pulls libhosted's
 * from the archives, which it would not if only start.c in libcairn.a, an
 * archive scanned after libhosted.a, named it.
 */
	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la t0, __tdata_start
	la t1, __tdata_end
	la tp, __tls_main
	mv t2, tp
1:	bgeu t0, t1, 2f
	lbu t3, 0(t0)
	sb t3, 0(t2)
	addi t0, t0, 1
	addi t2, t2, 1
	j 1b
2:	mv s0, zero
	mv ra, zero
	andi sp, sp, -16
	la a2, cairn_main
	call cairn_start
3:	j 3b
	.size _start, . - _start
