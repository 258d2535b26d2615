#include "textutil.h"
#include "error.h"
#include "io.h"
#include "connectome.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Bytes asked of zlib per refill.  Lines longer than this grow the buffer
 * (doubling); the file itself is never held whole. */
#define TEXT_CHUNK ((size_t)1 << 18)
/* A longer "line" is binary data or a damaged file, not a table row. */
#define TEXT_MAX_LINE ((size_t)1 << 30)

/* Move the unread bytes to the front of the buffer and append the next
 * chunk of the file (decompressed when it is gzip).  Lines handed out before
 * are invalidated.  Errors: a damaged or cut gzip stream, a read error, a
 * line longer than TEXT_MAX_LINE, each naming the file and the line. */
static int text_fill(ctome_text *t)
{
    if (t->eof)
        return CTOME_OK;
    if (t->pos) {
        memmove(t->buf, t->buf + t->pos, t->len - t->pos);
        t->len -= t->pos;
        t->pos = 0;
    }
    if (t->cap - t->len < TEXT_CHUNK / 2) {
        if (t->cap >= TEXT_MAX_LINE)
            return ctome_error(CTOME_EFORMAT, t->path, t->line + 1,
                               "line longer than %zu bytes (a binary or damaged file?)", TEXT_MAX_LINE);
        char *nb = realloc(t->buf, 2 * t->cap + 1);
        if (!nb)
            return ctome_error_nomem();
        t->buf = nb;
        t->cap *= 2;
    }
    int got = gzread((gzFile)t->gz, t->buf + t->len, (unsigned)(t->cap - t->len));
    int zerr = Z_OK;
    const char *zmsg = gzerror((gzFile)t->gz, &zerr);
    if (got < 0 || (zerr != Z_OK && zerr != Z_BUF_ERROR) || (got == 0 && zerr == Z_BUF_ERROR)) {
        if (zerr == Z_ERRNO)
            return ctome_error(CTOME_EIO, t->path, t->line + 1, "read error: %s", strerror(errno));
        /* zlib's message repeats the path: keep only the reason */
        size_t pl = strlen(t->path);
        if (zmsg && strncmp(zmsg, t->path, pl) == 0 && strncmp(zmsg + pl, ": ", 2) == 0)
            zmsg += pl + 2;
        return ctome_error(CTOME_EFORMAT, t->path, t->line + 1, "damaged gzip data after line %ld: %s",
                           t->line, zmsg && *zmsg ? zmsg : "unknown zlib error");
    }
    if (got == 0)
        t->eof = 1;
    t->len += (size_t)got;
    t->buf[t->len] = '\0';
    return CTOME_OK;
}

int ctome_text_open(ctome_text *t, const char *path)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    /* The same checks and messages as whole-file reading: missing, a
     * directory, not regular, unreadable. */
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    gzFile z = gzopen(path, "rb");   /* plain files pass through unchanged */
    if (!z)
        return ctome_error(CTOME_EIO, path, 0, "cannot open: %s", strerror(errno));
    gzbuffer(z, (unsigned)TEXT_CHUNK);
    t->gz = z;
    t->cap = TEXT_CHUNK;
    if (!(t->buf = malloc(t->cap + 1))) {
        ctome_text_close(t);
        return ctome_error_nomem();
    }
    if ((rc = text_fill(t))) {
        ctome_text_close(t);
        return rc;
    }
    if (t->len == 0) {
        ctome_text_close(t);
        return ctome_error(CTOME_EFORMAT, path, 0, "empty file");
    }
    t->compressed = !gzdirect(z);
    /* Spreadsheet exports often start with a UTF-8 byte-order mark. */
    if (t->len >= 3 && (unsigned char)t->buf[0] == 0xEF && (unsigned char)t->buf[1] == 0xBB &&
        (unsigned char)t->buf[2] == 0xBF)
        t->pos = 3;
    return CTOME_OK;
}

void ctome_text_close(ctome_text *t)
{
    if (t->gz)
        gzclose_r((gzFile)t->gz);
    t->gz = NULL;
    free(t->buf);
    t->buf = NULL;
    t->len = t->pos = t->cap = 0;
}

