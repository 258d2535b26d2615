/* rec_atanas.c — the Atanas et al. 2023 (Cell 186:4134) sample recording as
 * exported by B. Threlfall (the_worm_machine, data/SOURCES.md):
 *
 *   time_trace.json   [[t_seconds, [v_0, ..., v_{n-1}]], ...]   one frame per volume
 *   neurons.json      ["SAADR", "IL1R", ...]   (beside it; the first n name the columns)
 *
 * Values are the WormWideWeb trace_array (per-neuron z-scored GCaMP7f
 * ratiometric activity); `null` is read as a missing sample.
 *
 * The outer array is walked frame by frame: each frame is parsed on its own
 * by jansson (JSON_DISABLE_EOF_CHECK stops after one value and reports the
 * bytes consumed), so memory holds one frame's JSON tree at a time plus the
 * numbers, and an error names the frame index and byte offset.  Frames of
 * the common shape (numbers only, the expected count) are read straight
 * from the text by fast_frame; anything else goes through jansson.
 * O(file size).
 */
#include "recordings_io.h"
#include "rec_internal.h"
#include "error.h"
#include "io.h"

#include <jansson.h>

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATANAS_INDICATOR "GCaMP7f"

typedef struct {
    double *t;        /* frames */
    double *v;        /* frames x n, frame-major */
    size_t frames, cap, n;
} frame_buf;

static void frame_buf_free(frame_buf *b)
{
    free(b->t);
    free(b->v);
}

static int frame_buf_grow(frame_buf *b)
{
    if (b->frames < b->cap)
        return CTOME_OK;
    size_t cap = b->cap ? 2 * b->cap : 1024;
    double *t = realloc(b->t, cap * sizeof *t);
    if (!t)
        return ctome_error_nomem();
    b->t = t;
    double *v = realloc(b->v, cap * (b->n ? b->n : 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    b->v = v;
    b->cap = cap;
    return CTOME_OK;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    return i;
}

/* One frame [t, [values]]: appended to b (b->n fixed by frame 0). */
static int take_frame(const char *path, json_t *fr, size_t k, size_t off, frame_buf *b)
{
    json_t *jt = json_array_get(fr, 0), *jv = json_array_get(fr, 1);
    if (!json_is_array(fr) || json_array_size(fr) != 2 || !json_is_number(jt) || !json_is_array(jv))
        return ctome_error(CTOME_EFORMAT, path, 0, "frame %zu (byte %zu): expected [time, [values...]]", k, off);
    size_t n = json_array_size(jv);
    if (k == 0) {
        if (n == 0)
            return ctome_error(CTOME_EFORMAT, path, 0, "frame 0 (byte %zu): no values", off);
        b->n = n;
    } else if (n != b->n) {
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "mismatched trace lengths: frame %zu (byte %zu) has %zu values, frame 0 has %zu", k, off,
                           n, b->n);
    }
    int rc = frame_buf_grow(b);
    if (rc)
        return rc;
    b->t[b->frames] = json_number_value(jt);
    double *row = b->v + b->frames * b->n;
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(jv, i);
        if (json_is_number(x))
            row[i] = json_number_value(x);
        else if (json_is_null(x))
            row[i] = NAN;
        else
            return ctome_error(CTOME_EFORMAT, path, 0, "frame %zu (byte %zu): value %zu is not a number", k, off, i);
    }
    b->frames++;
    return CTOME_OK;
}

/* Length of a JSON number (RFC 8259 §6: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)
 * at s, or 0 if there is none. */
