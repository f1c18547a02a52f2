/*
 * The shell's parts and what they share: its handles, its output buffer,
 * the clients of uartd and of init's supervisor it calls through, and one
 * function per command. main.c holds the command table and the input loop;
 * out.c the output and uartd's client; sup.c the supervisor's client;
 * cmd_*.c the commands, cmd_kv.c with statefsd's client, cmd_key.c with
 * rngd's and keystored's, cmd_run.c with the programs it starts. Line editing,
 * parsing (kv's too), `help` and `caps` lines are libshell's.
 */
#ifndef SHELL_H
#define SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "services/shell_handles.h"
#include "shell_cmd.h"
#include "shell_jobs.h"
#include "svc/supervisor.h"
#include "svc/uart.h"

/* The handles the shell starts with (manifest line in services/shell/README.md). */

#define SHELL_INPUT_BIT 1u /* the bit uartd sets in the shell's notification */

/*
 * The programs `run` starts (cmd_run.c, RFC-0020). The shell's quota (its
 * manifest line's max-*, services/shell_handles.h) holds its own share and
 * what it gives SHELL_PROGRAMS_MAX programs and their start blocks; cmd_run.c
 * checks that at build time. A program gets the full share of pages when the
 * shell has it left, else the rest, down to the least: a 64 MiB heap for one
 * program, a 16 MiB one for a second beside it. A heap grows by VMOs as large
 * as itself, at most 16 MiB (libhosted), so it takes 1, 2, 4, 8, 16, 32, 48,
 * 64 MiB: a share is a heap of that kind and 4 MiB for the program, its
 * stack and its page tables.
 */
#define SHELL_PROGRAMS_MAX	  2u
#define SHELL_START_VA		  0x2000010000ull /* a start block, mapped while it is written */
#define SHELL_CHILD_PRIORITY	  (CAIRN_PRIORITY_DEFAULT - 1u)		   /* below the services */
#define SHELL_CHILD_SELF_RIGHTS	  (RIGHT_DUP | RIGHT_ALLOC | RIGHT_MANAGE) /* as a service's */
#define SHELL_CHILD_THREADS	  4u
#define SHELL_CHILD_ENDPOINTS	  4u
#define SHELL_CHILD_NOTIFICATIONS 4u
#define SHELL_CHILD_VMOS	  16u /* a 64 MiB heap's 8 VMOs, and more */
#define SHELL_CHILD_PAGES	  (((64u + 4u) << 20) / CAIRN_PAGE_SIZE) /* the full share */
#define SHELL_CHILD_PAGES_SECOND  (((16u + 4u) << 20) / CAIRN_PAGE_SIZE) /* beside a full one */
#define SHELL_CHILD_PAGES_LEAST	  (((4u + 4u) << 20) / CAIRN_PAGE_SIZE)	 /* below: no room */
/* The shell's own share: CAIRN_QUOTA_DEFAULT's, which it ran with before it ran programs. */
#define SHELL_OWN_THREADS	4u
#define SHELL_OWN_ENDPOINTS	4u
#define SHELL_OWN_NOTIFICATIONS 4u
#define SHELL_OWN_VMOS		4u
#define SHELL_OWN_PAGES		512u
/* The pages the programs share: the line's, less the shell's own and a page per block. */
#define SHELL_PROGRAM_PAGES (SHELL_MAX_PAGES - SHELL_OWN_PAGES - SHELL_PROGRAMS_MAX)

struct shell {
	const cairn_handle_t *handles; /* [0..H_COUNT) */
	cairn_handle_t notify;	       /* uartd signals SHELL_INPUT_BIT here when input comes */
	char out[SVC_UART_WRITE_MAX];  /* output not yet written to uartd */
	uint32_t out_len;
	long out_err;  /* the first write error since the last shell_flush */
	bool stopping; /* init took SHUTDOWN: no more prompts, no more commands */
	/* kv's window (cmd_kv.c): a page made and mapped on the first kv, then kept */
	cairn_handle_t kv_vmo;
	uint8_t *kv_window; /* where it is mapped; NULL before the first kv */
	bool kv_attached;   /* statefsd took it (ATTACH) since it last lost it */
	/* rngd's and keystored's endpoints (cmd_key.c): looked up in the registry on first use */
	cairn_handle_t rng_ep;
	cairn_handle_t key_ep;
	/* rtcd's endpoint (cmd_ops.c): looked up in the registry on first use */
	cairn_handle_t rtc_ep;
	/* run (cmd_run.c): the programs started, and the shell's badge, found on first use */
	struct shell_jobs jobs;
	uint64_t badge;
};

