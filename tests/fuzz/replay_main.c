/*
 * replay_main.c - runs a fuzz target over its committed corpus, without
 * libFuzzer, so the unit suite (and its sanitizer builds) keeps every input
 * a fuzzing run once found interesting.
 *
 *	replay_<target> DIR|FILE...
 *
 * Each file is read whole and handed to LLVMFuzzerTestOneInput, the same
 * entry point libFuzzer calls; a target reports a broken invariant by
 * aborting, which fails the test. Files are fed in name order so a failure
 * is reproducible. Finding no input at all is a failure too: a corpus that
 * went missing must not pass as a clean run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a whole file into an allocated buffer; NULL on error. */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Feeds one file to the target; returns 0, or -1 if it cannot be read. */
static int
feed(const char *path)
{
	size_t len = 0;
	uint8_t *data = slurp(path, &len);

	if (data == NULL) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	/* Named first: if the target aborts, the log says on what. */
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

/* Only regular files in a corpus are inputs (no dot files). */
static int
is_input(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Feeds every input of `dir`; returns how many, or -1 on an error. */
static int
feed_dir(const char *dir)
{
	struct dirent **names;
	int n, fed = 0, rc = 0;

	if ((n = scandir(dir, &names, is_input, alphasort)) < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat sb;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (feed(path) != 0)
				rc = -1;
			else
				fed++;
		}
		free(names[i]);
	}
	free(names);
	return rc != 0 ? -1 : fed;
}

int
main(int argc, char **argv)
{
	int total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		int n;

		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(sb.st_mode))
			n = feed_dir(argv[i]);
		else
			n = feed(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no input found\n");
		return 1;
	}
	printf("replay: %d inputs, no crash\n", total);
	return 0;
}
