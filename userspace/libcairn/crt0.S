/*
 * Process entry. The kernel enters _start with a0 = user pointer to the
 * initial handle array, a1 = its count, and sp at the top of the stack it
 * mapped (16-byte aligned). Set gp for linker relaxation, clear the frame
 * pointer and return address so back-traces end here, and hand over to
 * cairn_start in start.c, which never returns.
 */
	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	mv s0, zero
	mv ra, zero
	andi sp, sp, -16
	call cairn_start
1:	j 1b
	.size _start, . - _start