/* ---- output (out.c) ---- */

/* Queues len bytes for uartd, each '\n' as "\r\n"; writes whenever the buffer fills. */
void shell_put(struct shell *sh, const char *bytes, size_t len);
__attribute__((format(printf, 2, 3))) void shell_printf(struct shell *sh, const char *fmt, ...);
/* Writes what is queued. 0, or the first error of any write since the last flush. */
long shell_flush(struct shell *sh);
/* "shell: <cmd>: <what>: <ERR_NAME>\n", and err back, so a command can `return shell_fail(...)`. */
long shell_fail(struct shell *sh, const char *cmd, const char *what, long err);

/* ---- uartd's client (out.c) ---- */

/* Takes up to max (<= SVC_UART_READ_MAX) typed bytes into out; *ret_len may be 0. */
long shell_uart_read(cairn_handle_t uart, uint8_t *out, uint32_t max, uint32_t *ret_len);
/* Asks uartd to signal `bits` in notify when input comes. */
long shell_uart_subscribe(cairn_handle_t uart, cairn_handle_t notify, uint32_t bits);

/* ---- init's supervisor client (sup.c) ---- */

long shell_sup_list(cairn_handle_t sup, uint32_t index, struct svc_supervisor_list_reply *ret);
/* The service called name: its index and entry. ERR_NOTFOUND when none is. */
long shell_sup_find(cairn_handle_t sup, const char *name, uint32_t *ret_index,
		    struct svc_supervisor_list_reply *ret);
/* The badge a service's name stands for: init's, or SUPERVISOR_BADGE_FIRST + its index. */
long shell_sup_badge(cairn_handle_t sup, const char *name, uint64_t *ret_badge);
long shell_sup_kill(cairn_handle_t sup, const char *name);
long shell_sup_shutdown(cairn_handle_t sup);

/* Waits up to `ns` nanoseconds (or less, if input comes) without spinning. */
void shell_sleep(struct shell *sh, uint64_t ns);

/*
 * ---- the commands (cmd_info.c, cmd_ops.c) ----
 * Each prints its output and returns 0, or a negative error after printing
 * one line saying why.
 */
long cmd_help(struct shell *sh, const struct shell_cmd *c);
long cmd_ps(struct shell *sh, const struct shell_cmd *c);
long cmd_svc(struct shell *sh, const struct shell_cmd *c);
long cmd_log(struct shell *sh, const struct shell_cmd *c);
long cmd_caps(struct shell *sh, const struct shell_cmd *c);
long cmd_policy(struct shell *sh, const struct shell_cmd *c);
long cmd_bench(struct shell *sh, const struct shell_cmd *c);
long cmd_crash(struct shell *sh, const struct shell_cmd *c);
long cmd_uptime(struct shell *sh, const struct shell_cmd *c);
long cmd_date(struct shell *sh, const struct shell_cmd *c);
long cmd_disk(struct shell *sh, const struct shell_cmd *c);
long cmd_kv(struct shell *sh, const struct shell_cmd *c);
long cmd_rng(struct shell *sh, const struct shell_cmd *c);
long cmd_key(struct shell *sh, const struct shell_cmd *c);
long cmd_shutdown(struct shell *sh, const struct shell_cmd *c);
long cmd_run(struct shell *sh, const struct shell_cmd *c);

/* ---- the programs run started (cmd_run.c) ---- */

/* Says how each background program that ended since the last look ended; waits for none. */
void shell_programs_reap(struct shell *sh);
/* ps's rows of the programs, under their header; nothing when there are none. */
void shell_programs_ps(struct shell *sh);
/* Ends every program still running and says so (before a shutdown). */
void shell_programs_end(struct shell *sh);

#endif /* SHELL_H */
