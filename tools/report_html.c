/* report_html.c — see report_html.h. */
#include "report_html.h"

#include "cli.h"

#include <string.h>

void report_html_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        default: fputc(*s, f);
        }
}

void report_figure(FILE *f, const char *name, const char *alt, const char *caption, int width)
{
    fprintf(f, "<figure style=\"width:%dpx\"><a href=\"%s\"><img style=\"width:%dpx\" src=\"%s\" alt=\"", width,
            name, width, name);
    report_html_text(f, alt);
    fputs("\"></a><figcaption>", f);
    report_html_text(f, caption);
    fputs("</figcaption></figure>\n", f);
}

void report_not_computed(FILE *f, const char *what)
{
    if (ctome_error_code() == CTOME_ENOTSUP) {   /* a figure without cairo: the same note everywhere */
        /* callers say "The X figure was" (not computed) */
        size_t n = strlen(what);
        char w[200];
        snprintf(w, sizeof w, "%.*s", (int)(n > 4 && !strcmp(what + n - 4, " was") ? n - 4 : n), what);
        report_no_figure(f, w);
        return;
    }
    fprintf(f, "<p>%s not computed: ", what);
    report_html_text(f, ctome_error_message());
    fputs("</p>\n", f);
    ctome_error_clear();
}

void report_skipped(FILE *f, const char *what, const char *feature, const char *option)
{
    char why[1024];
    if (feature)
        snprintf(why, sizeof why, "needs ctome built with %s (meson -D%s=enabled)", feature, option);
    else
        snprintf(why, sizeof why, "needs a feature this ctome was built without: %s", ctome_error_message());
    ctome_error_clear();
    fprintf(f, "<p class=\"note\"><b>Skipped:</b> ");
    report_html_text(f, what);
    fputc(' ', f);
    report_html_text(f, why);
    fputs(".</p>\n", f);
    fprintf(stderr, "ctome report: skipped: %s %s\n", what, why);
}

void report_no_figure(FILE *f, const char *what)
{
    ctome_error_clear();
    fputs("<p class=\"note\"><b>Skipped:</b> ", f);
    report_html_text(f, what);
    fputs(" needs ctome built with cairo (meson -Dcairo=enabled).</p>\n", f);
}

void report_not_computed_cell(FILE *f, int span)
{
    fprintf(f, "<td colspan=\"%d\">not computed: ", span);
    report_html_text(f, ctome_error_message());
    fputs("</td></tr>\n", f);
    ctome_error_clear();
}

/* The style every part of the page relies on.  Each table is its own
 * horizontal scroll box (display:block + overflow-x:auto), so a wide table
 * scrolls inside the 1200 px column instead of widening the page; figures and
 * images shrink to the column at narrow viewports. */
void report_page_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    report_html_text(f, title);
    fputs("</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;"
          "line-height:1.4}\n"
          "table{border-collapse:collapse;margin:1em 0;font-size:0.9em;display:block;max-width:100%;"
          "overflow-x:auto}\n"
          "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
          "th{background:#f0f0f0} h2{border-bottom:2px solid #ddd;padding-bottom:4px}\n"
          "pre{overflow-x:auto;max-width:100%}\n"
          "figure{max-width:100%} img{max-width:100%;height:auto}\n"
          ".figs{display:flex;flex-wrap:wrap;gap:12px} .figs figure{margin:0;width:380px}\n"
          ".figs img{width:380px} figcaption{font-size:0.8em;color:#555}\n"
          "nav.toc{background:#f7f7f7;border:1px solid #ddd;padding:0.5em 1em;margin:1em 0}\n"
          "nav.toc h2{border:0;margin:0.3em 0;font-size:1.1em} nav.toc ol{margin:0.2em 0}\n"
          "nav.toc ol.ds{columns:3 14em;font-size:0.9em}\n"
          "footer{margin-top:3em;border-top:2px solid #ddd;font-size:0.85em;color:#444}\n"
          "footer code{overflow-wrap:anywhere}\n"
          "p.reading{border-left:4px solid #4a7;background:#f3faf5;padding:0.4em 0.8em}\n"
          "</style></head><body>\n", f);
}

void report_toc_entry(FILE *f, const char *id, const char *title)
{
    fprintf(f, "<li><a href=\"#%s\">", id);
    report_html_text(f, title);
    fputs("</a>", f);
}

void report_footer(FILE *f, const char *args, const char *version, const char *commit, const char *datadir,
                   const char *when)
{
    fputs("<footer id=\"run\"><h2>Run parameters and version</h2><dl>\n<dt>command</dt><dd><code>", f);
    report_html_text(f, args);
    fputs("</code></dd>\n<dt>ctome</dt><dd>", f);
    report_html_text(f, version);
    fputs(", git commit <code>", f);
    report_html_text(f, commit && *commit ? commit : "unknown");
    fputs("</code></dd>\n<dt>data folder</dt><dd><code>", f);
    report_html_text(f, datadir);
    fputs("</code></dd>\n<dt>written</dt><dd>", f);
    report_html_text(f, when);
    fputs("</dd>\n</dl>\n", f);
}

void report_footer_end(FILE *f)
{
    fputs("<p><a href=\"#contents\">back to the contents</a></p></footer>\n", f);
}

void report_reading(FILE *f, const char *sentence)
{
    fputs("<p class=\"reading\">", f);
    report_html_text(f, sentence);
    fputs(".</p>\n", f);
}
