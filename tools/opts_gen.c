/* opts_gen.c — what the option tables generate besides parsing and help
 * (opts.h): man pages in roff, the bash completion script, and the listings
 * tests/test_cli_opts.sh compares.  Reached through hidden commands whose
 * names start with "__" (not in `ctome`'s table, not in docs/cli.md):
 *   ctome __commands                 the command names, one a line
 *   ctome __options CMD              every spelling CMD accepts: NAME\tMETAVAR|-\tKIND\tVALUES
 *   ctome __man [CMD]                ctome(1), or ctome-CMD(1)
 *   ctome __completion               the bash completion script
 *   ctome __check-options CMD ARGS   parse ARGS as CMD would, then stop
 *   ctome __check-tables             every spelling of every table through its
 *                                    command's parser and help (one process) */
#include "cli.h"
#include "opts.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"none", "file", "dir", "enum", "number", "text"};

/* The hidden commands themselves are not listed. */
static int listed(const cli_command *c) { return strcmp(c->name, "help") && strcmp(c->name, "version"); }

static int list_commands(void)
{
    for (size_t i = 0; cli_command_at(i); i++)
        puts(cli_command_at(i)->name);
    return CLI_OK;
}

static int list_options(const char *name)
{
    const cli_command *c = cli_find_command(name);
    if (!c)
        return cli_usage_error("__options", "unknown command '%s'", name);
    if (!c->opts)
        return cli_usage_error("__options", "%s has no option table", name);
    for (const cli_opt *o = c->opts; o->name; o++) {
        const cli_opt *t = o;
        if (o->flags & CLI_OPT_DEPRECATED)
            for (const cli_opt *u = c->opts; u->name; u++)
                if (!(u->flags & CLI_OPT_DEPRECATED) && strcmp(u->name, o->alias_of) == 0)
                    t = u;
        if (*o->name)
            printf("--%s\t%s\t%s\t%s%s\n", o->name, t->metavar ? t->metavar : "-", kind_names[t->kind],
                   t->values ? t->values : "", o->flags & CLI_OPT_DEPRECATED ? "\tdeprecated" : "");
        if (o->letter)
            printf("-%c\t%s\t%s\t%s%s\n", o->letter, t->metavar ? t->metavar : "-", kind_names[t->kind],
                   t->values ? t->values : "", o->flags & CLI_OPT_DEPRECATED ? "\tdeprecated" : "");
    }
    puts("--help\t-\tnone\t");
    puts("-h\t-\tnone\t");
    return CLI_OK;
}

/* Roff text: a backslash is \e, a line starting with . or ' is protected,
 * and '-' is \- (a hyphen-minus, so options copy and paste). */
static void roff(const char *s, size_t len)
{
    int bol = 1;
    for (size_t i = 0; i < len && s[i]; i++) {
        char ch = s[i];
        if (bol && (ch == '.' || ch == '\''))
            fputs("\\&", stdout);
        if (ch == '\\')
            fputs("\\e", stdout);
        else if (ch == '-')
            fputs("\\-", stdout);
        else
            putchar(ch);
        bol = ch == '\n';
    }
}

static void roff_block(const char *s)
{
    puts(".nf");
    roff(s, strlen(s));
    if (*s && s[strlen(s) - 1] != '\n')
        putchar('\n');
    puts(".fi");
}

