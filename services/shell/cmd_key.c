/*
 * rng and key: the shell as rngd's and keystored's client (RFC-0019).
 * libshell parses the lines (shell_cmd.h, shell_key.h); this file looks
 * each service up in the registry on first use (samgrd hands the endpoint
 * out with the shell's own badge, so rngd and keystored ask policyd about
 * the shell), makes one call and prints the answer in hex.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "shell.h"
#include "shell_key.h"
#include "svc/client.h"
#include "svc/key.h"
#include "svc/rng.h"

_Static_assert(SHELL_KEY_TEXT_MAX == SVC_KEY_MESSAGE_MAX, "a typed text is what keystored signs");
_Static_assert(SHELL_KEY_SIG_LEN == SVC_KEY_SIG_LEN, "a typed signature is keystored's");

/* The endpoint registered as `name`, looked up once and kept in *ep. */
static long key_endpoint(struct shell *sh, const char *name, cairn_handle_t *ep)
{
	if (*ep != CAIRN_HANDLE_INVALID)
		return 0;
	return svc_registry_lookup(sh->handles[H_REGISTRY], name, strlen(name), ep);
}

/*
 * A reply's bytes, copied out of the IPC buffer before anything is printed:
 * writing to uartd reuses that buffer once the shell's output fills.
 */
struct key_bytes {
	uint8_t b[CAIRN_IPC_DATA_MAX];
	size_t n;
};

static void key_take(struct key_bytes *k, const uint8_t *bytes, uint32_t n)
{
	k->n = n < sizeof(k->b) ? n : sizeof(k->b);
	memcpy(k->b, bytes, k->n);
}

/* "<hex of the bytes>\n" */
static void key_print_hex(struct shell *sh, const struct key_bytes *k)
{
	static const char digits[] = "0123456789abcdef";
	char pair[2];

	for (size_t i = 0; i < k->n; i++) {
		pair[0] = digits[k->b[i] >> 4];
		pair[1] = digits[k->b[i] & 0xfu];
		shell_put(sh, pair, 2);
	}
	shell_put(sh, "\n", 1);
}

/* rng [N]: N bytes from rngd, in hex */
long cmd_rng(struct shell *sh, const struct shell_cmd *c)
{
	const struct svc_rng_read_request req = {.count = c->count};
	struct svc_rng_read_reply rep = {0};
	struct key_bytes got;
	long err = key_endpoint(sh, "rng", &sh->rng_ep);

	if (err != 0)
		return shell_fail(sh, "rng", "lookup", err);
	if ((err = svc_rng_read_call(sh->rng_ep, &req, &rep, SVC_CALL_TIMEOUT)) != 0)
		return shell_fail(sh, "rng", "read", err);
	key_take(&got, rep.bytes, rep.bytes_len);
	key_print_hex(sh, &got);
	return 0;
}

static long key_pub(struct shell *sh)
{
	const struct svc_key_pub_request req = {0};
	struct svc_key_pub_reply rep = {0};
	struct key_bytes got;
	long err = svc_key_pub_call(sh->key_ep, &req, &rep, SVC_CALL_TIMEOUT);

	if (err != 0)
		return shell_fail(sh, "key", "pub", err);
	key_take(&got, rep.key, rep.key_len);
	shell_printf(sh, "key: generation %u, P-256 public key:\n", (unsigned)rep.generation);
	key_print_hex(sh, &got);
	return 0;
}

static long key_sign(struct shell *sh, const struct shell_key *k)
{
	const struct svc_key_sign_request req = {.message = (const uint8_t *)k->text,
						 .message_len = k->text_len};
	struct svc_key_sign_reply rep = {0};
	struct key_bytes got;
	long err = svc_key_sign_call(sh->key_ep, &req, &rep, SVC_CALL_TIMEOUT);

	if (err != 0)
		return shell_fail(sh, "key", "sign", err);
	key_take(&got, rep.sig, rep.sig_len);
	shell_printf(sh, "key: signed with generation %u:\n", (unsigned)rep.generation);
	key_print_hex(sh, &got);
	return 0;
}

static long key_verify(struct shell *sh, const struct shell_key *k)
{
	static uint8_t both[SVC_KEY_SIG_LEN + SVC_KEY_MESSAGE_MAX];
	struct svc_key_verify_request req = {.signed_message = both,
					     .signed_message_len = SVC_KEY_SIG_LEN + k->text_len};
	struct svc_key_verify_reply rep = {0};
	long err;

	memcpy(both, k->sig, SVC_KEY_SIG_LEN);
	memcpy(both + SVC_KEY_SIG_LEN, k->text, k->text_len);
	if ((err = svc_key_verify_call(sh->key_ep, &req, &rep, SVC_CALL_TIMEOUT)) != 0)
		return shell_fail(sh, "key", "verify", err);
	shell_printf(sh, "key: %s under generation %u\n", rep.valid ? "valid" : "NOT valid",
		     (unsigned)rep.generation);
	return 0;
}

static long key_rotate(struct shell *sh)
{
	const struct svc_key_rotate_request req = {0};
	struct svc_key_rotate_reply rep = {0};
	long err = svc_key_rotate_call(sh->key_ep, &req, &rep, SVC_CALL_TIMEOUT);

	if (err != 0)
		return shell_fail(sh, "key", "rotate", err);
	shell_printf(sh, "key: rotated to generation %u\n", (unsigned)rep.generation);
	return 0;
}

/* key pub | sign TEXT | verify SIG TEXT | rotate */
long cmd_key(struct shell *sh, const struct shell_cmd *c)
{
	struct shell_key k;
	struct shell_msg msg;
	long err = shell_key_parse(c->rest, c->rest_len, &k, &msg);

	if (err != 0) {
		shell_printf(sh, "%s\n", msg.text);
		return err;
	}
	if ((err = key_endpoint(sh, "key", &sh->key_ep)) != 0)
		return shell_fail(sh, "key", "lookup", err);
	switch (k.op) {
	case SHELL_KEY_PUB:
		return key_pub(sh);
	case SHELL_KEY_SIGN:
		return key_sign(sh, &k);
	case SHELL_KEY_VERIFY:
		return key_verify(sh, &k);
	case SHELL_KEY_ROTATE:
		return key_rotate(sh);
	}
	return ERR_INVAL;
}
