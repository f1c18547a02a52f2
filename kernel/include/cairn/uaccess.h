/*
 * Copying between the kernel and user memory. Both functions first check
 * the whole user range against the address space's page tables (mapped,
 * user, readable or writable as needed, inside the user window, no
 * wrap-around, and RAM: no page mapped from a device region, whose registers
 * a copy would read or write) and return ERR_BADADDR otherwise, so they never
 * fault and never touch a device. A
 * zero length copies nothing and succeeds for any address. SUM
 * (supervisor access to user pages) is set only inside them.
 */
#ifndef CAIRN_UACCESS_H
#define CAIRN_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/pte.h"

/* True if [uva, uva + len) is user RAM of `root` with all of `need` (PTE_R, PTE_W). */
bool uaccess_range_ok(const pte_t *root, uint64_t uva, size_t len, uint64_t need);

/* Copy `len` bytes from user `uva` to `dst`; 0 or ERR_BADADDR. */
int copy_from_user(const pte_t *root, void *dst, uint64_t uva, size_t len);

/* Copy `len` bytes from `src` to user `uva`; 0 or ERR_BADADDR. */
int copy_to_user(const pte_t *root, uint64_t uva, const void *src, size_t len);

/*
 * The same copies for an address space the hart need not be running on (an
 * IPC partner's): page by page through `root`'s leaves and the kernel's
 * identity map of the frames, with the same whole-range check first.
 */
int copy_from_space(const pte_t *root, void *dst, uint64_t uva, size_t len);
int copy_to_space(const pte_t *root, uint64_t uva, const void *src, size_t len);

#endif /* CAIRN_UACCESS_H */
