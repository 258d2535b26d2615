/* opts.c — the option-table parser and the option part of help (opts.h). */
#include "opts.h"
#include "cli.h"

#include <string.h>

int cli_opts_check_only, cli_opts_check_reached, cli_opts_check_unhandled;

/* The implicit --help, shared by every table. */
static const cli_opt help_opt = {"help", 'h', CLI_KEY_HELP, NULL, "show this help", CLI_VAL_NONE, NULL, 0, NULL};

/* Entry i of the table extended by --help (i == n is --help). */
static const cli_opt *entry(const cli_parser *p, int i) { return i == p->n ? &help_opt : &p->table[i]; }

static int find_long(const cli_opt *t, const char *name)
{
    for (int i = 0; t[i].name; i++)
        if (!(t[i].flags & CLI_OPT_DEPRECATED) && strcmp(t[i].name, name) == 0)
            return i;
    return -1;
}

/* The table is checked as it is built: a defect in it is a usage-time
 * failure of the command (and of tests/test_cli_opts.sh), never a silent
 * misparse. */
static int build(cli_parser *p)
{
    char *s = p->shortopts;
    *s++ = ':';   /* ':' back for a missing value, '?' for an unknown option */
    *s++ = 'h';
    int n = 0, m = 0;
    for (; p->table[n].name; n++) {
        if (n >= CLI_OPTS_MAX)
            return cli_usage_error(p->cmd, "internal: more than %d options", CLI_OPTS_MAX);
        const cli_opt *o = &p->table[n];
        const cli_opt *target = o;
        if (o->flags & CLI_OPT_DEPRECATED) {
            int t = o->alias_of ? find_long(p->table, o->alias_of) : -1;
            if (t < 0)
                return cli_usage_error(p->cmd, "internal: --%s is an alias of no option", o->name);
            target = &p->table[t];
        } else if (o->key <= 0 || (o->key >= CLI_KEY_MAX && o->key > CLI_KEY_PLOT)) {
            return cli_usage_error(p->cmd, "internal: --%s has key %d", o->name, o->key);
        }
        if (o->letter) {
            *s++ = (char)o->letter;
            if (target->metavar)
                *s++ = ':';
        }
        if (*o->name)   /* "" is a short-only spelling (CLI_OPT_ALIAS_SHORT) */
            p->longopts[m++] = (struct option){o->name, target->metavar ? required_argument : no_argument, NULL,
                                               CLI_KEY_MAX * 2 + n};
    }
    p->n = n;
    p->longopts[m] = (struct option){"help", no_argument, NULL, CLI_KEY_MAX * 2 + n};
    p->longopts[m + 1] = (struct option){NULL, 0, NULL, 0};
    *s = '\0';
    return CLI_OK;
}

void cli_opts_begin(cli_parser *p, const char *cmd, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    p->optind = 1;
    const cli_command *c = cli_find_command(cmd);
    static const cli_opt empty[] = {CLI_OPT_END};
    p->table = c && c->opts ? c->opts : empty;
    p->n = -1;   /* built on the first call of cli_opts_next */
    optind = 0;   /* glibc: 0 also resets the scan inside a word ("-bc") left by an earlier parse */
    opterr = 0;
}

static int stop(cli_parser *p, int status)
{
    p->status = status;
    p->optind = optind;
    return -1;
}

