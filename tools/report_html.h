/* report_html.h — the HTML pieces every section of `ctome report` writes:
 * escaped text, a linked figure with caption, and the "not computed" note
 * that replaces a part whose computation failed (the report still
 * completes; the page says why). */
#ifndef CTOME_REPORT_HTML_H
#define CTOME_REPORT_HTML_H

#include <stdio.h>

/* s with <, > and & escaped (also safe inside a double-quoted attribute
 * value as long as s has no '"'; captions and ids here never do). */
void report_html_text(FILE *f, const char *s);

/* A figure `name` (a path relative to the page) at `width` pixels, linked to
 * the full-size image, with alt text and caption. */
void report_figure(FILE *f, const char *name, const char *alt, const char *caption, int width);

/* "<p>WHAT not computed: <library message></p>"; clears the library error. */
void report_not_computed(FILE *f, const char *what);

/* The same as a table cell spanning `span` columns that ends the row. */
void report_not_computed_cell(FILE *f, int span);

#endif
