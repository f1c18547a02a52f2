/*
 * hosted: a C program as one would write it for any hosted system, built
 * against the Cairn SDK with no change and no glue (RFC-0020). The SDK's
 * hosted runtime gives it main's arguments (from its start block), stdio
 * on the console, a heap and exit. It greets its arguments, prints a
 * floating-point sum, keeps the lines it reads from standard input in
 * memory from malloc until end of file (Ctrl-D at the start of a line) or
 * an empty line, and prints them back numbered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct line {
	struct line *next;
	char text[];
};

/* The lines read, oldest first; their count. */
static unsigned read_lines(struct line **head)
{
	struct line **tail = head;
	char buf[256];
	unsigned n = 0;

	printf("type lines; an empty one or Ctrl-D ends\n> ");
	while (fgets(buf, sizeof(buf), stdin) != NULL && buf[0] != '\n') {
		size_t len = strlen(buf);
		struct line *l = malloc(sizeof(*l) + len + 1);

		if (l == NULL) {
			perror("hosted: malloc");
			break;
		}
		memcpy(l->text, buf, len + 1);
		l->next = NULL;
		*tail = l;
		tail = &l->next;
		n++;
		printf("> ");
	}
	return n;
}

int main(int argc, char **argv)
{
	struct line *head = NULL;
	double sum = 0.0;
	unsigned n;

	printf("%s: %d argument%s\n", argv[0], argc - 1, argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++) {
		sum += strtod(argv[i], NULL);
		printf("  argv[%d] = \"%s\"\n", i, argv[i]);
	}
	printf("their sum as numbers: %.6g\n", sum);
	n = read_lines(&head);
	printf("\n%u line%s:\n", n, n == 1 ? "" : "s");
	for (unsigned i = 1; head != NULL; i++) {
		struct line *next = head->next;

		printf("%3u  %s", i, head->text);
		free(head);
		head = next;
	}
	return EXIT_SUCCESS;
}
