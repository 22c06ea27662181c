/*
 * store.h - what every file timeslice keeps for a user has in common.
 *
 * Ids that are safe to write into a line and a file name, where state
 * lives (the XDG base directories), and writing a file so that a crash or
 * a full disk leaves either the old file or the new one, never half of
 * one and never a stray temporary. The progress file (progress.c) and the
 * presenter's place (presenter.c) are both written through here.
 */
#ifndef TIMESLICE_STORE_STORE_H
#define TIMESLICE_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest id a stored file accepts. */
#define STORE_ID_MAX 200

/*
 * Whether `s` is an id: one or more of [a-z0-9-], at most STORE_ID_MAX
 * bytes. It is the rule lessons apply to their own ids (lesson.c), so any
 * lesson or quiz id can be stored, and nothing read back from a file can
 * smuggle a space, a newline or a path into one.
 */
bool	 store_id_valid(const char *s);

/*
 * The path of state file `name`: $XDG_STATE_HOME/timeslice/NAME, or
 * $HOME/.local/state/timeslice/NAME. Relative values are ignored, as the
 * XDG specification asks. Allocated; NULL when neither is usable.
 */
char	*store_state_path(const char *name);

/*
 * The path of data file `name` ($XDG_DATA_HOME/timeslice/NAME, or
 * $HOME/.local/share/timeslice/NAME) and of cache file `name`
 * ($XDG_CACHE_HOME/timeslice/NAME, or $HOME/.cache/timeslice/NAME), by
 * the same rules. Allocated; NULL when neither is usable.
 */
char	*store_data_path(const char *name);
char	*store_cache_path(const char *name);

/*
 * Creates every missing folder on the way to the file `path` (mode 0700).
 * Returns 0, or -1 with errno set.
 */
int	 store_make_parents(const char *path);

/*
 * Replaces the file `path` with `len` bytes of `data`: its folders are
 * created, the bytes go to a temporary file in the same folder (so the
 * rename cannot cross file systems), written whole, fsync'ed, renamed over
 * `path`, and the folder is fsync'ed so the rename itself survives a
 * crash. On any failure the temporary file is removed; `path` is left as
 * it was, unless only the last step (the folder's fsync) failed, when the
 * new file is in place but may not survive a crash. Returns 0, or -1 with
 * *cause set.
 */
int	 store_write_atomic(const char *path, const void *data, size_t len,
	    char **cause);

#endif
