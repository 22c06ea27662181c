/*
 * load.c - Chrome trace JSON back into a trace and a log.
 *
 * Lanes come from thread_name metadata (timeslice writes the lane index
 * and kind into its args; foreign traces get lanes in order of
 * appearance), state slices become state events, and slices on a lock
 * track ("GIL 0", "lock 1") become acquire/release pairs on the lane that
 * the slice names. The events are then pushed through the ordinary rings
 * and log, so a replayed run is read exactly like a live one.
 */
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/load.h"
#include "util.h"

/* Offset added to every timestamp: a log treats 0 as "no event yet". */
#define BASE_NS LOAD_BASE_NS

struct pending {
	uint64_t	ts;
	uint8_t		type, state, order;
	int16_t		cpu;
	uint32_t	arg;
};

struct lane_in {
	int		 pid, tid;
	int		 lock;		/* lock id if a lock track, else -1 */
	int		 lane;		/* trace lane, or -1 */
	struct pending	*ev;
	size_t		 n, cap;
	uint64_t	 end;
};

struct loader {
	const char	*path;
	struct lane_in	 in[TRACE_MAX_LANES + 16];
	int		 nin;
	char		*cause;
};

/* Reads a whole file, refusing anything larger than LOAD_MAX_BYTES. */
static char *
read_file(const char *path, size_t *len, char **cause)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL) {
		xasprintf(cause, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n == cap) {
			if (cap >= LOAD_MAX_BYTES) {
				xasprintf(cause, "%s: larger than %u MiB", path,
				    LOAD_MAX_BYTES >> 20);
				free(buf);
				fclose(f);
				return NULL;
			}
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		xasprintf(cause, "%s: cannot read: %s", path, strerror(errno));
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Line and column (1-based) of byte `off` in `s`. */
static void
line_col(const char *s, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

static int
get_num(json_object *o, const char *k, double *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !(json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double)))
		return -1;
	*out = json_object_get_double(v);
	return isfinite(*out) ? 0 : -1;
}

static int
get_int(json_object *o, const char *k, int *out)
{
	double v;

	if (get_num(o, k, &v) != 0 || v < -2147483648.0 || v > 2147483647.0)
		return -1;
	*out = (int)v;
	return 0;
}

static const char *
get_str(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The input lane for pid/tid, created if `create`; NULL when full. */
static struct lane_in *
find_in(struct loader *ld, int pid, int tid, int create)
{
	for (int i = 0; i < ld->nin; i++)
		if (ld->in[i].pid == pid && ld->in[i].tid == tid)
			return &ld->in[i];
	if (!create || ld->nin == (int)(sizeof ld->in / sizeof ld->in[0]))
		return NULL;
	memset(&ld->in[ld->nin], 0, sizeof ld->in[0]);
	ld->in[ld->nin].pid = pid;
	ld->in[ld->nin].tid = tid;
	ld->in[ld->nin].lock = -1;
	ld->in[ld->nin].lane = -1;
	return &ld->in[ld->nin++];
}

static void
add_pending(struct lane_in *li, uint64_t ts, int type, int state, int order,
    int cpu, uint32_t arg)
{
	if (li->n == li->cap) {
		li->cap = li->cap ? li->cap * 2 : 64;
		li->ev = xreallocarray(li->ev, li->cap, sizeof *li->ev);
	}
	li->ev[li->n].ts = ts;
	li->ev[li->n].type = (uint8_t)type;
	li->ev[li->n].state = (uint8_t)state;
	li->ev[li->n].order = (uint8_t)order;
	li->ev[li->n].cpu = (int16_t)cpu;
	li->ev[li->n].arg = arg;
	li->n++;
}

/*
 * Same instant: releases, then state changes, then acquires, then the
 * releases of holds that began at that very instant.
 */
static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (int)x->order - (int)y->order;
}

static int
state_from_name(const char *name)
{
	for (int s = TRACE_RUN; s < TRACE_STATE_COUNT; s++)
		if (strcmp(trace_state_name((enum trace_state)s), name) == 0)
			return s;
	return TRACE_RUN;	/* a foreign slice: it was doing something */
}

/* First pass: metadata, which names every lane and lock track. */
static int
read_metadata(struct loader *ld, json_object *evs, struct trace *t)
{
	size_t n = json_object_array_length(evs);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(evs, i), *args;
		const char *ph, *nm, *name;
		struct lane_in *li;
		int pid, tid;
		unsigned lock;

		if (!json_object_is_type(e, json_type_object) ||
		    (ph = get_str(e, "ph")) == NULL || strcmp(ph, "M") != 0)
			continue;
		nm = get_str(e, "name");
		if (nm == NULL || strcmp(nm, "thread_name") != 0)
			continue;
		if (get_int(e, "pid", &pid) != 0 || get_int(e, "tid", &tid) != 0 ||
		    !json_object_object_get_ex(e, "args", &args) ||
		    (name = get_str(args, "name")) == NULL) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: thread_name "
			    "needs pid, tid and args.name", ld->path, i);
			return -1;
		}
		if ((li = find_in(ld, pid, tid, 1)) == NULL) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: more than %d "
			    "threads", ld->path, i, TRACE_MAX_LANES);
			return -1;
		}
		if ((sscanf(name, "GIL %u", &lock) == 1 ||
		    sscanf(name, "lock %u", &lock) == 1) &&
		    get_str(args, "kind") == NULL) {
			li->lock = (int)lock;
			continue;
		}
		if (li->lane >= 0)
			continue;
		{
			const char *k = get_str(args, "kind");
			enum trace_kind kind = TRACE_KIND_THREAD;

			if (k != NULL && strcmp(k, "process") == 0)
				kind = TRACE_KIND_PROCESS;
			else if (k != NULL && strcmp(k, "task") == 0)
				kind = TRACE_KIND_TASK;
			li->lane = trace_lane_add(t, name, kind, pid);
			if (li->lane < 0) {
				xasprintf(&ld->cause, "%s: traceEvents[%zu]: more "
				    "than %d lanes", ld->path, i, TRACE_MAX_LANES);
				return -1;
			}
			atomic_store(&t->lanes[li->lane].pid, pid);
			atomic_store(&t->lanes[li->lane].tid, tid);
			/* A task's track is not its thread: take the real one. */
			if (get_int(args, "os_tid", &tid) == 0 && tid > 0)
				atomic_store(&t->lanes[li->lane].tid, tid);
		}
	}
	return 0;
}

