/*
 * consent.c - the programs the reader has let run, by content.
 *
 * Each consent keeps a 64-bit FNV-1a hash of the bytes, to look up
 * quickly, and the bytes themselves (a program is at most 64 KiB), so
 * that two programs with the same hash are still told apart: a hash this
 * short is easy to collide on purpose, and a consent must never carry
 * over to code the reader has not seen. The list lives as long as the
 * process and is guarded by a mutex, though today only the UI thread
 * asks.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/consent.h"
#include "util.h"

struct consent {
	uint64_t	 hash;
	size_t		 len;
	char		*bytes;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct consent *given;
static size_t ngiven;

/* FNV-1a over `len` bytes. */
static uint64_t
fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The consent for exactly these bytes, or NULL; under the lock. */
static const struct consent *
find(const char *text, size_t len, uint64_t h)
{
	for (size_t i = 0; i < ngiven; i++)
		if (given[i].hash == h && given[i].len == len &&
		    memcmp(given[i].bytes, text, len) == 0)
			return &given[i];
	return NULL;
}

void
consent_give(const char *text, size_t len)
{
	uint64_t h = fnv1a(text, len);

	pthread_mutex_lock(&lock);
	if (find(text, len, h) == NULL) {
		given = xreallocarray(given, ngiven + 1, sizeof *given);
		given[ngiven].hash = h;
		given[ngiven].len = len;
		given[ngiven].bytes = xmalloc(len + 1);
		memcpy(given[ngiven].bytes, text, len);
		ngiven++;
	}
	pthread_mutex_unlock(&lock);
}

bool
consent_given(const char *text, size_t len)
{
	uint64_t h = fnv1a(text, len);
	bool yes;

	pthread_mutex_lock(&lock);
	yes = find(text, len, h) != NULL;
	pthread_mutex_unlock(&lock);
	return yes;
}

void
consent_forget(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < ngiven; i++)
		free(given[i].bytes);
	free(given);
	given = NULL;
	ngiven = 0;
	pthread_mutex_unlock(&lock);
}
