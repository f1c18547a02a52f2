/*
 * uartd's receive thread: wait for the UART's interrupt, drain the received
 * bytes into the input ring, acknowledge, and signal every subscriber. It
 * makes no IPC calls, so it needs no IPC buffer of its own.
 */
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "uartd.h"

#define UARTD_RX_STACK 8192u
#define UARTD_EXIT_RX  3 /* the receive thread lost its interrupt */

static uint8_t uartd_rx_stack[UARTD_RX_STACK] __attribute__((aligned(16)));

void uartd_rx_entry(uint64_t arg);
_Noreturn void uartd_rx_main(uint64_t arg);

/*
 * thread_create starts a thread with only pc, sp and a0 set. Before any C
 * runs it needs gp, which the linker's relaxation uses to reach globals
 * (crt0.S does the same for the main thread), and ra and s0 cleared so a
 * back-trace ends here.
 */
__asm__(".pushsection .text.uartd_rx_entry, \"ax\", @progbits\n"
	".globl uartd_rx_entry\n"
	".type uartd_rx_entry, @function\n"
	"uartd_rx_entry:\n"
	".option push\n"
	".option norelax\n"
	"	la gp, __global_pointer$\n"
	".option pop\n"
	"	mv ra, zero\n"
	"	mv s0, zero\n"
	"	j uartd_rx_main\n"
	".size uartd_rx_entry, . - uartd_rx_entry\n"
	".popsection\n");

/* Tells every subscriber that input arrived. A target replaced meanwhile may fail; no matter. */
static void uartd_rx_signal(struct uartd *d)
{
	for (uint32_t i = 0; i < UART_SUBS_MAX; i++) {
		cairn_handle_t h;
		uint32_t bits;

		if (uart_subs_get(&d->subs, i, &h, &bits))
			(void)cairn_notification_signal(h, bits);
	}
}

_Noreturn void uartd_rx_main(uint64_t arg)
{
	/* the pointer uartd_rx_start passed as the thread's argument */
	struct uartd *d = (struct uartd *)(uintptr_t)arg; // NOLINT(performance-no-int-to-ptr)

	for (;;) {
		uint32_t taken;

		if (cairn_notification_wait(d->notify, CAIRN_WAIT_FOREVER) < 0)
			cairn_process_exit(UARTD_EXIT_RX);
		taken = uart16550_drain(&d->io, &d->ring);
		/* drained first: the line is quiet now, so the acknowledgement does not re-fire */
		if (cairn_irq_ack(d->irq) < 0)
			cairn_process_exit(UARTD_EXIT_RX);
		if (taken > 0)
			uartd_rx_signal(d);
	}
}

long uartd_rx_start(struct uartd *d)
{
	long thread = cairn_thread_create(d->self, uartd_rx_entry,
					  (uintptr_t)(uartd_rx_stack + UARTD_RX_STACK),
					  (uint64_t)(uintptr_t)d);

	if (thread < 0)
		return thread;
	(void)cairn_handle_close((cairn_handle_t)thread); /* it runs until the process ends */
	return 0;
}
