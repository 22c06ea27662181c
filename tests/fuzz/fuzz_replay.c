/*
 * fuzz_replay.c - libFuzzer target for the replay-file reader.
 *
 * `timeslice replay FILE` reads Chrome traces people download and pass
 * around, so any bytes must either load into a trace and a log that keep
 * the log's own invariants, or be refused with a located message; never
 * crash, hang, leak or allocate without bound. The input goes through a
 * memory file so the whole of load_chrome runs, reading included; a trace
 * that loads then goes where `timeslice replay` sends it (the figures of
 * every lane, the text timeline, the Chrome export), and what timeslice
 * exports it must read back, with the same lanes. Built
 * with libFuzzer by tests/fuzz/run_replay.sh; the unit suite replays the
 * committed corpus through the same function (tests/fuzz/replay_main.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace/export.h"
#include "trace/load.h"
#include "trace/stats.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run the way libFuzzer and the replay driver both report. */
static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_replay: %s\n", what);
	abort();
}

/* Checks what the log promises of every loaded lane and hold. */
static void
check_log(const struct log *lg)
{
	if (lg->disorder != 0)
		broken("events reached the log out of time order");
	for (size_t h = 0; h < lg->nholds; h++)
		if (lg->holds[h].end_ns < lg->holds[h].start_ns)
			broken("a hold ends before it starts");
	for (int i = 0; i < lg->nlanes; i++) {
		const struct log_lane *ll = &lg->lanes[i];

		for (size_t k = 0; k < ll->niv; k++) {
			if (ll->iv[k].end_ns < ll->iv[k].start_ns)
				broken("an interval ends before it starts");
			if (k + 1 < ll->niv &&
			    ll->iv[k].end_ns != ll->iv[k + 1].start_ns)
				broken("intervals of a lane do not abut");
		}
	}
}

/* A memory file holding `size` bytes of `data`; its path in *path. */
static void
put(int *fd, char *path, size_t cap, const char *name, const void *data,
    size_t size)
{
	if (*fd == -1) {
		if ((*fd = memfd_create(name, 0)) == -1)
			broken("memfd_create failed");
		snprintf(path, cap, "/proc/self/fd/%d", *fd);
	}
	if (ftruncate(*fd, 0) != 0 ||
	    (size > 0 && pwrite(*fd, data, size, 0) != (ssize_t)size))
		broken("cannot write the input to the memory file");
}

/* What `timeslice replay` does with a loaded trace, into memory. */
static char *
replay_outputs(const struct log *lg, const char *title, size_t *len)
{
	char *text = NULL, *chrome = NULL;
	size_t tlen = 0;
	FILE *f;

	for (int i = 0; i < lg->nlanes; i++) {
		struct lane_stats st;

		stats_lane(lg, i, log_last_ns(lg), &st);
	}
	if ((f = open_memstream(&text, &tlen)) == NULL)
		broken("open_memstream failed");
	export_text(f, lg, 100);
	fclose(f);
	free(text);
	if ((f = open_memstream(&chrome, len)) == NULL)
		broken("open_memstream failed");
	if (export_chrome(f, lg, title) != 0)
		broken("a loaded trace that cannot be exported");
	fclose(f);
	return chrome;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1, fd2 = -1;
	static char path[64], path2[64];
	struct trace *t, *t2;
	struct log lg, lg2;
	char *title = NULL, *title2 = NULL, *cause = NULL, *out;
	size_t len = 0;

	put(&fd, path, sizeof path, "fuzz-replay.json", data, size);
	if (load_chrome(path, &t, &lg, &title, &cause) != 0) {
		if (cause == NULL || strncmp(cause, path, strlen(path)) != 0)
			broken("a refusal that does not name the file");
		free(cause);
		return 0;
	}
	if (title == NULL || t == NULL)
		broken("a loaded trace without a title or a trace");
	check_log(&lg);
	out = replay_outputs(&lg, title, &len);
	put(&fd2, path2, sizeof path2, "fuzz-replay-again.json", out, len);
	if (load_chrome(path2, &t2, &lg2, &title2, &cause) != 0) {
		fprintf(stderr, "fuzz_replay: %s\n", cause);
		broken("timeslice cannot read back what it exported");
	}
	if (lg2.nlanes != lg.nlanes)
		broken("the lanes changed in an export and a reload");
	check_log(&lg2);
	free(out);
	free(title2);
	log_release(&lg2);
	trace_free(t2);
	free(title);
	log_release(&lg);
	trace_free(t);
	return 0;
}
