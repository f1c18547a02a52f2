/*
 * The kernel image's boundaries, as kernel/kernel.ld defines them. Each
 * region starts on a page boundary so that paging can later map text
 * read-execute, rodata read-only and data/bss read-write. Only addresses of
 * these symbols mean anything; they have no contents.
 */
#ifndef CAIRN_KERNEL_IMAGE_H
#define CAIRN_KERNEL_IMAGE_H

extern char _kernel_start[], _kernel_end[];
extern char _text_start[], _text_end[];
extern char _rodata_start[], _rodata_end[];
extern char _data_start[], _data_end[];
extern char _bss_start[], _bss_end[];

#endif /* CAIRN_KERNEL_IMAGE_H */
