/*
 * The subscriber table (uart_subs.h): entries found by badge, targets
 * packed into one atomic word each.
 */
#include "uart_subs.h"

#include "cairn/abi/errors.h"

static uint64_t pack(cairn_handle_t handle, uint32_t bits)
{
	return (uint64_t)handle << 32 | bits;
}

void uart_subs_init(struct uart_subs *t)
{
	for (uint32_t i = 0; i < UART_SUBS_MAX; i++) {
		t->badge[i] = 0;
		atomic_init(&t->target[i], 0);
	}
}

/* The entry badge holds, else the first free one, else UART_SUBS_MAX. */
static uint32_t find_slot(struct uart_subs *t, uint64_t badge)
{
	uint32_t free_slot = UART_SUBS_MAX;

	for (uint32_t i = 0; i < UART_SUBS_MAX; i++) {
		bool used = atomic_load_explicit(&t->target[i], memory_order_relaxed) != 0;

		if (used && t->badge[i] == badge)
			return i;
		if (!used && free_slot == UART_SUBS_MAX)
			free_slot = i;
	}
	return free_slot;
}

int uart_subs_put(struct uart_subs *t, uint64_t badge, cairn_handle_t handle, uint32_t bits,
		  cairn_handle_t *ret_old)
{
	uint32_t i;
	uint64_t old;

	if (handle == CAIRN_HANDLE_INVALID || bits == 0)
		return ERR_INVAL;
	i = find_slot(t, badge);
	if (i == UART_SUBS_MAX)
		return ERR_NOSPC;
	t->badge[i] = badge;
	old = atomic_exchange_explicit(&t->target[i], pack(handle, bits), memory_order_release);
	*ret_old = (cairn_handle_t)(old >> 32);
	return 0;
}

bool uart_subs_get(struct uart_subs *t, uint32_t i, cairn_handle_t *ret_handle, uint32_t *ret_bits)
{
	uint64_t target;

	if (i >= UART_SUBS_MAX)
		return false;
	target = atomic_load_explicit(&t->target[i], memory_order_acquire);
	if (target == 0)
		return false;
	*ret_handle = (cairn_handle_t)(target >> 32);
	*ret_bits = (uint32_t)target;
	return true;
}
