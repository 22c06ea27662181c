/*
 * load.c - Chrome trace JSON back into a trace and a log.
 *
 * Lanes come from thread_name metadata (timeslice writes the lane index
 * and kind into its args; foreign traces get lanes in order of
 * appearance), state slices become state events, and slices on a lock
 * track ("GIL 0", "lock 1") become acquire/release pairs on the lane that
 * the slice names. The events are then pushed through the ordinary rings
 * and log, so a replayed run is read exactly like a live one.
 *
 * The file is never turned into one tree: json-c spends some twenty times
 * a file's size on its objects. A scanner checks the whole text's syntax
 * without building anything, finds the traceEvents array, and each event
 * is then parsed on its own and freed. Peak memory is the text, the
 * pending events (at most about the text's size) and the log's window.
 * The recording's own description (the top-level "timeslice" object a
 * timeslice recording ends with) is small, and parsed whole for the
 * caller.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/export.h"
#include "trace/load.h"
#include "util.h"

/* Offset added to every timestamp: a log treats 0 as "no event yet". */
#define BASE_NS LOAD_BASE_NS
/* Largest single event we parse, and deepest nesting we accept. */
#define LOAD_MAX_EVENT (64u << 10)
#define LOAD_MAX_DEPTH 64

/* The scanner's place in the text, and the first problem it met. */
struct scan {
	const char	*s;
	size_t		 len, pos;
	const char	*err;		/* NULL while the text is fine */
};

/* One event after another from the traceEvents array. */
struct events {
	struct loader		*ld;
	const char		*s;
	size_t			 len;
	size_t			 start;	/* the '[' */
	size_t			 pos;	/* where we are */
	size_t			 index;	/* of the event returned last */
	json_object		*cur;
	struct json_tokener	*tok;
	const char		*need;	/* skip events without it */
};

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
	FILE *f = fopen_regular(path, "rb", cause);
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
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

/* Skips blanks. */
static void
scan_ws(struct scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' ||
	    sc->s[sc->pos] == '\t' || sc->s[sc->pos] == '\n' ||
	    sc->s[sc->pos] == '\r'))
		sc->pos++;
}

/* Notes the first problem (at the current position); returns -1. */
static int
scan_fail(struct scan *sc, const char *what)
{
	if (sc->err == NULL)
		sc->err = sc->pos >= sc->len ? "unexpected end of file" : what;
	return -1;
}

/* Skips a string literal, checking its escapes. */
static int
scan_string(struct scan *sc)
{
	if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
		return scan_fail(sc, "expected a string");
	sc->pos++;
	while (sc->pos < sc->len) {
		unsigned char c = (unsigned char)sc->s[sc->pos];

		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return scan_fail(sc, "control character in a string");
		if (c == '\\') {
			sc->pos++;
			if (sc->pos >= sc->len)
				break;
			c = (unsigned char)sc->s[sc->pos];
			if (c == 'u') {
				for (int k = 1; k <= 4; k++)
					if (sc->pos + k >= sc->len ||
					    !isxdigit((unsigned char)
					    sc->s[sc->pos + k]))
						return scan_fail(sc, "bad \\u "
						    "escape");
				sc->pos += 4;
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == 0)
				return scan_fail(sc, "bad escape in a string");
		}
		sc->pos++;
	}
	return scan_fail(sc, "unexpected end of file");
}

/* Skips a run of digits; fails on none. */
static int
scan_digits(struct scan *sc)
{
	size_t from = sc->pos;

	while (sc->pos < sc->len && isdigit((unsigned char)sc->s[sc->pos]))
		sc->pos++;
	return sc->pos > from ? 0 : scan_fail(sc, "malformed number");
}

/* Skips a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
scan_number(struct scan *sc)
{
	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0')
		sc->pos++;
	else if (scan_digits(sc) != 0)
		return -1;
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (scan_digits(sc) != 0)
			return -1;
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' ||
	    sc->s[sc->pos] == 'E')) {
		sc->pos++;
		if (sc->pos < sc->len && (sc->s[sc->pos] == '+' ||
		    sc->s[sc->pos] == '-'))
			sc->pos++;
		if (scan_digits(sc) != 0)
			return -1;
	}
	return 0;
}

/*
 * Skips one JSON value, checking its syntax and building nothing, so a
 * file of any shape costs no memory to check. Nesting is bounded.
 */
