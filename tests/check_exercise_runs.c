/*
 * check_exercise_runs.c - `timeslice exercise ID --check FILE` on the
 * five named exercises of the course, end to end: each starter fails,
 * each reference solution and a right answer written differently pass
 * or are undecided (never fail), and a wrong answer per exercise fails
 * with a reason. Timing suite: the verdicts on times and cores depend
 * on the machine, so a right answer may be undecided on a busy one; a
 * wrong one must never pass.
 *
 * The runs need a python3 on PATH: without one the cases print why and
 * pass, as trace_cmd's do.
 */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sampler/tracer.h"
#include "testutil.h"
#include "util.h"

#define OUT_CAP	(256 * 1024)

static char out[OUT_CAP], err[65536];
static char cache[] = "/tmp/ts-excache-XXXXXX";

/* The course's exercise file `name` in lessons/en/py. */
static char *
course_file(const char *name)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char *p;

	xasprintf(&p, "%s/lessons/en/py/%s", src != NULL ? src : ".", name);
	return p;
}

/* Writes `text` to a new temporary .py file, returned (free it). */
static char *
temp_py(const char *text)
{
	char *path = xstrdup("/tmp/ts-exrun-XXXXXX.py");
	int fd = mkstemps(path, 3);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/*
 * Grades `file` for exercise `id`; returns the exit status and copies
 * the verdict's reason into `reason`. Checks the JSON's keys on the way.
 */
static int
grade(const char *id, const char *file, char *reason, size_t len)
{
	char *argv[] = { (char *)"timeslice", (char *)"--lang", (char *)"en",
		(char *)"exercise", (char *)id, (char *)"--check", (char *)file,
		(char *)"--format", (char *)"json", NULL };
	static const char *const keys[] = { "exercise", "verdict", "reason",
		"conditions", "exit_status", "timed_out", "output_tail",
		"wall_ms", "starter_wall_ms", "cores_used", "cores_free", NULL };
	json_object *o, *v;
	int rc = tu_exec(argv, out, OUT_CAP, err, sizeof err);

	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "%s %s: not JSON (exit %d): %s %s", id, file,
	    rc, out, err);
	for (int i = 0; keys[i] != NULL; i++)
		ck_assert_msg(json_object_object_get_ex(o, keys[i], &v),
		    "no key '%s'", keys[i]);
	json_object_object_get_ex(o, "reason", &v);
	snprintf(reason, len, "%s", json_object_get_string(v));
	json_object_object_get_ex(o, "verdict", &v);
	ck_assert_str_eq(json_object_get_string(v), rc == 0 ? "passes" :
	    rc == 1 ? "fails" : "undecided");
	fprintf(stderr, "%s %s: exit %d: %s\n", id, strrchr(file, '/') + 1,
	    rc, reason);
	json_object_put(o);
	return rc;
}

/* Whether the case can run at all. */
static bool
have_python(void)
{
	if (tracer_python() != NULL)
		return true;
	fputs("check_exercise_runs: no python3 on PATH; not tried\n", stderr);
	return false;
}

/* Whether `reason` holds one of the '|'-separated words of `any`. */
static bool
says_one_of(const char *reason, const char *any)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", any);
	for (char *w = strtok_r(buf, "|", &save); w != NULL;
	    w = strtok_r(NULL, "|", &save))
		if (strstr(reason, w) != NULL)
			return true;
	return false;
}

/* The starter fails; the solution and `right` pass or are undecided;
 * `wrong` fails with a reason containing one of `because`'s words (the
 * first condition that fails depends on what the machine could decide). */
static void
exercise_case(const char *id, const char *starter, const char *solution,
    const char *right, const char *wrong, const char *because)
{
	char reason[1024], *s = course_file(starter), *t = course_file(solution);
	char *r = temp_py(right), *w = temp_py(wrong);
	int rc;

	ck_assert_int_eq(grade(id, s, reason, sizeof reason), 1);
	rc = grade(id, t, reason, sizeof reason);
	ck_assert_msg(rc == 0 || rc == 3, "%s solution: exit %d: %s", id, rc,
	    reason);
	rc = grade(id, r, reason, sizeof reason);
	ck_assert_msg(rc == 0 || rc == 3, "%s right answer: exit %d: %s", id,
	    rc, reason);
	ck_assert_int_eq(grade(id, w, reason, sizeof reason), 1);
	ck_assert_msg(says_one_of(reason, because), "%s wrong answer: %s",
	    id, reason);
	unlink(r);
	unlink(w);
	free(s);
	free(t);
	free(r);
	free(w);
}

/* Bare threads pass; processes for waiting fail. */
START_TEST(threads_downloads)
{
	if (!have_python())
		return;
	exercise_case("threads-downloads", "ex_threads_downloads.py",
	    "ex_threads_downloads_solution.py",
	    "import threading, time\n"
	    "def download(n):\n    time.sleep(0.2)\n    return n * n\n"
	    "results = [0] * 8\n"
	    "def worker(n):\n    results[n] = download(n)\n"
	    "ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]\n"
	    "for t in ts:\n    t.start()\n"
	    "for t in ts:\n    t.join()\n"
	    "print(f'sum: {sum(results)}')\n",
	    "import time\n"
	    "from concurrent.futures import ProcessPoolExecutor\n"
	    "def download(n):\n    time.sleep(0.2)\n    return n * n\n"
	    "if __name__ == '__main__':\n"
	    "    with ProcessPoolExecutor(8) as pool:\n"
	    "        print(f'sum: {sum(pool.map(download, range(8)))}')\n",
	    "more than one process");
}
END_TEST

