/*
 * The boot image in read-only data: bootimg_start and bootimg_end bound it,
 * bootimg_size holds its length (cairn/bootimg.h declares all three; the
 * size spares C code a subtraction of two unrelated pointers). kernel.mk
 * packs it from $(BOOT_PROGRAMS) with tools/mkbootimg.py and puts its
 * directory on the assembler's include path. It is never empty: an image
 * with no programs is still a 32-byte header.
 */
	.section .rodata.bootimg, "a"
	.balign 8
	.globl bootimg_size
	.type bootimg_size, @object
bootimg_size:
	.quad bootimg_end - bootimg_start
	.globl bootimg_start
	.type bootimg_start, @object
bootimg_start:
	.incbin "boot.img"
	.globl bootimg_end
	.type bootimg_end, @object
bootimg_end:
