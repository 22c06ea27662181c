/*
 * steps.c - _timeslice_steps, the hook's asyncio step recorder in C.
 *
 * The Python hook (assets/python/_timeslice_hook.py) sees every asyncio
 * task step from outside, as the event loop runs the handle that steps
 * the task (asyncio.events.Handle._run). Done in Python, each step cost
 * about 0.5 us on top of the step itself: a Python frame, a dictionary
 * lookup through two builtin calls, two clock reads that each make a
 * two-digit int, and a tuple queued until the next write. A program of
 * 100,000 short steps ran 1.3 to 1.4 times its untraced time. Here the
 * same work is a method descriptor the loop calls directly (no frame, no
 * bound method), one clock read per step when steps follow each other,
 * and 24 bytes appended to a buffer the hook takes as bytes when it
 * writes to its pipe.
 *
 * The module is built against CPython's limited API (abi3), so the one
 * file loads in any CPython 3.8 or later; the hook falls back on its
 * Python version when it cannot load (another interpreter, a build
 * without Python's headers). Everything here runs with the GIL held, and
 * nothing calls back into Python between reading and changing the
 * module's state, so the GIL is its lock.
 *
 * What it records is what the Python version records, in the hook's
 * binary format (src/sampler/hook.h): per step, three little-endian
 * 64-bit integers, the task's id shifted left by two with how the step
 * ended in the low bits (0 ready again, 1 awaiting, 2 done), and the
 * step's start and end on CLOCK_MONOTONIC, time.monotonic_ns()'s clock.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { HOW_READY = 0, HOW_WAIT = 1, HOW_DONE = 2 };

/* Most callback types remembered as having no __self__ (plain functions,
 * partials): looking for it raises, which costs more than the step. */
#define PLAIN_TYPES	16

struct step {
	int64_t		idhow, start, end;
};

static struct {
	PyObject	*tasks;		/* id(task) -> task id << 2 */
	PyObject	*on_done;	/* called (task, id << 2) when done */
	PyObject	*run_handle;	/* asyncio's own Handle._run */
	PyObject	*failed;	/* (handle, exc): a step that raised */
	PyObject	*s_callback, *s_args, *s_context, *s_self,
			*s_run, *s_fut_waiter, *s_done;
	PyTypeObject	*plain[PLAIN_TYPES];	/* strong references */
	int		 nplain;
	struct step	*buf;
	size_t		 len, cap;
	/*
	 * When a loop runs task steps back to back, a step starts when the
	 * one before it ended: the thread that ran it (a thread runs one
	 * loop at a time), and when. Reset at each turn of a loop and by any
	 * handle that is not a step.
	 */
	unsigned long	 last_thread;	/* 0: none */
	int64_t		 last_end;
} st;

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Queues one step; a step that finds no memory is lost, as a chunk the
 * pipe cannot take is. */
static void
queue_step(int64_t idhow, int64_t start, int64_t end)
{
	if (st.len == st.cap) {
		size_t cap = st.cap ? st.cap * 2 : 1024;
		struct step *b = realloc(st.buf, cap * sizeof *b);

		if (b == NULL)
			return;
		st.buf = b;
		st.cap = cap;
	}
	st.buf[st.len++] = (struct step){ idhow, start, end };
}

static int
is_plain(PyTypeObject *t)
{
	for (int i = 0; i < st.nplain; i++)
		if (st.plain[i] == t)
			return 1;
	return 0;
}

/*
 * The task whose step `cb` is (a new reference), or NULL with no error
 * set. A C task's steps are bound to it (__self__); a callback type that
 * has no __self__ is remembered so as not to look again.
 */
static PyObject *
owner_of(PyObject *cb)
{
	PyTypeObject *t = Py_TYPE(cb);
	PyObject *self;

	if (is_plain(t))
		return NULL;
	self = PyObject_GetAttr(cb, st.s_self);
	if (self != NULL)
		return self;
	if (!PyErr_ExceptionMatches(PyExc_AttributeError))
		PyErr_Clear();
	else {
		PyErr_Clear();
		if (st.nplain < PLAIN_TYPES) {
			Py_INCREF(t);
			st.plain[st.nplain++] = t;
		}
	}
	return NULL;
}

/* The task id (<< 2) of the task `cb` steps, or -1 when it is not one of
 * ours. */
static int64_t
task_id(PyObject *cb, PyObject **task)
{
	PyObject *key, *v;
	int64_t id;

	*task = NULL;
	if (st.tasks == NULL || (*task = owner_of(cb)) == NULL)
		return -1;
	if ((key = PyLong_FromVoidPtr(*task)) == NULL) {
		PyErr_Clear();
		return -1;
	}
	v = PyDict_GetItem(st.tasks, key);	/* borrowed; never raises */
	Py_DECREF(key);
	if (v == NULL || (id = PyLong_AsLongLong(v)) < 0) {
		PyErr_Clear();
		return -1;
	}
	return id;
}

