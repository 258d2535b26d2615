/* report_html.c — see report_html.h. */
#include "report_html.h"

#include "cli.h"

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
    fprintf(f, "<p>%s not computed: ", what);
    report_html_text(f, ctome_error_message());
    fputs("</p>\n", f);
    ctome_error_clear();
}

void report_not_computed_cell(FILE *f, int span)
{
    fprintf(f, "<td colspan=\"%d\">not computed: ", span);
    report_html_text(f, ctome_error_message());
    fputs("</td></tr>\n", f);
    ctome_error_clear();
}
