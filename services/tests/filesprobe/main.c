/*
 * filesprobe: a hosted program (RFC-0020) that init starts with a store of
 * its own and the boot image, proving the file layer through picolibc's
 * stdio. It writes a file of the store that spans all three of its values
 * with fopen/fwrite/fflush/fsync/fclose (picolibc's fclose does not pass
 * close's answer on; fsync's says whether the store took it), reads it back with fopen/fread and
 * checks every byte, checks that a file of the boot image reads (the manifest starts with '#') and
 * that opening it for writing is refused with EROFS, and only then prints its marker. Any failure
 * prints why and exits 1.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cairn/markers.h"
#include "hosted_file.h"

#define FILES_NAME "probe.dat"

static unsigned char wrote[HOSTED_STORE_FILE_MAX];
static unsigned char read_back[HOSTED_STORE_FILE_MAX + 1];

static int fail(const char *what)
{
	(void)printf("filesprobe: %s: %s\n", what, strerror(errno));
	return 1;
}

/* The whole file written, stored (fsync: the store's COMMIT) and closed. */
static int write_file(void)
{
	FILE *f = fopen(FILES_NAME, "wb");

	if (f == NULL)
		return fail("fopen for writing");
	for (size_t i = 0; i < sizeof(wrote); i++)
		wrote[i] = (unsigned char)(i * 7u + i / 251u);
	if (fwrite(wrote, 1, sizeof(wrote), f) != sizeof(wrote))
		return fail("fwrite");
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		return fail("fsync");
	if (fclose(f) != 0)
		return fail("fclose");
	return 0;
}

static int read_file(void)
{
	FILE *f = fopen(FILES_NAME, "rb");
	size_t got;

	if (f == NULL)
		return fail("fopen for reading");
	got = fread(read_back, 1, sizeof(read_back), f);
	(void)fclose(f);
	if (got != sizeof(wrote) || memcmp(read_back, wrote, sizeof(wrote)) != 0) {
		(void)printf("filesprobe: read back %zu bytes, not the %zu written\n", got,
			     sizeof(wrote));
		return 1;
	}
	return 0;
}

/* /boot/manifest reads, and is not for writing. */
static int boot_file(void)
{
	FILE *f = fopen("/boot/manifest", "r");
	int c;

	if (f == NULL)
		return fail("fopen /boot/manifest");
	c = fgetc(f);
	(void)fclose(f);
	if (c != '#') {
		(void)printf("filesprobe: /boot/manifest starts with %d\n", c);
		return 1;
	}
	errno = 0;
	f = fopen("/boot/manifest", "w");
	if (f != NULL || errno != EROFS) {
		if (f != NULL)
			(void)fclose(f);
		(void)printf("filesprobe: /boot/manifest opened for writing (errno %d)\n", errno);
		return 1;
	}
	return 0;
}

int main(void)
{
	if (write_file() != 0 || read_file() != 0 || boot_file() != 0)
		return 1;
	(void)printf("%s\n", MARKER_HOSTED_FILES);
	return 0;
}