/*
 * context.run(callback, *args), as asyncio's Handle._run calls it. A
 * task's steps have no argument (the step) or one (the wakeup's future):
 * those call the method without making a bound method or a tuple.
 */
static PyObject *
run_callback(PyObject *handle, PyObject *cb)
{
	PyObject *ctx, *args, *run, *call, *r = NULL;
	Py_ssize_t n;

	if ((ctx = PyObject_GetAttr(handle, st.s_context)) == NULL)
		return NULL;
	if ((args = PyObject_GetAttr(handle, st.s_args)) == NULL ||
	    (n = PyTuple_Size(args)) < 0) {
		Py_XDECREF(args);
		Py_DECREF(ctx);
		return NULL;
	}
	if (n <= 1) {
		r = PyObject_CallMethodObjArgs(ctx, st.s_run, cb,
		    n == 1 ? PyTuple_GetItem(args, 0) : NULL, NULL);
		goto out;
	}
	if ((run = PyObject_GetAttr(ctx, st.s_run)) == NULL)
		goto out;
	if ((call = PyTuple_New(n + 1)) != NULL) {
		Py_INCREF(cb);
		PyTuple_SetItem(call, 0, cb);
		for (Py_ssize_t i = 0; i < n; i++) {
			PyObject *a = PyTuple_GetItem(args, i);

			Py_INCREF(a);
			PyTuple_SetItem(call, i + 1, a);
		}
		r = PyObject_Call(run, call, NULL);
		Py_DECREF(call);
	}
	Py_DECREF(run);
out:
	Py_DECREF(args);
	Py_DECREF(ctx);
	return r;
}

/* Whether the exception set goes on up through the loop, as asyncio lets
 * SystemExit and KeyboardInterrupt do. */
static int
passes_through(void)
{
	return PyErr_ExceptionMatches(PyExc_SystemExit) ||
	    PyErr_ExceptionMatches(PyExc_KeyboardInterrupt);
}

/*
 * A step that raised anything else goes to the hook's handler (the
 * loop's exception handler); a task's step keeps its exceptions, so this
 * is for form. Returns 0, or -1 with an exception set.
 */
static int
step_failed(PyObject *handle)
{
	PyObject *type, *value, *tb, *r;

	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (tb != NULL && value != NULL)
		PyException_SetTraceback(value, tb);
	r = PyObject_CallFunctionObjArgs(st.failed, handle,
	    value != NULL ? value : Py_None, NULL);
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	if (r == NULL)
		return -1;
	Py_DECREF(r);
	return 0;
}

/* How the step of `task` that just returned ended; -1 on an error. */
static int
how_ended(PyObject *task)
{
	PyObject *w = PyObject_GetAttr(task, st.s_fut_waiter), *d;
	int done;

	if (w == NULL)
		return -1;
	if (w != Py_None) {
		Py_DECREF(w);
		return HOW_WAIT;
	}
	Py_DECREF(w);
	if ((d = PyObject_CallMethodObjArgs(task, st.s_done, NULL)) == NULL)
		return -1;
	done = PyObject_IsTrue(d);
	Py_DECREF(d);
	return done < 0 ? -1 : done ? HOW_DONE : HOW_READY;
}

/*
 * Queues the step of `task` (id << 2) that ran from start to end, with
 * how it ended, and tells the hook when it was the last. Any exception
 * set is kept for the caller (a step that raises KeyboardInterrupt ran,
 * and is recorded before it goes on up).
 */
static void
record_step(PyObject *task, int64_t id, int64_t start, int64_t end)
{
	PyObject *type, *value, *tb, *r;
	int how;

	PyErr_Fetch(&type, &value, &tb);
	if ((how = how_ended(task)) < 0) {
		PyErr_Clear();	/* the step ran; only how it ended is lost */
		how = HOW_READY;
	}
	queue_step(id | how, start, end);
	if (how == HOW_DONE && st.on_done != NULL) {
		r = PyObject_CallFunctionObjArgs(st.on_done, task, NULL);
		if (r == NULL)
			PyErr_Clear();	/* never break the program */
		Py_XDECREF(r);
	}
	PyErr_Restore(type, value, tb);
}

/* Handle._run: a task's step is timed and queued; any other handle runs
 * as asyncio runs it. */
