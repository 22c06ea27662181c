/*
 * presenter.h - where the presenter is, for the speaker-notes terminal.
 *
 * An instructor runs `timeslice --presenter` on the projector and
 * `timeslice notes` in a second terminal. The presenter's pager publishes
 * the lesson and block on screen to one small file; the notes screen
 * watches that file and shows the notes of that part of the lesson. A
 * file (replaced atomically by rename) needs no server, survives either
 * side restarting, and works across terminals of one user.
 */
#ifndef TIMESLICE_STORE_PRESENTER_H
#define TIMESLICE_STORE_PRESENTER_H

#define PRESENTER_ID_MAX 64
#define PRESENTER_BLOCK_MAX 1000000

struct presenter_place {
	char	lesson[PRESENTER_ID_MAX];	/* lesson id */
	char	lang[8];			/* a language code (lang.h) */
	int	block;				/* top block on screen */
};

/*
 * The file: $TIMESLICE_PRESENTER if set, else
 * $XDG_RUNTIME_DIR/timeslice-presenter, else the state file "presenter"
 * (store_state_path). Allocated; NULL if no home can be found.
 */
char	*presenter_path(void);

/*
 * Publishes a place, replacing the file atomically (store_write_atomic).
 * Returns 0, or -1 with *cause set (also for a place that could not be
 * read back: an id outside store_id_valid, a block out of range).
 */
int	 presenter_publish(const char *path, const struct presenter_place *,
	    char **cause);

/*
 * Reads the place at `path`. Returns 0, or -1 when the file is missing or
 * malformed (a presenter that has not started yet is not an error for
 * the caller to report).
 */
int	 presenter_read(const char *path, struct presenter_place *);

#endif