static int
scan_value(struct scan *sc, int depth)
{
	char c, close;

	scan_ws(sc);
	if (sc->pos >= sc->len)
		return scan_fail(sc, "unexpected end of file");
	if (depth > LOAD_MAX_DEPTH)
		return scan_fail(sc, "nested too deep");
	c = sc->s[sc->pos];
	if (c == '"')
		return scan_string(sc);
	if (c == '-' || isdigit((unsigned char)c))
		return scan_number(sc);
	if (c != '{' && c != '[') {
		const char *lit[] = { "true", "false", "null" };

		for (int i = 0; i < 3; i++)
			if (sc->len - sc->pos >= strlen(lit[i]) &&
			    strncmp(sc->s + sc->pos, lit[i], strlen(lit[i])) == 0) {
				sc->pos += strlen(lit[i]);
				return 0;
			}
		return scan_fail(sc, "unexpected character");
	}
	close = c == '{' ? '}' : ']';
	sc->pos++;
	scan_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == close) {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (c == '{') {
			scan_ws(sc);
			if (scan_string(sc) != 0)
				return -1;
			scan_ws(sc);
			if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
				return scan_fail(sc, "expected ':'");
			sc->pos++;
		}
		if (scan_value(sc, depth + 1) != 0)
			return -1;
		scan_ws(sc);
		if (sc->pos >= sc->len)
			return scan_fail(sc, "unexpected end of file");
		if (sc->s[sc->pos] == close) {
			sc->pos++;
			return 0;
		}
		if (sc->s[sc->pos] != ',')
			return scan_fail(sc, c == '{' ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		sc->pos++;
	}
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

/* Starts reading the events of the array whose '[' is at `start`. */
static void
events_open(struct events *it, struct loader *ld, const char *s, size_t len,
    size_t start)
{
	memset(it, 0, sizeof *it);
	it->ld = ld;
	it->s = s;
	it->len = len;
	it->start = start;
	it->pos = start + 1;
	it->index = (size_t)-1;
	it->tok = json_tokener_new_ex(LOAD_MAX_DEPTH);
	if (it->tok == NULL)
		fatal("out of memory reading a trace");
}

/* Frees what the reading holds. */
static void
events_close(struct events *it)
{
	if (it->cur != NULL)
		json_object_put(it->cur);
	json_tokener_free(it->tok);
}

/*
 * The next event (freeing the one before), parsed on its own; NULL at the
 * end of the array, or on a problem (ld->cause set). The text was checked
 * already, so only size and memory can fail here. Anything but an object
 * comes back as a JSON false, for the caller to refuse or skip.
 */
static json_object *
events_next(struct events *it)
{
	struct scan sc = { it->s, it->len, it->pos, NULL };
	size_t from;

	if (it->cur != NULL)
		json_object_put(it->cur);
	it->cur = NULL;
	scan_ws(&sc);
	if (sc.s[sc.pos] == ',')
		sc.pos++;
	scan_ws(&sc);
	if (sc.s[sc.pos] == ']')
		return NULL;
	it->index++;
	from = sc.pos;
	scan_value(&sc, 1);
	it->pos = sc.pos;
	if (sc.pos - from > LOAD_MAX_EVENT) {
		xasprintf(&it->ld->cause, "%s: traceEvents[%zu]: an event of "
		    "%zu bytes (the most is %u)", it->ld->path, it->index,
		    sc.pos - from, LOAD_MAX_EVENT);
		return NULL;
	}
	if (sc.s[from] != '{' || (it->need != NULL && memmem(sc.s + from,
	    sc.pos - from, it->need, strlen(it->need)) == NULL))
		return it->cur = json_object_new_boolean(0);
	json_tokener_reset(it->tok);
	it->cur = json_tokener_parse_ex(it->tok, sc.s + from,
	    (int)(sc.pos - from));
	if (it->cur == NULL)
		xasprintf(&it->ld->cause, "%s: traceEvents[%zu]: out of memory "
		    "(%s)", it->ld->path, it->index, json_tokener_error_desc(
		    json_tokener_get_error(it->tok)));
	return it->cur;
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
read_metadata(struct loader *ld, struct events *it, struct trace *t)
{
	json_object *e;

	while ((e = events_next(it)) != NULL) {
		size_t i = it->index;
		json_object *args;
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
	return ld->cause != NULL ? -1 : 0;
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

/*
 * A counter event timeslice wrote (export.c: a queue's depth, threads
 * inside a semaphore) back into a count mark of the lane that changed
 * it. Counters of other names, or of threads without a lane, are
 * another program's and left alone.
 */
static void
read_counter(struct loader *ld, json_object *e)
{
	json_object *args;
	const char *name = get_str(e, "name");
	struct lane_in *li;
	int pid, tid, value, which = 0;
	double ts;

	for (int w = TRACE_COUNTER_QUEUE; w <= TRACE_COUNTER_INSIDE; w++)
		if (name != NULL && strcmp(name, export_counter_name(w)) == 0)
			which = w;
	if (which == 0 || get_int(e, "pid", &pid) != 0 ||
	    get_int(e, "tid", &tid) != 0 || get_num(e, "ts", &ts) != 0 ||
	    ts < 0 || ts > 1e13 ||
	    !json_object_object_get_ex(e, "args", &args) ||
	    get_int(args, "value", &value) != 0 || value < 0 ||
	    value > 0xffffff)
		return;
	if ((li = find_in(ld, pid, tid, 0)) == NULL || li->lane < 0)
		return;
	add_pending(li, BASE_NS + (uint64_t)llround(ts * 1e3), TRACE_EV_MARK,
	    TRACE_NONE, 1, -1, TRACE_COUNT_MARK(which, value));
}

/* Second pass: slices, checked one by one. */
static int
read_slices(struct loader *ld, struct events *it, struct trace *t)
{
	json_object *e;

	while ((e = events_next(it)) != NULL) {
		size_t i = it->index;
		json_object *args;
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
		if (strcmp(ph, "C") == 0) {
			read_counter(ld, e);
			continue;
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
	return ld->cause != NULL ? -1 : 0;
}

/*
 * Checks the whole text and finds the traceEvents array (*evs, the
 * offset of its '['), otherData (*other, or SIZE_MAX) and the recording's
 * description, the top-level "timeslice" object (*self, or SIZE_MAX).
 * Returns 0, or -1 with *cause.
 */
static int
find_events(const char *path, const char *text, size_t len, size_t *evs,
    size_t *other, size_t *self, char **cause)
{
	struct scan sc = { text, len, 0, NULL };
	const char *what = NULL;
	int line, col;

	*evs = *other = *self = SIZE_MAX;
	scan_ws(&sc);
	if (sc.pos < len && text[sc.pos] == '[')
		*evs = sc.pos;
	if (sc.pos < len && text[sc.pos] == '{') {
		sc.pos++;
		scan_ws(&sc);
		while (sc.pos < len && text[sc.pos] != '}') {
			size_t key = sc.pos, val;

			if (scan_string(&sc) != 0)
				break;
			scan_ws(&sc);
			if (sc.pos >= len || text[sc.pos] != ':') {
				scan_fail(&sc, "expected ':'");
				break;
			}
			sc.pos++;
			scan_ws(&sc);
			val = sc.pos;
			if (scan_value(&sc, 1) != 0)
				break;
			if (sc.pos - key >= 13 && strncmp(text + key,
			    "\"traceEvents\"", 13) == 0 && text[val] == '[' &&
			    *evs == SIZE_MAX)
				*evs = val;
			if (strncmp(text + key, "\"otherData\"", 11) == 0 &&
			    text[val] == '{')
				*other = val;
			if (strncmp(text + key, "\"timeslice\"", 11) == 0 &&
			    text[val] == '{')
				*self = val;
			scan_ws(&sc);
			if (sc.pos < len && text[sc.pos] == ',') {
				sc.pos++;
				scan_ws(&sc);
				if (sc.pos < len && text[sc.pos] == '}')
					scan_fail(&sc, "expected a string");
				continue;
			}
			if (sc.pos >= len || text[sc.pos] != '}')
				scan_fail(&sc, "expected ',' or '}'");
			break;
		}
		if (sc.err == NULL && sc.pos >= len)
			scan_fail(&sc, "unexpected end of file");
		if (sc.err == NULL)
			sc.pos++;	/* the closing brace */
	} else {
		if (sc.pos < len && text[sc.pos] != '[')
			what = text[sc.pos] == 'n' ? "null" : text[sc.pos] == '"' ?
			    "a string" : text[sc.pos] == 't' ||
			    text[sc.pos] == 'f' ? "a boolean" : "a number";
		scan_value(&sc, 0);
	}
	if (sc.err == NULL) {
		scan_ws(&sc);
		if (sc.pos < len)
			sc.err = "unexpected text after the trace";
	}
	if (sc.err != NULL) {
		line_col(text, sc.pos, &line, &col);
		xasprintf(cause, "%s:%d:%d: %s", path, line, col, sc.err);
		return -1;
	}
	if (what != NULL) {
		xasprintf(cause, "%s:1:1: not a Chrome trace: the file holds %s, "
		    "not an object with a traceEvents array", path, what);
		return -1;
	}
	if (*evs == SIZE_MAX) {
		xasprintf(cause, "%s:1:1: not a Chrome trace (no traceEvents "
		    "array)", path);
		return -1;
	}
	return 0;
}

/*
 * The object at offset `at` of the text (already checked by find_events),
 * parsed on its own if it is at most `max` bytes long; else NULL.
 */
static json_object *
parse_at(const char *text, size_t len, size_t at, size_t max)
{
	struct scan sc = { text, len, at, NULL };
	struct json_tokener *tok;
	json_object *o;

	if (at == SIZE_MAX)
		return NULL;
	scan_value(&sc, 1);
	if (sc.err != NULL || sc.pos - at > max || sc.pos - at > INT_MAX)
		return NULL;
	if ((tok = json_tokener_new_ex(LOAD_MAX_DEPTH)) == NULL)
		fatal("out of memory reading a trace");
	o = json_tokener_parse_ex(tok, text + at, (int)(sc.pos - at));
	json_tokener_free(tok);
	return o;
}

/* otherData.scenario, or "replay": the run's title. */
static char *
read_title(const char *text, size_t len, size_t other)
{
	json_object *o = parse_at(text, len, other, LOAD_MAX_EVENT);
	char *title = NULL;

	if (o != NULL && get_str(o, "scenario") != NULL)
		title = xstrdup(get_str(o, "scenario"));
	if (o != NULL)
		json_object_put(o);
	return title != NULL ? title : xstrdup("replay");
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
	struct events it;
	struct trace *t = NULL;
	uint64_t last = 0;
	size_t len, evs, other, self;
	char *text;
	int rc = -1, bad;

	*tp = NULL;
	*title = NULL;
	if (meta != NULL)
		*meta = NULL;
	ld->path = path;
	if ((text = read_file(path, &len, cause)) == NULL) {
		free(ld);
		return -1;
	}
	if (find_events(path, text, len, &evs, &other, &self, cause) != 0)
		goto out;
	*title = read_title(text, len, other);
	/* The recording's description, parsed on its own, whole. */
	if (meta != NULL && (*meta = parse_at(text, len, self, len)) != NULL &&
	    !json_object_is_type(*meta, json_type_object)) {
		json_object_put(*meta);
		*meta = NULL;
	}
	if ((t = trace_new(4096, cause)) == NULL)
		goto out;
	events_open(&it, ld, text, len, evs);
	it.need = "thread_name";	/* the first pass wants no slice */
	bad = read_metadata(ld, &it, t) != 0;
	events_close(&it);
	if (!bad) {
		events_open(&it, ld, text, len, evs);
		bad = read_slices(ld, &it, t) != 0;
		events_close(&it);
	}
	if (bad) {
		*cause = ld->cause;
		ld->cause = NULL;
		goto out;
	}
	/* The text is done with: the events are in the pending lists. */
	free(text);
	text = NULL;
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
		free(li->ev);
		li->ev = NULL;
		li->n = li->cap = 0;
		if (li->end > last)
			last = li->end;
	}
	/* Every lane is in the log, those without a slice too. */
	log_poll(lg);
	/* The pushes above that had to wait were counted as drops: undo. */
	for (int i = 0; i < trace_nlanes(t); i++)
		atomic_store(&t->lanes[i].ring.dropped, 0);
	log_close(lg, last);
	*tp = t;
	t = NULL;
	rc = 0;
out:
	if (rc != 0) {
		free(*title);
		*title = NULL;
		if (meta != NULL && *meta != NULL) {
			json_object_put(*meta);
			*meta = NULL;
		}
	}
	for (int k = 0; k < ld->nin; k++)
		free(ld->in[k].ev);
	free(ld->cause);
	free(ld);
	trace_free(t);
	free(text);
	return rc;
}
