/*
 * timeline_counter.c - the row of a shared counter under the lanes: how
 * many items a bounded queue holds, how many threads are inside a
 * semaphore's section, a digit a column, as trace/counter.h reads them
 * from the count marks; nothing after `now`.
 */
#include "trace/counter.h"
#include "ui/timeline_int.h"

int
timeline_counter(const struct log *lg)
{
	return log_counter_which(lg);
}

void
timeline_draw_counter(struct canvas *c, int x, int y, int labelw,
    const struct log *lg, const struct tl_pass *p, int which)
{
	struct log_counter_sweep s;
	int x0 = x + labelw + 1;

	log_counter_begin(&s, lg, which);
	canvas_text(c, x, y, labelw, CS_TEXT, log_counter_label(which));
	for (int col = 0; col < p->cols; col++) {
		uint64_t c0 = p->t0 + (uint64_t)col * p->npc;
		int most = log_counter_column(&s, c0, c0 + p->npc);

		if (c0 >= p->now || most < 0)
			continue;
		if (most == 0)
			canvas_put(c, x0 + col, y, c->unicode ? L'·' : L'.',
			    CS_DIM);
		else
			canvas_put(c, x0 + col, y, most > 9 ? L'+' :
			    (wchar_t)(L'0' + most), CS_TEXT);
	}
	log_counter_end(&s);
}