/* The prime counting of the starter, for the answers below. */
#define PRIMES \
	"import math\n" \
	"def is_prime(n):\n" \
	"    if n < 2:\n        return False\n" \
	"    if n % 2 == 0:\n        return n == 2\n" \
	"    for d in range(3, math.isqrt(n) + 1, 2):\n" \
	"        if n % d == 0:\n            return False\n" \
	"    return True\n" \
	"def count_primes(lo, hi):\n" \
	"    return sum(1 for n in range(lo, hi) if is_prime(n))\n"

/* Pool.starmap passes (or is undecided); threads for CPU work fail. */
START_TEST(processes_primes)
{
	if (!have_python())
		return;
	exercise_case("processes-primes", "ex_processes_primes.py",
	    "ex_processes_primes_solution.py",
	    PRIMES "from multiprocessing import Pool\n"
	    "if __name__ == '__main__':\n"
	    "    chunks = [(lo, lo + 250000) for lo in range(0, 1000000, 250000)]\n"
	    "    with Pool(2) as pool:\n"
	    "        total = sum(pool.starmap(count_primes, chunks))\n"
	    "    print(f'primes below 1000000: {total}')\n",
	    PRIMES "from concurrent.futures import ThreadPoolExecutor\n"
	    "if __name__ == '__main__':\n"
	    "    los = range(0, 1000000, 250000)\n"
	    "    with ThreadPoolExecutor(4) as pool:\n"
	    "        total = sum(pool.map(count_primes, los,\n"
	    "                             [lo + 250000 for lo in los]))\n"
	    "    print(f'primes below 1000000: {total}')\n",
	    "one process|one core used: the GIL");
}
END_TEST

/* A TaskGroup passes; a blocking time.sleep in the coroutine fails. */
START_TEST(asyncio_gather)
{
	if (!have_python())
		return;
	exercise_case("asyncio-gather", "ex_asyncio_gather.py",
	    "ex_asyncio_gather_solution.py",
	    "import asyncio\n"
	    "async def fetch(i):\n    await asyncio.sleep(0.3)\n    return i * 10\n"
	    "async def main():\n"
	    "    async with asyncio.TaskGroup() as tg:\n"
	    "        tasks = [tg.create_task(fetch(i)) for i in range(6)]\n"
	    "    print(f'total: {sum(t.result() for t in tasks)}')\n"
	    "asyncio.run(main())\n",
	    "import asyncio, time\n"
	    "async def fetch(i):\n    time.sleep(0.3)\n    return i * 10\n"
	    "async def main():\n"
	    "    r = await asyncio.gather(*(fetch(i) for i in range(6)))\n"
	    "    print(f'total: {sum(r)}')\n"
	    "asyncio.run(main())\n",
	    "the tasks did not overlap");
}
END_TEST

/* Four adders and a shared counter, with `body` as the loop's body. */
#define ADDERS(body) \
	"import threading, time\n" \
	"counter = 0\nlock = threading.Lock()\n" \
	"def add_many():\n    global counter\n    for _ in range(5000):\n" \
	body \
	"ts = [threading.Thread(target=add_many) for _ in range(4)]\n" \
	"for t in ts:\n    t.start()\n" \
	"for t in ts:\n    t.join()\n" \
	"print(f'counter: {counter}')\n"

/* acquire/release around the read and write passes; a lock around the
 * write alone still loses updates. */
START_TEST(race_lock)
{
	if (!have_python())
		return;
	exercise_case("race-lock", "ex_race_lock.py", "ex_race_lock_solution.py",
	    ADDERS("        lock.acquire()\n"
	    "        try:\n"
	    "            seen = counter\n            time.sleep(0)\n"
	    "            counter = seen + 1\n"
	    "        finally:\n            lock.release()\n"),
	    ADDERS("        seen = counter\n        time.sleep(0)\n"
	    "        with lock:\n            counter = seen + 1\n"),
	    "updates were lost");
}
END_TEST

/* Two threads and two locks of class `kind`; `second` is what the
 * backward thread does. */
#define ROUNDS(kind, second) \
	"import threading, time\n" \
	"a = threading." kind "()\nb = threading." kind "()\nrounds = 0\n" \
	"def forward():\n    global rounds\n    for _ in range(1000):\n" \
	"        with a:\n            time.sleep(0)\n" \
	"            with b:\n                rounds += 1\n" \
	"def backward():\n    global rounds\n    for _ in range(1000):\n" \
	second \
	"ts = [threading.Thread(target=forward), " \
	"threading.Thread(target=backward)]\n" \
	"for t in ts:\n    t.start()\n" \
	"for t in ts:\n    t.join()\n" \
	"print(f'rounds: {rounds}')\n"

/* One order passes (written differently: both locks taken in one
 * `with`); re-entrant locks taken in the opposite order still deadlock. */
START_TEST(deadlock_order)
{
	if (!have_python())
		return;
	exercise_case("deadlock-order", "ex_deadlock_order.py",
	    "ex_deadlock_order_solution.py",
	    ROUNDS("Lock", "        with a, b:\n            rounds += 1\n"),
	    ROUNDS("RLock", "        with b:\n            time.sleep(0)\n"
	    "            with a:\n                rounds += 1\n"),
	    "did not finish in 10 s");
}
END_TEST

static Suite *
exercise_runs_suite(void)
{
	Suite *s = suite_create("exercise_runs");
	TCase *tc = tcase_create("named");

	if (mkdtemp(cache) == NULL)
		abort();
	setenv("XDG_CACHE_HOME", cache, 1);
	setenv("XDG_DATA_HOME", cache, 1);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, threads_downloads);
	tcase_add_test(tc, processes_primes);
	tcase_add_test(tc, asyncio_gather);
	tcase_add_test(tc, race_lock);
	tcase_add_test(tc, deadlock_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int rc = tu_main(exercise_runs_suite());
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf %s", cache);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
