/*
 * The shell's commands: one table of {name, arguments, one-line help} from
 * which both the parser and the `help` text are made, so they cannot drift.
 *
 * The table is in shell_cmd.c; `help` prints it (shell_help_line), and the
 * host tests check that text line by line.
 *
 * A line is split into words at spaces and tabs. Words are only bounded
 * here (SHELL_WORD_MAX bytes); the service that receives them checks them
 * against its own rules. A number is decimal digits only. A command may
 * instead take the rest of the line after its words as raw text (`kv`,
 * whose value keeps its spaces; `key`; `run`, which takes any number of
 * words), which its own sub-parser reads. A refused line gets a typed error
 * and one line of text for the user, such as "shell: unknown command 'foo'
 * (try help)" or "shell: log: N must be 1..64".
 *
 * Pure: no I/O, no globals, caller-provided storage. It does not run the
 * commands; the shell daemon does.
 */
#ifndef SHELL_CMD_H
#define SHELL_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "shell_line.h"
#include "svcname.h"

#define SHELL_WORD_MAX	SVCNAME_MAX /* bytes in one word argument, without a NUL */
#define SHELL_WORDS_MAX 3u	    /* word arguments one command takes at most */

enum shell_cmd_id {
	SHELL_CMD_NONE = 0, /* an empty line: do nothing */
	SHELL_CMD_HELP,
	SHELL_CMD_PS,
	SHELL_CMD_SVC,
	SHELL_CMD_LOG,
	SHELL_CMD_CAPS,
	SHELL_CMD_POLICY,
	SHELL_CMD_BENCH,
	SHELL_CMD_CRASH,
	SHELL_CMD_UPTIME,
	SHELL_CMD_DATE,
	SHELL_CMD_DISK,
	SHELL_CMD_KV,
	SHELL_CMD_RNG,
	SHELL_CMD_KEY,
	SHELL_CMD_RUN,
	SHELL_CMD_SHUTDOWN, /* the last */
};

/* A parsed command. Fields a command does not take are zero. */
struct shell_cmd {
	enum shell_cmd_id id;
	uint32_t count;	 /* log's and bench's N, the default when not given */
	uint32_t nwords; /* the words given */
	/* policy's three, crash's name; NUL-terminated */
	char words[SHELL_WORDS_MAX][SHELL_WORD_MAX + 1];
	/*
	 * kv's, key's and run's arguments: the line after the command's
	 * words and the blanks that follow them, to its end, trailing blanks
	 * kept; NUL-terminated.
	 */
	char rest[SHELL_LINE_MAX + 1];
	uint32_t rest_len;
};

/* The longest message shell_parse writes, without its NUL (an unknown command of a whole line). */
#define SHELL_MSG_MAX (SHELL_LINE_MAX + 40u)

/* One line of text for the user. */
struct shell_msg {
	char text[SHELL_MSG_MAX + 1]; /* NUL-terminated */
	uint32_t len;
};

/*
 * Parses line[0..len) into *ret_cmd; a line of only spaces and tabs gives
 * SHELL_CMD_NONE. On failure writes one line saying why to *err (when not
 * NULL) and leaves *ret_cmd untouched: ERR_NOTFOUND for an unknown command,
 * ERR_INVAL for a wrong number of arguments, a bad number or a byte that is
 * not printable ASCII, ERR_RANGE for a number outside the command's limits,
 * ERR_TOOLONG for a word longer than SHELL_WORD_MAX or a line longer than
 * SHELL_LINE_MAX.
 */
int shell_parse(const char *line, size_t len, struct shell_cmd *ret_cmd, struct shell_msg *err);

/* The longest line shell_help_line writes, without its NUL. */
#define SHELL_HELP_LINE_MAX 96u

/*
 * Writes the help line of the index-th command (from 0, in table order) to
 * buf, NUL-terminated, and its length to *ret_len. ERR_NOTFOUND past the
 * last command; ERR_NOSPC when it does not fit in size bytes (buf untouched);
 * SHELL_HELP_LINE_MAX + 1 bytes always fit.
 */
int shell_help_line(unsigned index, char *buf, size_t size, size_t *ret_len);

#endif /* SHELL_CMD_H */