static size_t json_number_len(const char *s, const char *end)
{
    const char *p = s;
    if (p < end && *p == '-')
        p++;
    if (p >= end || !isdigit((unsigned char)*p))
        return 0;
    if (*p == '0')
        p++;
    else
        while (p < end && isdigit((unsigned char)*p))
            p++;
    if (p < end && *p == '.') {
        if (++p >= end || !isdigit((unsigned char)*p))
            return 0;
        while (p < end && isdigit((unsigned char)*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || !isdigit((unsigned char)*p))
            return 0;
        while (p < end && isdigit((unsigned char)*p))
            p++;
    }
    return (size_t)(p - s);
}

/* A JSON number token as a double.  strtod reads exactly the token (it is
 * valid JSON, hence valid C), so the result equals jansson's. */
static int take_number(const char **pp, const char *end, double *v)
{
    size_t n = json_number_len(*pp, end);
    if (n == 0 || n >= 64)
        return 0;
    char tok[64];
    memcpy(tok, *pp, n);
    tok[n] = '\0';
    *v = strtod(tok, NULL);
    *pp += n;
    return 1;
}

static const char *ws(const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* The fast path for the common frame: '[' number ',' '[' number (',' number)* ']' ']'
 * with numbers only, appended to b straight from the text.  Returns the bytes
 * consumed, or 0 (nothing appended) when the frame is anything else — null
 * values, a wrong count, malformed JSON — so that jansson parses it and
 * names the problem.  About 5x faster than building jansson's tree. */
static size_t fast_frame(const char *s, const char *end, size_t k, frame_buf *b)
{
    if (k > 0 && frame_buf_grow(b))
        return 0;
    const char *p = ws(s, end);
    double t;
    if (p >= end || *p != '[')
        return 0;
    p = ws(p + 1, end);
    if (!take_number(&p, end, &t))
        return 0;
    p = ws(p, end);
    if (p >= end || *p != ',')
        return 0;
    p = ws(p + 1, end);
    if (p >= end || *p != '[')
        return 0;
    /* Frame 0 fixes n: let jansson read it. */
    if (k == 0 || b->n == 0)
        return 0;
    double *row = b->v + b->frames * b->n;
    size_t i = 0;
    for (;;) {
        p = ws(p + 1, end);
        if (i >= b->n || !take_number(&p, end, &row[i]))
            return 0;
        i++;
        p = ws(p, end);
        if (p < end && *p == ']')
            break;
        if (p >= end || *p != ',')
            return 0;
    }
    if (i != b->n)
        return 0;
    p = ws(p + 1, end);
    if (p >= end || *p != ']')
        return 0;
    b->t[b->frames++] = t;
    return (size_t)(p + 1 - s);
}

static int parse_frames(const char *path, const char *s, size_t len, frame_buf *b)
{
    /* strtod follows LC_NUMERIC; the fast path is used only where the
     * decimal point is '.', as JSON's. */
    const int fast_ok = localeconv()->decimal_point[0] == '.' && localeconv()->decimal_point[1] == '\0';
    size_t i = skip_ws(s, len, 0);
    if (i >= len || s[i] != '[')
        return ctome_error(CTOME_EFORMAT, path, 0, "expected a JSON array of [time, [values]] frames");
    i = skip_ws(s, len, i + 1);
    if (i < len && s[i] == ']')
        return ctome_error(CTOME_EFORMAT, path, 0, "no frames (empty array)");
    for (size_t k = 0;; k++) {
        size_t used = fast_ok ? fast_frame(s + i, s + len, k, b) : 0;
        if (used) {
            i = skip_ws(s, len, i + used);
            if (i >= len)
                return ctome_error(CTOME_EFORMAT, path, 0, "truncated file: no ']' after frame %zu", k);
            if (s[i] == ']')
                break;
            if (s[i] != ',')
                return ctome_error(CTOME_EFORMAT, path, 0, "byte %zu: expected ',' or ']' after frame %zu, found '%c'",
                                   i, k, s[i]);
            i = skip_ws(s, len, i + 1);
            continue;
        }
        json_error_t e;
        json_t *fr = json_loadb(s + i, len - i, JSON_DISABLE_EOF_CHECK, &e);
        if (!fr) {
            if (i + (size_t)e.position >= len)
                return ctome_error(CTOME_EFORMAT, path, 0, "truncated file: frame %zu (byte %zu) is incomplete", k, i);
            return ctome_error(CTOME_EFORMAT, path, 0, "frame %zu (byte %zu): %s", k, i + (size_t)e.position,
                               e.text);
        }
        int rc = take_frame(path, fr, k, i, b);
        json_decref(fr);
        if (rc)
            return rc;
        i = skip_ws(s, len, i + (size_t)e.position);
        if (i >= len)
            return ctome_error(CTOME_EFORMAT, path, 0, "truncated file: no ']' after frame %zu", k);
        if (s[i] == ']')
            break;
        if (s[i] != ',')
            return ctome_error(CTOME_EFORMAT, path, 0, "byte %zu: expected ',' or ']' after frame %zu, found '%c'", i,
                               k, s[i]);
        i = skip_ws(s, len, i + 1);
    }
    return CTOME_OK;
}

/* neurons.json beside `path`: at least n names; the first n label the
 * columns. */
static int read_names(const char *path, size_t n, json_t **names, char **npath)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path)) : ctome_strdup(".");
    if (!dir)
        return ctome_error_nomem();
    *npath = ctome_path_join(dir, "neurons.json");
    free(dir);
    if (!*npath)
        return ctome_error_nomem();
    int rc = ctome_file_check(*npath);
    if (rc)
        return ctome_error(rc, *npath, 0, "the neuron list beside '%s' is missing or unreadable", path);
    json_error_t e;
    json_t *a = json_load_file(*npath, 0, &e);
    if (!a)
        return ctome_error(CTOME_EFORMAT, *npath, e.line, "%s", e.text);
    if (!json_is_array(a)) {
        json_decref(a);
        return ctome_error(CTOME_EFORMAT, *npath, 0, "expected a JSON array of neuron names");
    }
    if (json_array_size(a) < n) {
        size_t got = json_array_size(a);
        json_decref(a);
        return ctome_error(CTOME_EFORMAT, *npath, 0, "%zu names for %zu trace columns in '%s'", got, n, path);
    }
    for (size_t i = 0; i < n; i++)
        if (!json_is_string(json_array_get(a, i))) {
            json_decref(a);
            return ctome_error(CTOME_EFORMAT, *npath, 0, "entry %zu is not a string", i);
        }
    *names = a;
    return CTOME_OK;
}

