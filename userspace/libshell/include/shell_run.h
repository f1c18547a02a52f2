/*
 * The `run` command's sub-parser: reads the rest of a `run` line (shell_cmd's
 * `rest`) into the program's name, its argument vector and whether it runs in
 * the background, which the shell then writes into the program's start block
 * (RFC-0020):
 *
 *   run NAME [ARGS...] [&]
 *
 * The words are split at spaces and tabs (shell_words.h; no quoting).
 * argv[0] is NAME, then each ARG as typed. NAME must be a name policyd's
 * rules can speak of (svcname.h: a lowercase letter, then lowercase letters,
 * digits, '-' or '_', at most SVCNAME_MAX bytes), which every such program
 * name of the boot image also is. A trailing `&`, a word of its own or the
 * last byte of the last word, asks for the background and is not an
 * argument. At most SHELL_RUN_ARGS_MAX words, NAME included: the start
 * block's bound. A block of a whole line's words always fits its page (the
 * shell checks that at build time), so the page bound is never reached from
 * here. Whether NAME is in the boot image and whether the shell may start it
 * is the shell's and policyd's to say.
 *
 * Pure: no I/O, no globals, caller-provided storage.
 */
#ifndef SHELL_RUN_H
#define SHELL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shell_cmd.h"
#include "shell_line.h"
#include "svcname.h"

#define SHELL_RUN_ARGS_MAX 64u	       /* words: NAME and its arguments (START_ARGS_MAX) */
#define SHELL_RUN_NAME_MAX SVCNAME_MAX /* bytes of NAME */
#define SHELL_RUN_TEXT_MAX (SHELL_LINE_MAX + 1u) /* bytes of the words, each with its NUL */

/*
 * A parsed `run` line. argv points into text, so a struct shell_run is used
 * where shell_run_parse wrote it and is not copied.
 */
struct shell_run {
	char text[SHELL_RUN_TEXT_MAX]; /* the words, each NUL-terminated, one after the other */
	const char *argv[SHELL_RUN_ARGS_MAX + 1]; /* argv[0] is NAME; argv[argc] is NULL */
	uint32_t argc;				  /* 1..SHELL_RUN_ARGS_MAX */
	bool background;			  /* a trailing `&` */
};

/*
 * Parses rest[0..len), the text after `run`, into *ret_run. On failure
 * writes one line saying why to *err (when not NULL), as "shell: run: ...",
 * and leaves *ret_run untouched: ERR_INVAL for no NAME (only blanks or a
 * lone `&`) or a NAME that breaks the name rule; ERR_TOOLONG for a NAME over
 * SHELL_RUN_NAME_MAX bytes or a text over SHELL_LINE_MAX bytes; ERR_RANGE
 * for more than SHELL_RUN_ARGS_MAX words.
 */
int shell_run_parse(const char *rest, size_t len, struct shell_run *ret_run, struct shell_msg *err);

#endif /* SHELL_RUN_H */
