/*
 * keystored's state, shared by its files: the key pair (libkeys) and its
 * place in statefsd (store.c: the window, namespace "keystore", the one
 * record under key "identity"). main.c marshals the protocol (svc/key.h).
 */
#ifndef KEYSTORED_H
#define KEYSTORED_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "keys.h"

#define KEYSTORED_WINDOW_VA 0x2000000000ull /* where keystored maps its statefsd window */

struct keystored {
	cairn_handle_t self;
	cairn_handle_t rng;
	cairn_handle_t statefs;
	cairn_handle_t policy;
	cairn_handle_t log;
	cairn_handle_t window_vmo;
	uint8_t *window;
	struct keys_pair pair;
	bool have_key;	     /* pair holds the device key */
	bool damaged;	     /* the stored record does not decode: never replaced */
	bool key_error_said; /* why there is no key yet is in the journal */
	bool attached;	     /* statefsd holds the window for namespace "keystore" */
};

/* The window made and mapped: 0 or the error. */
long keystored_window_up(struct keystored *k);

/*
 * The stored record decoded into k->pair: 0; ERR_NOTFOUND (none stored: a
 * first boot); ERR_CORRUPT (stored but damaged); or the call's error.
 */
long keystored_store_load(struct keystored *k);

/* `pair` written as the record and committed, all or nothing: 0 or the error. */
long keystored_store_save(struct keystored *k, const struct keys_pair *pair);

#endif /* KEYSTORED_H */