static void upper(const char *s)
{
    for (; *s; s++)
        putchar(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
}

static int man_page(const char *name)
{
    if (!name) {
        printf(".TH CTOME 1 \"\" \"ctome %s\" \"ctome manual\"\n.SH NAME\nctome \\- C. elegans connectome "
               "science from the command line\n.SH SYNOPSIS\n.B ctome\n.I command\n[\n.I options\n]\n"
               ".SH COMMANDS\n", ctome_version());
        for (size_t i = 0; cli_command_at(i); i++) {
            const cli_command *c = cli_command_at(i);
            printf(".TP\n.B %s\n", c->name);
            roff(c->summary, strlen(c->summary));
            printf("%s", listed(c) ? " (see\n.BR ctome\\-" : "\n");
            if (listed(c)) {
                roff(c->name, strlen(c->name));
                puts(" (1))");
            }
        }
        puts(".SH EXIT STATUS\n0 success, 1 failure (bad input, a computation that failed), 2 usage error.\n"
             ".SH ENVIRONMENT\n.TP\n.B CTOME_DATA\nthe data folder (default: the source tree's data/, else the "
             "installed share/ctome).\n.SH SEE ALSO\nThe command-line reference docs/cli.md and the methods "
             "docs/methods.md in the source distribution.");
        return CLI_OK;
    }
    const cli_command *c = cli_find_command(name);
    if (!c || !listed(c))
        return cli_usage_error("__man", "unknown command '%s'", name);
    fputs(".TH CTOME-", stdout);
    upper(c->name);
    printf(" 1 \"\" \"ctome %s\" \"ctome manual\"\n.SH NAME\nctome\\-", ctome_version());
    roff(c->name, strlen(c->name));
    fputs(" \\- ", stdout);
    roff(c->summary, strlen(c->summary));
    puts("\n.SH DESCRIPTION");
    roff_block(c->usage);
    if (c->opts) {
        puts(".SH OPTIONS");
        for (const cli_opt *o = c->opts;; o++) {
            static const cli_opt help = {"help", 'h', 0, NULL, "show this help", CLI_VAL_NONE, NULL, 0, NULL};
            const cli_opt *e = o->name ? o : &help;
            if (!(e->flags & CLI_OPT_DEPRECATED)) {
                fputs(".TP\n.B ", stdout);
                if (e->letter)
                    printf("\\-%c, ", e->letter);
                fputs("\\-\\-", stdout);
                roff(e->name, strlen(e->name));
                if (e->metavar) {
                    fputs(" \\fI", stdout);
                    roff(e->metavar, strlen(e->metavar));
                    fputs("\\fR", stdout);
                }
                putchar('\n');
                const char *h = e->help ? e->help : "";
                for (const char *nl; (nl = strchr(h, '\n')); h = nl + 1) {
                    roff(h, (size_t)(nl - h));
                    puts("\n.br");
                }
                roff(h, strlen(h));
                putchar('\n');
                if (e->kind == CLI_VAL_ENUM && e->values) {
                    puts(".br");
                    roff(e->values, strlen(e->values));
                    putchar('\n');
                }
            } else {
                printf(".TP\n.B %s", *e->name ? "\\-\\-" : "\\-");
                if (*e->name)
                    roff(e->name, strlen(e->name));
                else
                    putchar(e->letter);
                fputs("\nold spelling of \\-\\-", stdout);
                roff(e->alias_of, strlen(e->alias_of));
                puts(" (accepted with a warning)");
            }
            if (!o->name)
                break;
        }
    }
    if (c->references && *c->references) {
        puts(".SH REFERENCES");
        roff_block(c->references);
    }
    puts(".SH SEE ALSO\n.BR ctome (1)");
    return CLI_OK;
}

/* The long options of a command without a table yet: every "--word" in its
 * usage text, so completion covers all commands while they move onto tables. */
static void usage_words(const char *u)
{
    const char *seen[128];
    size_t ns[128], n = 0;
    for (const char *s = u; (s = strstr(s, "--")); ) {
        s += 2;
        size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (len < 2 || (s > u + 2 && s[-3] != ' ' && s[-3] != '[' && s[-3] != '(' && s[-3] != '\n' && s[-3] != '|'))
            continue;
        int dup = 0;
        for (size_t i = 0; i < n; i++)
            dup |= ns[i] == len && strncmp(seen[i], s, len) == 0;
        if (!dup && n < 128) {
            seen[n] = s;
            ns[n++] = len;
            printf(" --%.*s", (int)len, s);
        }
    }
}

static void enum_words(const char *v)
{
    for (; *v; v++)
        putchar(*v == '|' ? ' ' : *v);
}

static int completion(void)
{
    puts("# bash completion for ctome, generated by `ctome __completion` from the option tables.");
    puts("_ctome()\n{\n    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=${COMP_WORDS[1]} opts=\n"
         "    [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}");
    fputs("    local cmds=\"", stdout);
    for (size_t i = 0; cli_command_at(i); i++)
        printf("%s%s", i ? " " : "", cli_command_at(i)->name);
    puts("\"\n    if [ \"$COMP_CWORD\" -le 1 ]; then\n"
         "        COMPREPLY=($(compgen -W \"$cmds --help --version\" -- \"$cur\"))\n        return\n    fi\n"
         "    case $cmd in");
    puts("    help) [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W \"$cmds\" -- \"$cur\")); return;;");
    for (size_t i = 0; cli_command_at(i); i++) {
        const cli_command *c = cli_command_at(i);
        if (!listed(c))
            continue;
        printf("    %s)\n        opts=\"--help", c->name);
        if (c->opts) {
            for (const cli_opt *o = c->opts; o->name; o++)
                if (!(o->flags & CLI_OPT_DEPRECATED))
                    printf(" --%s", o->name);
        } else {
            usage_words(c->usage);
        }
        puts("\"");
        if (c->opts) {
            puts("        case $prev in");
            for (const cli_opt *o = c->opts; o->name; o++) {
                const cli_opt *t = o;
                if (o->flags & CLI_OPT_DEPRECATED)
                    for (const cli_opt *u = c->opts; u->name; u++)
                        if (!(u->flags & CLI_OPT_DEPRECATED) && strcmp(u->name, o->alias_of) == 0)
                            t = u;
                if (!t->metavar)
                    continue;
                fputs("        ", stdout);
                if (*o->name)
                    printf("--%s", o->name);
                if (o->letter)
                    printf("%s-%c", *o->name ? "|" : "", o->letter);
                fputs(") ", stdout);
                switch (t->kind) {
                case CLI_VAL_ENUM:
                    fputs("COMPREPLY=($(compgen -W \"", stdout);
                    enum_words(t->values ? t->values : "");
                    fputs("\" -- \"$cur\"))", stdout);
                    break;
                case CLI_VAL_DIR: fputs("COMPREPLY=($(compgen -d -- \"$cur\"))", stdout); break;
                case CLI_VAL_FILE: fputs("COMPREPLY=($(compgen -f -- \"$cur\"))", stdout); break;
                default: fputs("COMPREPLY=()", stdout); break;
                }
                puts("; return;;");
            }
            puts("        esac");
        }
        puts("        ;;");
    }
    puts("    esac\n    if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "    else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n    fi\n}\ncomplete -o filenames -F _ctome ctome");
    return CLI_OK;
}

/* Whether the help text shows the spelling: "--name" followed by a blank,
 * a comma or the end of a line, or "-x,". */
static int help_shows(const char *help, const char *spelling)
{
    size_t len = strlen(spelling);
    for (const char *h = help; (h = strstr(h, spelling)) != NULL; h += len) {
        char after = h[len];
        if ((h == help || h[-1] == ' ' || h[-1] == '[' || h[-1] == '\n') &&
            (after == ' ' || after == ',' || after == '\n' || after == ')' || after == ']'))
            return 1;
    }
    return 0;
}

static int in_table(const cli_opt *t, const char *name, size_t len)
{
    if (len == 4 && strncmp(name, "help", 4) == 0)
        return 1;
    for (; t->name; t++)
        if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
            return 1;
    return 0;
}

/* The k-th subcommand a command's usage names: the lowercase word after the
 * command's name on its "Usage: ctome swim run [...]" line and on the lines
 * "       ctome swim train [...]" that follow; 0 past the last. */
static int usage_sub(const cli_command *c, int k, char *buf, size_t n)
{
    char head[64];
    snprintf(head, sizeof head, "ctome %s ", c->name);
    for (const char *line = c->usage; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        const char *at = line + strspn(line, " ");
        if (strncmp(at, "Usage: ", 7) == 0)
            at += 7;
        if (strncmp(at, head, strlen(head)) != 0)
            continue;
        const char *w = at + strlen(head);
        size_t len = strspn(w, "abcdefghijklmnopqrstuvwxyz");
        if (len == 0 || len >= n || (w[len] != ' ' && w[len] != '\n') || k-- > 0)
            continue;
        snprintf(buf, n, "%.*s", (int)len, w);
        return 1;
    }
    return 0;
}

/* One spelling through the command's parser under check mode: accepted
 * (the parser reached the end), or its test value refused by the command
 * (a usage error from a value parser: still a handled option), or a defect. */
static int check_spelling(const cli_command *c, const char *spelling, const cli_opt *t, const char *help)
{
    static const char *const sample[] = {NULL, "/tmp/ctome-check.png", "/tmp", NULL, "1", "x"};
    const char *value = t->kind == CLI_VAL_ENUM ? NULL : sample[t->kind];
    char first[128];
    if (t->kind == CLI_VAL_ENUM) {
        snprintf(first, sizeof first, "%.*s", (int)strcspn(t->values ? t->values : "x", "|"),
                 t->values ? t->values : "x");
        value = first;
    }
    char *argv[5] = {(char *)c->name, (char *)spelling, t->metavar ? (char *)value : NULL, NULL, NULL};
    int argc = t->metavar ? 3 : 2;
    cli_opts_check_reached = cli_opts_check_unhandled = 0;
    int rc = c->run(argc, argv);
    /* A command with subcommands ("Usage: ctome swim run ...") refuses an
     * option before its subcommand without parsing it: again after each
     * subcommand its usage names until one parses it to the end. */
    char sub[32];
    for (int k = 0; !cli_opts_check_reached && !cli_opts_check_unhandled && rc == CLI_USAGE &&
                    usage_sub(c, k, sub, sizeof sub); k++) {
        argv[1] = sub;
        argv[2] = (char *)spelling;
        argv[3] = t->metavar ? (char *)value : NULL;
        rc = c->run(argc + 1, argv);
    }
    const char *why = NULL;
    if (cli_opts_check_unhandled == 2)
        why = "refused by the parser";
    else if (cli_opts_check_unhandled)
        why = "no handler in the command's switch";
    else if (!cli_opts_check_reached && rc != CLI_USAGE)
        why = "parsing did not end";
    else if (!help_shows(help, spelling))
        why = "not in the command's help";
    if (why)
        printf("FAIL %s %s: %s\n", c->name, spelling, why);
    else
        printf("ok %s %s%s\n", c->name, spelling, cli_opts_check_reached ? "" : " (test value refused)");
    return why != NULL;
}

static int check_tables(void)
{
    int bad = 0;
    cli_opts_check_only = 1;
    for (size_t i = 0; cli_command_at(i); i++) {
        const cli_command *c = cli_command_at(i);
        if (!c->opts || !listed(c))
            continue;
        char *help = NULL;
        size_t hlen = 0;
        FILE *m = open_memstream(&help, &hlen);
        if (!m)
            return cli_failf("out of memory");
        cli_print_usage(m, c->name);
        fclose(m);
        static const cli_opt help_entry = {"help", 'h', CLI_KEY_HELP, NULL, "", CLI_VAL_NONE, NULL, 0, NULL};
        for (const cli_opt *o = c->opts;; o++) {
            const cli_opt *e = o->name ? o : &help_entry, *t = e;
            if (e->flags & CLI_OPT_DEPRECATED)
                for (const cli_opt *u = c->opts; u->name; u++)
                    if (!(u->flags & CLI_OPT_DEPRECATED) && strcmp(u->name, e->alias_of) == 0)
                        t = u;
            char sp[80];
            if (e == &help_entry) {
                printf("ok %s --help\n", c->name);   /* printing help is no parse to check */
                break;
            }
            if (*e->name) {
                snprintf(sp, sizeof sp, "--%s", e->name);
                bad |= check_spelling(c, sp, t, help);
            }
            if (e->letter) {
                snprintf(sp, sizeof sp, "-%c", e->letter);
                bad |= check_spelling(c, sp, t, help);
            }
        }
        /* Every --option the prose names is in the table (a sentence left
         * behind by a rename fails). */
        const char *end = strstr(help, "\nOptions:\n");
        for (const char *s = help; (s = strstr(s, "--")) != NULL && (!end || s < end);) {
            s += 2;
            size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
            if (len >= 2 && !in_table(c->opts, s, len)) {
                printf("FAIL %s: the help's prose names --%.*s, which is not in its table\n", c->name, (int)len, s);
                bad = 1;
            }
        }
        free(help);
    }
    return bad ? CLI_FAIL : CLI_OK;
}

int cli_opts_hidden(int argc, char **argv)
{
    const char *h = argv[0];
    if (strcmp(h, "__commands") == 0 && argc == 1)
        return list_commands();
    if (strcmp(h, "__options") == 0 && argc == 2)
        return list_options(argv[1]);
    if (strcmp(h, "__man") == 0 && argc <= 2)
        return man_page(argc == 2 ? argv[1] : NULL);
    if (strcmp(h, "__completion") == 0 && argc == 1)
        return completion();
    if (strcmp(h, "__check-tables") == 0 && argc == 1)
        return check_tables();
    if (strcmp(h, "__check-options") == 0 && argc >= 2) {
        const cli_command *c = cli_find_command(argv[1]);
        if (!c || !c->opts)
            return cli_usage_error(h, "'%s' is no command with an option table", argv[1]);
        cli_opts_check_only = 1;
        return c->run(argc - 1, argv + 1);
    }
    fprintf(stderr, "ctome: unknown command '%s'\n", h);
    return CLI_USAGE;
}
