/*
 * page.h - a page of plain text as a screen of its own (the cheat sheet
 * of the course map): scrolled with the pager's keys, closed with q or
 * esc back to the screen below.
 */
#ifndef TIMESLICE_UI_PAGE_H
#define TIMESLICE_UI_PAGE_H

#include "ui/app.h"
#include "ui/keys.h"

/* Pushes a page titled `title` showing `text` (both copied). */
void	 page_open(struct app *, const char *title, const char *text);

/* The screen, for app_push or for tests: page_new returns its `self`. */
extern const struct app_screen_ops page_screen_ops;
void	*page_new(const char *title, const char *text);

/* The page's key table, which its footer is written from. */
const struct key_row *page_keydefs(void);

#endif