int ctome_text_next(ctome_text *t, char **line)
{
    if (!t->buf || t->rc)
        return 0;
    size_t i = t->pos;
    for (;;) {
        while (i < t->len && t->buf[i] != '\n' && t->buf[i] != '\r')
            i++;
        /* A line end is known once its byte (and, after a CR, the next one:
         * CRLF is one end) is in the buffer, or at the end of the file. */
        if (t->eof || (i < t->len && (t->buf[i] == '\n' || i + 1 < t->len)))
            break;
        size_t done = i - t->pos;
        int rc = text_fill(t);
        if (rc) {
            t->rc = rc;   /* the caller reads it: 0 here is not the end of the file */
            return 0;
        }
        i = t->pos + done;
    }
    if (t->pos >= t->len)
        return 0;
    char *s = t->buf + t->pos;
    size_t end = i;
    if (i < t->len && t->buf[i] == '\r')
        i++;
    if (i < t->len && t->buf[i] == '\n' && (i == end || t->buf[i - 1] == '\r'))
        i++;
    t->buf[end] = '\0';
    t->pos = i;
    t->line++;
    *line = s;
    return 1;
}

int ctome_text_is_skippable(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '\0' || *line == '#';
}

char ctome_text_detect_delim(const char *line)
{
    if (strchr(line, '\t'))
        return '\t';
    if (strchr(line, ','))
        return ',';
    if (strchr(line, ';'))
        return ';';
    return ' ';
}

void ctome_fields_free(ctome_fields *fs)
{
    free(fs->f);
    fs->f = NULL;
    fs->n = fs->cap = 0;
}

static int fields_push(ctome_fields *fs, char *s)
{
    int rc = ctome_read_grow((void **)&fs->f, &fs->cap, fs->n, sizeof *fs->f);
    if (rc)
        return rc;
    fs->f[fs->n++] = s;
    return CTOME_OK;
}

char *ctome_text_trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Unquote one field in place: leading blanks, "...", "" -> ", trailing blanks.
 * `*end` is set to the first byte after the field's content (the delimiter or
 * NUL).  Text after a closing quote up to the delimiter is kept, as Excel does. */
static int take_field(char *s, char delim, char **field, char **end, const char *path, long lineno)
{
    char *p = s;
    while (*p == ' ' || (*p == '\t' && delim != '\t'))
        p++;
    if (*p != '"') {
        char *q = p;
        if (delim == ' ')
            while (*q && *q != ' ' && *q != '\t')
                q++;
        else
            while (*q && *q != delim)
                q++;
        *field = p;
        *end = q;
        return CTOME_OK;
    }
    char *w = p, *r = p + 1;
    for (;;) {
        if (*r == '\0')
            return ctome_error(CTOME_EFORMAT, path, lineno, "unterminated quoted field '%.40s'", p);
        if (*r == '"') {
            if (r[1] == '"') {
                *w++ = '"';
                r += 2;
                continue;
            }
            r++;
            break;
        }
        *w++ = *r++;
    }
    /* Copy anything between the closing quote and the delimiter. */
    if (delim == ' ')
        while (*r && *r != ' ' && *r != '\t')
            *w++ = *r++;
    else
        while (*r && *r != delim)
            *w++ = *r++;
    *field = p;
    *end = r;
    /* Terminate the unquoted copy now; the caller overwrites *end only when
     * it is the delimiter, so keep w <= r. */
    if (w < r)
        *w = '\0';
    return CTOME_OK;
}

int ctome_text_split(char *line, char delim, ctome_fields *fs, const char *path, long lineno)
{
    fs->n = 0;
    char *p = line;
    if (delim == ' ') {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            return CTOME_OK;
    }
    for (;;) {
        char *field = NULL, *end = NULL;
        int rc = take_field(p, delim, &field, &end, path, lineno);
        if (rc)
            return rc;
        int last = *end == '\0';
        *end = '\0';
        if ((rc = fields_push(fs, ctome_text_trim(field))))
            return rc;
        if (last)
            return CTOME_OK;
        p = end + 1;
        if (delim == ' ') {
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '\0')
                return CTOME_OK;
        }
    }
}

