/*
 * The hosted runtime (RFC-0020): what a program that defines `main` gets
 * from libhosted, which supplies cairn_main. Before main it reads the start
 * block its starter passed as its last handle (libstart), copies the
 * arguments out and closes the block; sets up stdin, stdout and stderr on
 * the console (uartd through the `uart` handle, else the kernel's debug
 * console through a console handle, else nowhere); says READY on a
 * `supervisor` handle; runs the constructors; and then ends the process
 * with exit(main(argc, argv, environ)).
 *
 * A program started with no start block, or with one that does not check
 * out, runs with argv = {HOSTED_NAME_UNKNOWN} (a program cannot learn its
 * own name from the kernel) and no roles; its console, if any, is found by
 * the kind of its handles, and a refused block is reported there.
 *
 * Address space: the heap's window is hosted_heap.h's; the start block is
 * mapped at HOSTED_START_VA while start-up reads it, and that address is
 * free again when main runs; the store's window (hosted_file.h) is mapped
 * at HOSTED_STORE_VA from a program's first file of the store on; main
 * runs on a stack of HOSTED_STACK_SIZE bytes just below HOSTED_STACK_TOP
 * (start-up runs on the kernel's 64 KiB one, and main stays there if the
 * process's quota has no room for the larger one).
 */
#ifndef HOSTED_H
#define HOSTED_H

#include "cairn/abi/rights.h"

#define HOSTED_START_VA	    0x3000000000ull /* the start block while start-up reads it */
#define HOSTED_STORE_VA	    0x3000100000ull /* statefsd's window for files of the store */
#define HOSTED_STACK_TOP    0x3100000000ull /* main's stack ends here, with nothing mapped below */
#define HOSTED_STACK_SIZE   (512u << 10)    /* main's stack: 512 KiB */
#define HOSTED_NAME_UNKNOWN "program"	    /* argv[0] without a start block */

/*
 * The initial handle the start block named `role` ("self", "supervisor",
 * "uart", "console", "bootimage", "statefs", "rtc", or a manifest word),
 * or CAIRN_HANDLE_INVALID when none was (or there was no block). The
 * start block's own handle (`start`) is closed before main runs.
 */
cairn_handle_t hosted_handle(const char *role);

/* The process's handle to itself (initial handle 0), with which it makes memory and threads. */
cairn_handle_t hosted_self(void);

#endif /* HOSTED_H */
