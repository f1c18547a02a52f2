/*
 * Threads with thread-local storage. user.ld lays out the TLS template
 * (.tdata, then .tbss) and crt0.S gives the main thread its block; a thread
 * started here gets a block of its own at the top of the stack its caller
 * provides, and runs its entry with gp and tp set (RISC-V TLS variant I: tp
 * points at the block's start, the linker's offsets count from there).
 * thread_create alone (cairn/sys.h) sets only pc, sp and a0: a thread made
 * that way must not touch a thread-local variable, errno included.
 *
 * A thread that sends data or handles over IPC registers an IPC buffer of
 * its own first (cairn_ipc_buffer_set); cairn_ipc_buffer() is the main
 * thread's.
 */
#ifndef LIBCAIRN_THREAD_H
#define LIBCAIRN_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"

/* Every TLS block's alignment; user.ld aligns the template to it. */
#define CAIRN_TLS_ALIGN 64u
/* Stack a thread keeps below its TLS block and start record, at least. */
#define CAIRN_THREAD_STACK_MIN 1024u

/* The bytes of one thread's TLS block: the template's size (a word at least, user.ld). */
size_t cairn_tls_size(void);

/*
 * Fills block (CAIRN_TLS_ALIGN-aligned, cairn_tls_size() bytes) with the
 * initial image, then zeros; returns the value tp takes for it.
 */
void *cairn_tls_init(void *block);

/*
 * Starts a thread of the process `self` names (RIGHT_MANAGE) running
 * entry(arg) on stack[0..size): its TLS block goes at the top of the stack,
 * aligned down, a start record below it, and the thread's stack below
 * that. When entry returns, the thread ends (thread_exit). The stack must
 * stay the thread's until it ends.
 *
 * Returns the thread's handle, or ERR_RANGE for a stack that is NULL or
 * leaves less than CAIRN_THREAD_STACK_MIN bytes, or thread_create's error.
 */
long cairn_thread_start(cairn_handle_t self, void (*entry)(uint64_t), uint64_t arg, void *stack,
			size_t size);

#endif /* LIBCAIRN_THREAD_H */