static int build(const char *path, const frame_buf *b, json_t *names, const char *npath, const ctome_registry *reg,
                 ctome_recording **out)
{
    char sha[65];
    int rc = ctome_sha256_file(path, sha);
    if (rc)
        return rc;
    const rec_known *k = rec_known_file(sha);
    char *id = NULL;
    if (!k) {
        /* Not the bundled file: name it after its directory (one worm per
         * directory in this layout). */
        const char *slash = strrchr(path, '/');
        char *dir = slash ? strndup(path, (size_t)(slash - path)) : ctome_strdup(".");
        if (!dir)
            return ctome_error_nomem();
        id = rec_file_stem(dir);
        free(dir);
        if (!id)
            return ctome_error_nomem();
    }
    ctome_recording *r = NULL;
    rc = ctome_recording_new(k ? k->id : id, b->n, b->frames, &r);
    free(id);
    if (rc)
        return rc;
    for (size_t t = 0; t < b->frames; t++) {
        r->time[t] = b->t[t];
        for (size_t i = 0; i < b->n; i++)
            r->traces[i * b->frames + t] = b->v[t * b->n + i];
    }
    for (size_t i = 0; i < b->n && !rc; i++)
        if ((rc = ctome_recording_set_label(r, i, json_string_value(json_array_get(names, i)), reg)))
            rc = ctome_error(rc, npath, 0, "entry %zu: bad neuron name '%s'", i,
                             json_string_value(json_array_get(names, i)));
    size_t dups = rc ? 0 : rec_unlabel_duplicates(r);
    if (!rc && k)
        rc = ctome_recording_set_string(&r->dataset, k->dataset) || ctome_recording_set_string(&r->worm, k->worm)
                 ? CTOME_ENOMEM
                 : CTOME_OK;
    if (!rc)
        rc = ctome_recording_set_string(&r->indicator, ATANAS_INDICATOR);
    if (!rc) {
        json_t *x = json_pack("{s:s, s:I}", "names_file", npath, "duplicate_names_unlabelled", (json_int_t)dups);
        rc = x ? rec_finish(r, path, sha, ctome_rec_format_name(CTOME_REC_ATANAS_JSON), x) : ctome_error_nomem();
    }
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    *out = r;
    return CTOME_OK;
}

int ctome_read_rec_atanas(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    frame_buf b = {0};
    json_t *names = NULL;
    char *npath = NULL;
    ctome_recording *r = NULL;
    rc = parse_frames(path, buf, len, &b);
    free(buf);
    if (!rc)
        rc = read_names(path, b.n, &names, &npath);
    if (!rc)
        rc = build(path, &b, names, npath, reg, &r);
    if (!rc)
        rc = ctome_recordings_push(out, r);
    json_decref(names);
    free(npath);
    frame_buf_free(&b);
    return rc;
}