/* The lane whose name is `name`, or -1. */
static int
lane_named(const struct trace *t, const char *name)
{
	for (int i = 0; i < trace_nlanes(t); i++)
		if (strcmp(t->lanes[i].name, name) == 0)
			return i;
	return -1;
}

/* Second pass: slices, checked one by one. */
static int
read_slices(struct loader *ld, json_object *evs, struct trace *t)
{
	size_t n = json_object_array_length(evs);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(evs, i), *args;
		const char *ph, *name;
		struct lane_in *li, *owner;
		double ts, dur;
		int pid, tid, cpu = -1, lane, lock = 0;
		uint64_t s, end;

		if (!json_object_is_type(e, json_type_object)) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: not an "
			    "object", ld->path, i);
			return -1;
		}
		if ((ph = get_str(e, "ph")) == NULL) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: no \"ph\"",
			    ld->path, i);
			return -1;
		}
		if (strcmp(ph, "X") != 0)
			continue;
		if (get_int(e, "pid", &pid) != 0 || get_int(e, "tid", &tid) != 0 ||
		    get_num(e, "ts", &ts) != 0 || get_num(e, "dur", &dur) != 0 ||
		    (name = get_str(e, "name")) == NULL) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: a slice needs "
			    "name, pid, tid, ts and dur", ld->path, i);
			return -1;
		}
		if (ts < 0 || dur < 0 || ts > 1e13 || dur > 1e13) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: ts or dur "
			    "out of range", ld->path, i);
			return -1;
		}
		if (json_object_object_get_ex(e, "args", &args)) {
			get_int(args, "cpu", &cpu);
			get_int(args, "lock", &lock);
		}
		if (lock < 0)
			lock = 0;
		if (cpu < -1 || cpu > 4095)
			cpu = -1;
		s = BASE_NS + (uint64_t)llround(ts * 1e3);
		end = s + (uint64_t)llround(dur * 1e3);
		li = find_in(ld, pid, tid, 1);
		if (li == NULL) {
			xasprintf(&ld->cause, "%s: traceEvents[%zu]: too many "
			    "threads", ld->path, i);
			return -1;
		}
		if (li->lock >= 0) {
			if ((lane = lane_named(t, name)) < 0)
				continue;	/* a hold by a lane we do not know */
			owner = NULL;
			for (int k = 0; k < ld->nin; k++)
				if (ld->in[k].lane == lane)
					owner = &ld->in[k];
			if (owner == NULL)
				continue;
			add_pending(owner, s, TRACE_EV_ACQUIRE, TRACE_NONE, 2, cpu,
			    (uint32_t)li->lock);
			/* An empty hold releases after its own acquire. */
			add_pending(owner, end, TRACE_EV_RELEASE, TRACE_NONE,
			    end == s ? 3 : 0, cpu, (uint32_t)li->lock);
			/* The lane lasts until its last event, a hold's too. */
			if (end > owner->end)
				owner->end = end;
			continue;
		}
		if (li->lane < 0) {
			/* A thread with no name: name it after its tid. */
			char nm[TRACE_NAME_MAX];

			snprintf(nm, sizeof nm, "tid %d", tid);
			if ((li->lane = trace_lane_add(t, nm, TRACE_KIND_THREAD,
			    pid)) < 0) {
				xasprintf(&ld->cause, "%s: traceEvents[%zu]: more "
				    "than %d lanes", ld->path, i, TRACE_MAX_LANES);
				return -1;
			}
			atomic_store(&t->lanes[li->lane].pid, pid);
			atomic_store(&t->lanes[li->lane].tid, tid);
		}
		add_pending(li, s, TRACE_EV_STATE, state_from_name(name), 1, cpu,
		    (uint32_t)lock);
		if (end > li->end)
			li->end = end;
	}
	return 0;
}