int cli_opts_next(cli_parser *p)
{
    if (p->n < 0 && build(p))
        return stop(p, CLI_USAGE);
    for (;;) {
        int li = -1;
        int prev = optind;
        int ch = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, &li);
        if (ch == -1) {
            p->optind = optind;
            if (cli_opts_check_only) {
                cli_opts_check_reached = 1;
                printf("ctome %s: options accepted\n", p->cmd);
                return stop(p, CLI_OK);
            }
            return 0;
        }
        if (ch == '?' || ch == ':') {
            if (optopt >= CLI_KEY_MAX * 2 && optopt - CLI_KEY_MAX * 2 <= p->n)
                snprintf(p->optbuf, sizeof p->optbuf, "--%.60s", entry(p, optopt - CLI_KEY_MAX * 2)->name);
            else if (optopt > 0 && optopt < 256)
                snprintf(p->optbuf, sizeof p->optbuf, "-%c", optopt);
            else
                snprintf(p->optbuf, sizeof p->optbuf, "%.60s", p->argv[optind > prev ? optind - 1 : prev]);
            char *eq = strchr(p->optbuf, '=');
            if (eq)
                *eq = '\0';
            cli_opts_check_unhandled = 2;
            if (ch == ':')
                return stop(p, cli_usage_error(p->cmd, "%s needs a value", p->optbuf));
            return stop(p, cli_usage_error(p->cmd, "unknown option '%s'", p->optbuf));
        }
        int i = -1;
        if (ch >= CLI_KEY_MAX * 2) {
            i = ch - CLI_KEY_MAX * 2;
            snprintf(p->optbuf, sizeof p->optbuf, "--%.60s", entry(p, i)->name);
        } else {
            for (int j = 0; j <= p->n; j++)
                if (entry(p, j)->letter == ch) {
                    i = j;
                    break;
                }
            snprintf(p->optbuf, sizeof p->optbuf, "-%c", ch);
        }
        if (i < 0)
            return stop(p, cli_usage_error(p->cmd, "unknown option '-%c'", ch));
        const cli_opt *o = entry(p, i);
        if (o->flags & CLI_OPT_DEPRECATED) {
            if (!p->warned[i])
                fprintf(stderr, "ctome %s: %s is now --%s\n", p->cmd, p->optbuf, o->alias_of);
            p->warned[i] = 1;
            o = &p->table[find_long(p->table, o->alias_of)];
        }
        p->opt = p->optbuf;
        p->arg = optarg;
        switch (o->key) {
        case CLI_KEY_HELP:
            cli_print_usage(stdout, p->cmd);
            return stop(p, CLI_OK);
        case CLI_KEY_JSON: p->json = 1; continue;
        case CLI_KEY_QUIET: p->quiet = 1; continue;
        case CLI_KEY_PLOT: p->plot = optarg; continue;
        default: return o->key;
        }
    }
}

int cli_opts_unhandled(const cli_parser *p)
{
    cli_opts_check_unhandled = 1;
    return cli_usage_error(p->cmd, "internal: option %s has no handler", p->opt ? p->opt : "?");
}

/* Help entries: "  -o, --output FILE" padded to this column, then the text;
 * the text's further lines start at the same column. */
#define HELP_COL 22
#define HELP_WIDTH 56

/* Whether the help text names every value of an enumeration already. */
static int all_named(const char *values, const char *help)
{
    if (!help)
        return 0;
    for (const char *v = values; *v;) {
        size_t len = strcspn(v, "|");
        int found = 0;
        for (const char *h = help; !found && *h; h++)
            found = strncmp(h, v, len) == 0;
        if (!found)
            return 0;
        v += len + (v[len] == '|');
    }
    return 1;
}

void cli_opts_print_help(FILE *fp, const cli_opt *t)
{
    if (!t)
        return;
    fputs("Options:\n", fp);
    for (int i = 0;; i++) {
        const cli_opt *o = t[i].name ? &t[i] : &help_opt;
        if (o->flags & CLI_OPT_DEPRECATED)
            continue;
        char head[128];
        int w;
        if (o->letter)
            w = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->letter, o->name, o->metavar ? " " : "",
                         o->metavar ? o->metavar : "");
        else   /* the long name starts where it does after "-x, " */
            w = snprintf(head, sizeof head, "      --%s%s%s", o->name, o->metavar ? " " : "",
                         o->metavar ? o->metavar : "");
        fputs(head, fp);
        const char *h = o->help ? o->help : "";
        if (w + 2 > HELP_COL) {
            fputc('\n', fp);
            w = 0;
        }
        /* Word-wrapped to HELP_WIDTH; a '\n' in the text is a hard break. */
        for (int first = 1; first || *h; first = 0) {
            size_t len = strcspn(h, "\n");
            if (len > HELP_WIDTH) {
                size_t cut = HELP_WIDTH;
                while (cut > 0 && h[cut] != ' ')
                    cut--;
                len = cut ? cut : len;
            }
            fprintf(fp, "%*s%.*s\n", (first ? HELP_COL - w : HELP_COL), "", (int)len, h);
            h += len;
            if (*h == '\n' || *h == ' ')
                h++;
        }
        if (o->kind == CLI_VAL_ENUM && o->values && o->metavar && !all_named(o->values, o->help))
            fprintf(fp, "%*s%s: %s\n", HELP_COL, "", o->metavar, o->values);
        if (o->flags & CLI_OPT_REPEAT)
            fprintf(fp, "%*s(may be given more than once)\n", HELP_COL, "");
        if (!t[i].name)
            break;
    }
    int any = 0;
    for (int i = 0; t[i].name; i++)
        if (t[i].flags & CLI_OPT_DEPRECATED) {
            fprintf(fp, "%s%s%s (now --%s)", any ? ", " : "Old spellings, still accepted with a warning: ",
                    *t[i].name ? "--" : "-", *t[i].name ? t[i].name : (const char[]){(char)t[i].letter, 0},
                    t[i].alias_of);
            any = 1;
        }
    if (any)
        fputc('\n', fp);
}