int ctome_text_is_number(const char *s, double *v)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return 0;
    double x = strtod(s, NULL);
    if (!isfinite(x))
        return 0;
    if (v)
        *v = x;
    return 1;
}

int ctome_text_number(const char *s, const char *what, const char *path, long lineno, double *v)
{
    if (!ctome_text_is_number(s, v))
        return ctome_error(CTOME_EFORMAT, path, lineno, "%s is not a number: '%s'", what, s);
    return CTOME_OK;
}

int ctome_text_weight(const char *s, const char *what, const char *path, long lineno, double *w)
{
    int rc = ctome_text_number(s, what, path, lineno, w);
    if (rc)
        return rc;
    if (*w < 0)
        return ctome_error(CTOME_EVALUE, path, lineno, "negative %s '%s'", what, s);
    return CTOME_OK;
}

int ctome_text_layer_weight(const char *s, const char *layer, const char *what, const char *path,
                            long lineno, double *w)
{
    return ctome_layer_default_signed(layer) ? ctome_text_number(s, what, path, lineno, w)
                                             : ctome_text_weight(s, what, path, lineno, w);
}

static int fold(int ch)
{
    if (ch == '_' || ch == '-')
        return ' ';
    return tolower((unsigned char)ch);
}

int ctome_text_name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (fold(*a) != fold(*b))
            return 0;
    return *a == *b;
}

int ctome_text_name_in(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (ctome_text_name_eq(s, *names))
            return 1;
    return 0;
}

const ctome_alias *ctome_read_aliases(ctome_connectome *c, const ctome_read_opts *o,
                                      const ctome_alias *deflt)
{
    const ctome_alias *saved = c->aliases;
    if (o && o->aliases)
        c->aliases = o->aliases;
    else if (deflt)
        c->aliases = deflt;
    return saved;
}

int ctome_read_add_named(ctome_connectome *c, const char *layer, const char *src, const char *dst,
                         double w, const char *path, long line)
{
    int s, d, rc;
    if ((rc = ctome_connectome_node(c, src, path, line, &s)) ||
        (rc = ctome_connectome_node(c, dst, path, line, &d)))
        return rc;
    return ctome_connectome_add(c, layer, s, d, w, path, line);
}

int ctome_read_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return CTOME_OK;
    size_t nc = *cap ? 2 * *cap : 256;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return ctome_error_nomem();
    *arr = p;
    *cap = nc;
    return CTOME_OK;
}

ctome_layer *ctome_read_layer_directed(ctome_connectome *c, const char *name, int directed)
{
    ctome_layer *l = ctome_connectome_layer(c, name);
    if (l && l->n == 0)
        l->directed = directed;
    return l;
}

int ctome_rows_open(ctome_rows *r, const char *path, char delim, const ctome_read_opts *o,
                    const ctome_alias *deflt, ctome_connectome *c)
{
    memset(r, 0, sizeof *r);
    r->delim = delim;
    r->c = c;
    r->saved = c->aliases;
    int rc = ctome_text_open(&r->t, path);
    if (rc)
        return rc;
    ctome_read_aliases(c, o, deflt);
    return CTOME_OK;
}

int ctome_rows_next(ctome_rows *r, int *rc)
{
    char *line;
    *rc = CTOME_OK;
    while (ctome_text_next(&r->t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if (!r->delim)
            r->delim = ctome_text_detect_delim(line);
        *rc = ctome_text_split(line, r->delim, &r->fs, r->t.path, r->t.line);
        return *rc == CTOME_OK;
    }
    *rc = r->t.rc;   /* a damaged gzip stream is an error, not the end */
    return 0;
}

void ctome_rows_close(ctome_rows *r)
{
    if (r->c)
        r->c->aliases = r->saved;
    ctome_fields_free(&r->fs);
    ctome_text_close(&r->t);
}