int
load_chrome(const char *path, struct trace **tp, struct log *lg, char **title,
    char **cause)
{
	return load_chrome_meta(path, tp, lg, title, NULL, cause);
}

int
load_chrome_meta(const char *path, struct trace **tp, struct log *lg,
    char **title, struct json_object **meta, char **cause)
{
	struct loader *ld = xcalloc(1, sizeof *ld);
	struct json_tokener *tok;
	json_object *root = NULL, *evs = NULL, *other;
	struct trace *t = NULL;
	uint64_t last = 0;
	size_t len;
	char *text;
	int rc = -1;

	*tp = NULL;
	*title = NULL;
	if (meta != NULL)
		*meta = NULL;
	ld->path = path;
	if ((text = read_file(path, &len, cause)) == NULL) {
		free(ld);
		return -1;
	}
	tok = json_tokener_new_ex(64);
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (root == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset < (int)len) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		size_t off = (size_t)tok->char_offset;
		int line, col;

		/* Trailing whitespace after a complete value is fine. */
		if (root != NULL && je == json_tokener_success &&
		    strspn(text + off, " \t\r\n") == len - off)
			goto parsed;
		line_col(text, off, &line, &col);
		xasprintf(cause, "%s:%d:%d: %s", path, line, col,
		    je == json_tokener_success ? "unexpected text after the "
		    "trace" : je == json_tokener_continue ? "unexpected end of "
		    "file" : json_tokener_error_desc(je));
		goto out;
	}
parsed:
	if (json_object_is_type(root, json_type_array))
		evs = root;
	else if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "traceEvents", &evs) ||
	    !json_object_is_type(evs, json_type_array)) {
		xasprintf(cause, "%s:1:1: not a Chrome trace (no traceEvents "
		    "array)", path);
		goto out;
	}
	if (json_object_is_type(root, json_type_object) &&
	    json_object_object_get_ex(root, "otherData", &other) &&
	    get_str(other, "scenario") != NULL)
		*title = xstrdup(get_str(other, "scenario"));
	else
		*title = xstrdup("replay");
	if ((t = trace_new(4096, cause)) == NULL)
		goto out;
	if (read_metadata(ld, evs, t) != 0 || read_slices(ld, evs, t) != 0) {
		*cause = ld->cause;
		ld->cause = NULL;
		goto out;
	}
	log_init(lg, t);
	for (int k = 0; k < ld->nin; k++) {
		struct lane_in *li = &ld->in[k];

		if (li->lane < 0 || li->n == 0)
			continue;
		qsort(li->ev, li->n, sizeof *li->ev, cmp_pending);
		add_pending(li, li->end, TRACE_EV_STATE, TRACE_DONE, 1, -1, 0);
		for (size_t i = 0; i < li->n; i++) {
			struct trace_event ev;

			ev.ts_ns = li->ev[i].ts;
			ev.type = li->ev[i].type;
			ev.state = li->ev[i].state;
			ev.cpu = li->ev[i].cpu;
			ev.arg = li->ev[i].arg;
			while (trace_ring_push(&t->lanes[li->lane].ring, &ev) != 0)
				log_poll(lg);
		}
		log_poll(lg);
		if (li->end > last)
			last = li->end;
	}
	/* Every lane is in the log, those without a slice too. */
	log_poll(lg);
	/* The pushes above that had to wait were counted as drops: undo. */
	for (int i = 0; i < trace_nlanes(t); i++)
		atomic_store(&t->lanes[i].ring.dropped, 0);
	log_close(lg, last);
	if (meta != NULL && json_object_is_type(root, json_type_object) &&
	    json_object_object_get_ex(root, "timeslice", &other) &&
	    json_object_is_type(other, json_type_object))
		*meta = json_object_get(other);
	*tp = t;
	t = NULL;
	rc = 0;
out:
	if (rc != 0) {
		free(*title);
		*title = NULL;
	}
	for (int k = 0; k < ld->nin; k++)
		free(ld->in[k].ev);
	free(ld->cause);
	free(ld);
	trace_free(t);
	if (root != NULL)
		json_object_put(root);
	json_tokener_free(tok);
	free(text);
	return rc;
}