static PyObject *
handle_run(PyObject *handle, PyObject *unused)
{
	PyObject *cb, *task, *r;
	unsigned long thread;
	int64_t id, start, end;

	(void)unused;
	if ((cb = PyObject_GetAttr(handle, st.s_callback)) == NULL)
		return NULL;
	id = task_id(cb, &task);
	if (id < 0) {
		Py_DECREF(cb);
		Py_XDECREF(task);
		st.last_thread = 0;
		return PyObject_CallFunctionObjArgs(st.run_handle, handle, NULL);
	}
	thread = PyThread_get_thread_ident();
	start = st.last_thread == thread ? st.last_end : now_ns();
	st.last_thread = 0;
	r = run_callback(handle, cb);
	Py_DECREF(cb);
	end = now_ns();
	if (r == NULL && passes_through()) {
		record_step(task, id, start, end);
		Py_DECREF(task);
		return NULL;
	}
	if (r == NULL && step_failed(handle) < 0) {
		Py_DECREF(task);
		return NULL;
	}
	Py_XDECREF(r);
	record_step(task, id, start, end);
	st.last_thread = thread;
	st.last_end = end;
	Py_DECREF(task);
	Py_RETURN_NONE;
}

static PyMethodDef handle_run_def = {
	"_run", handle_run, METH_NOARGS,
	"Runs the handle's callback; times and queues a task's step."
};

/* Points *slot at a new reference to v, dropping the one it had. */
static void
keep(PyObject **slot, PyObject *v)
{
	PyObject *old = *slot;

	Py_INCREF(v);
	*slot = v;
	Py_XDECREF(old);
}

/* patch(handle_type, tasks, on_done, run_handle, failed) -> descriptor */
static PyObject *
steps_patch(PyObject *mod, PyObject *args)
{
	PyObject *type, *tasks, *on_done, *run_handle, *failed;

	(void)mod;
	if (!PyArg_ParseTuple(args, "O!O!OOO", &PyType_Type, &type,
	    &PyDict_Type, &tasks, &on_done, &run_handle, &failed))
		return NULL;
	keep(&st.tasks, tasks);
	keep(&st.on_done, on_done);
	keep(&st.run_handle, run_handle);
	keep(&st.failed, failed);
	return PyDescr_NewMethod((PyTypeObject *)type, &handle_run_def);
}

/* take() -> bytes: the queued steps, little-endian, and forgets them. */
static PyObject *
steps_take(PyObject *mod, PyObject *unused)
{
	PyObject *b;
	unsigned char *p;

	(void)mod;
	(void)unused;
	if (st.len > PY_SSIZE_T_MAX / sizeof(struct step))
		return PyErr_NoMemory();
	b = PyBytes_FromStringAndSize(NULL,
	    (Py_ssize_t)(st.len * sizeof(struct step)));
	if (b == NULL)
		return NULL;
	p = (unsigned char *)PyBytes_AsString(b);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (st.len > 0)
		memcpy(p, st.buf, st.len * sizeof(struct step));
#else
	for (size_t i = 0; i < st.len; i++) {
		const int64_t v[3] = { st.buf[i].idhow, st.buf[i].start,
			st.buf[i].end };

		for (int k = 0; k < 3; k++)
			for (int j = 0; j < 8; j++)
				*p++ = (unsigned char)((uint64_t)v[k] >> (8 * j));
	}
#endif
	st.len = 0;
	return b;
}

/* turn() -> int: a turn of a loop begins (the next step reads the clock);
 * returns how many steps are queued. */
static PyObject *
steps_turn(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	st.last_thread = 0;
	return PyLong_FromSize_t(st.len);
}

/* clear(): forgets the queued steps (a forked child, or the hook
 * stopping) and the tasks' ids. */
static PyObject *
steps_clear(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	st.len = 0;
	st.last_thread = 0;
	Py_RETURN_NONE;
}

static PyMethodDef steps_methods[] = {
	{ "patch", steps_patch, METH_VARARGS,
	  "patch(handle_type, tasks, on_done, run_handle, failed): a "
	  "Handle._run that records tasks' steps." },
	{ "take", steps_take, METH_NOARGS,
	  "The queued steps as bytes; the queue is emptied." },
	{ "turn", steps_turn, METH_NOARGS,
	  "A loop's turn begins; returns the number of queued steps." },
	{ "clear", steps_clear, METH_NOARGS, "Forgets the queued steps." },
	{ NULL, NULL, 0, NULL }
};

static struct PyModuleDef steps_module = {
	PyModuleDef_HEAD_INIT, "_timeslice_steps",
	"timeslice's asyncio step recorder (see the hook).", -1,
	steps_methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__timeslice_steps(void);

PyMODINIT_FUNC
PyInit__timeslice_steps(void)
{
	static const char *const names[] = { "_callback", "_args",
		"_context", "__self__", "run", "_fut_waiter", "done" };
	PyObject **slots[] = { &st.s_callback, &st.s_args, &st.s_context,
		&st.s_self, &st.s_run, &st.s_fut_waiter, &st.s_done };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (*slots[i] == NULL &&
		    (*slots[i] = PyUnicode_InternFromString(names[i])) == NULL)
			return NULL;
	return PyModule_Create(&steps_module);
}
