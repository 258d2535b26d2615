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

/* In place of a figure this build cannot draw (no cairo): "<p class="note">
 * <b>Skipped:</b> WHAT needs ctome built with cairo (meson
 * -Dcairo=enabled).</p>"; the tables around it stay.  No line on stderr:
 * the adjacency section says once that the report has no figures.  Clears
 * the library error. */
void report_no_figure(FILE *f, const char *what);

/* A part of the report this build cannot write, in place of that part:
 * "<p class="note"><b>Skipped:</b> WHAT needs ctome built with FEATURE
 * (meson -DOPTION=enabled)</p>" on the page and the same as one line
 * "ctome report: skipped: ..." on stderr (even under --quiet: the page
 * lacks something).  With `feature` NULL the reason is the library's
 * CTOME_ENOTSUP message, which names the feature and the option; the
 * library error is cleared. */
void report_skipped(FILE *f, const char *what, const char *feature, const char *option);

/* One sentence saying what a result means, with its numbers, set apart
 * under the table it reads ("Reading: ..."); a final period is added. */
void report_reading(FILE *f, const char *sentence);

/* <!DOCTYPE ...><head> with the page's style, up to and including <body>. */
void report_page_head(FILE *f, const char *title);

/* "<li><a href="#ID">TITLE</a>" of the table of contents, left open for a
 * nested list; the caller closes it with "</li>". */
void report_toc_entry(FILE *f, const char *id, const char *title);

/* The footer: the command line that wrote the page, ctome's version and the
 * git commit it was built from ("unknown" when not built in a checkout),
 * the data folder and the time. */
void report_footer(FILE *f, const char *args, const char *version, const char *commit, const char *datadir,
                   const char *when);
/* Close the footer report_footer opened (the caller may add to it between). */
void report_footer_end(FILE *f);

#endif
