/* rec_zimmer.c — whole-brain recordings in the Zimmer-lab MATLAB layouts
 * (Kato et al. 2015 Cell 163:656; Nichols et al. 2017 Science 356:eaam6851;
 * Skora et al. 2018 Cell Rep 22:953; Kaplan et al. 2020 Neuron 105:562;
 * Uzel et al. 2022 Curr Biol 32:3443).  Layouts in docs/recordings.md.
 *
 * One worm = one struct element holding a time x neuron trace matrix, a cell
 * array of neuron IDs (one entry per ROI) and a time vector or frame rate:
 *   - WT_NoStim.mat / WT_Stim.mat (Kato 2015): 1 x N struct WT_NoStim with
 *     deltaFOverF, deltaFOverF_bc, derivs, NeuronNames, fps, tv, States;
 *   - the per-worm TS2014..._wbdata.mat files (Kato 2015, v5): a 1 x 1
 *     struct wbData with deltaFOverF, deltaFOverF_bc, deltaFOverF_deriv, tv,
 *     NeuronIds, FlNm;
 *   - Nichols 2017 (n2_let, ...), Skora 2018 (WT_fasted, WT_starved):
 *     IDs, traces, timeVectorSeconds; Uzel 2022 (Uzel_WT): IDs, traces, tv;
 *     Kaplan 2020 (..._Neuron2019): neuron_ID, traces_bleach_corrected,
 *     time_vector;
 *   - or those fields as top-level variables, or one level deeper (a scalar
 *     struct whose fields are per-worm structs, e.g. WT_data.N1).
 * Field names and priorities follow the published loaders (qsimeon/worm-graph
 * preprocessing, akshey-kumar/BunDLe-Net, openworm/neuronal-analysis).
 *
 * IDs: an entry is a name, empty (unlabelled), or a cell of candidate names
 * when the identification was ambiguous; the first candidate that is not
 * empty or the "---" placeholder is used, as the published analyses do
 * (worm-graph takes the first candidate; for Nichols 2017 the first non-empty
 * one).  A name repeated within a worm labels only its first ROI; the later
 * ones are kept unlabelled (worm-graph drops them) and counted in the
 * provenance.
 */
#include "recordings_io.h"
#include "error.h"
#include "io.h"
#include "matval.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In priority order (worm-graph: "traces" if present, else deltaFOverF_bc). */
static const char *const TRACE_FIELDS[] = {"traces", "traces_bleach_corrected", "deltaFOverF_bc", "deltaFOverF"};
static const char *const ID_FIELDS[] = {"IDs", "NeuronNames", "NeuronIds", "neuron_ID"};
static const char *const TIME_FIELDS[] = {"timeVectorSeconds", "tv", "time_vector"};
#define NOF(a) (sizeof(a) / sizeof((a)[0]))
#define TRACE_LIST "traces, traces_bleach_corrected, deltaFOverF_bc or deltaFOverF"
#define NAME_LEN 64

/* A view of one worm: a struct element, or the file's top-level variables. */
typedef struct {
    const mval *s;          /* struct, or NULL for top-level variables */
    size_t e;
    const mfile *f;
    char where[128];        /* "WT_NoStim(2)", "wbData", "" (top level) */
} worm_view;

static const mval *wv_get(const worm_view *w, const char *name)
{
    return w->s ? mval_field(w->s, w->e, name) : mfile_get(w->f, name);
}

/* First of `names` present in the worm; *which gets its name. */
static const mval *wv_first(const worm_view *w, const char *const *names, size_t n, const char **which)
{
    for (size_t i = 0; i < n; i++) {
        const mval *v = wv_get(w, names[i]);
        if (v) {
            *which = names[i];
            return v;
        }
    }
    *which = NULL;
    return NULL;
}

/* Whether the worm view looks like a Zimmer-lab worm at all. */
static int wv_is_worm(const worm_view *w)
{
    const char *which;
    return wv_first(w, TRACE_FIELDS, NOF(TRACE_FIELDS), &which) || wv_first(w, ID_FIELDS, NOF(ID_FIELDS), &which) ||
           wv_first(w, TIME_FIELDS, NOF(TIME_FIELDS), &which) || wv_get(w, "fps");
}

/* ---- IDs ---- */

/* Copy a candidate name (trimmed) into out; 0 if it is a usable name, 1 if
 * empty or a placeholder ("---", as in the wbdata NeuronIds). */
static int id_candidate(const char *s, char out[NAME_LEN])
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\0'))
        n--;
    if (n == 0 || n >= NAME_LEN || strspn(s, "-") >= n)
        return 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* The label of one ROI from its ID entry: "" if unlabelled.  *ambiguous is
 * set if the entry listed more than one usable candidate. */
static int id_of(const mval *v, int depth, char out[NAME_LEN], int *ambiguous)
{
    out[0] = '\0';
    if (!v || depth > 3)
        return 0;
    if (v->kind == MV_CHAR)
        return id_candidate(v->str, out) == 0;
    if (v->kind != MV_CELL)
        return 0;   /* [] or NaN: unlabelled */
    int found = 0;
    for (size_t i = 0; i < mval_numel(v); i++) {
        char c[NAME_LEN];
        int dummy = 0;
        if (id_of(v->elem[i], depth + 1, c, &dummy)) {
            if (!found)
                memcpy(out, c, NAME_LEN);
            else if (strcmp(c, out) != 0)
                *ambiguous = 1;
            found = 1;
        }
    }
    return found;
}

/* ---- one worm ---- */

static int is_vector(const mval *v) { return v->kind == MV_NUM && (v->rows == 1 || v->cols == 1); }

static int step_json(ctome_recording *r, const char *path, int v73, const worm_view *w, const char *tf,
                     const char *idf, const char *timef, double fps, size_t ambiguous, size_t dups)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "step", "read", "format", "zimmer-mat", "file", path,
                          "mat_version", v73 ? "7.3" : "5", "variable", w->where[0] ? w->where : "(top level)",
                          "traces_field", tf);
    if (!o)
        return ctome_error_nomem();
    int bad = 0;
    bad |= json_object_set_new(o, "ids_field", idf ? json_string(idf) : json_null());
    bad |= json_object_set_new(o, "time_field", timef ? json_string(timef) : json_string("fps"));
    if (!timef)
        bad |= json_object_set_new(o, "fps", json_real(fps));
    bad |= json_object_set_new(o, "ambiguous_ids_first_candidate", json_integer((json_int_t)ambiguous));
    bad |= json_object_set_new(o, "duplicate_ids_unlabelled", json_integer((json_int_t)dups));
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return ctome_error_nomem();
    int rc = ctome_recording_add_step(r, s);
    free(s);
    return rc;
}

static int read_worm(const char *path, const char *sha, int v73, const worm_view *w, const char *id,
                     const ctome_registry *reg, ctome_recording **out)
{
    const char *where = w->where[0] ? w->where : "top level";
    const char *tf, *idf, *timef;
    const mval *tr = wv_first(w, TRACE_FIELDS, NOF(TRACE_FIELDS), &tf);
    const mval *ids = wv_first(w, ID_FIELDS, NOF(ID_FIELDS), &idf);
    const mval *tv = wv_first(w, TIME_FIELDS, NOF(TIME_FIELDS), &timef);
    const mval *fpsv = wv_get(w, "fps");
    *out = NULL;
    if (!tr)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: no traces field (expected one of %s)", where, TRACE_LIST);
    if (tr->kind != MV_NUM)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s.%s: not a numeric time x neuron matrix (MATLAB class '%s')",
                           where, tf, tr->cls);
    if (ids && ids->kind == MV_EMPTY)
        ids = NULL;
    if (ids && ids->kind != MV_CELL)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s.%s: not a cell array of neuron IDs (MATLAB class '%s')",
                           where, idf, ids->cls);
    if (tv && tv->kind == MV_EMPTY)
        tv = NULL;
    if (tv && !is_vector(tv))
        return ctome_error(CTOME_EFORMAT, path, 0, "%s.%s: not a numeric time vector (%zux%zu %s)", where, timef,
                           tv->rows, tv->cols, tv->cls);
    /* Orientation: MATLAB stores time x neuron (rows = frames); accept the
     * transpose when only it matches the number of IDs / time stamps. */
    size_t nid = ids ? mval_numel(ids) : 0, ntv = tv ? mval_numel(tv) : 0;
    int transposed = 0;
    if (ids) {
        if (tr->cols != nid && tr->rows == nid)
            transposed = 1;
        else if (tr->cols != nid)
            return ctome_error(CTOME_EFORMAT, path, 0, "%s: %s is %zux%zu (time x neurons) but %s has %zu IDs",
                               where, tf, tr->rows, tr->cols, idf, nid);
    } else if (tv && tr->rows != ntv && tr->cols == ntv) {
        transposed = 1;
    }
    size_t nt = transposed ? tr->cols : tr->rows, nn = transposed ? tr->rows : tr->cols;
    double fps = NAN;
    if (tv) {
        if (ntv != nt)
            return ctome_error(CTOME_EFORMAT, path, 0,
                               "%s: traces/time length mismatch: %s has %zu frames but %s has %zu time stamps",
                               where, tf, nt, timef, ntv);
    } else {
        if (!fpsv || fpsv->kind != MV_NUM || mval_numel(fpsv) != 1)
            return ctome_error(CTOME_EFORMAT, path, 0,
                               "%s: no time: needs a time vector (timeVectorSeconds, tv or time_vector) or a scalar fps",
                               where);
        fps = fpsv->num[0];
        if (!isfinite(fps) || fps <= 0)
            return ctome_error(CTOME_EVALUE, path, 0, "%s.fps: bad frame rate %g", where, fps);
    }
    ctome_recording *r = NULL;
    int rc = ctome_recording_new(id, nn, nt, &r);
    if (rc)
        return rc;
    size_t ambiguous = 0, dups = 0;
    for (size_t i = 0; i < nn; i++)
        for (size_t t = 0; t < nt; t++)
            r->traces[i * nt + t] = transposed ? tr->num[t * nn + i] : tr->num[i * nt + t];
    for (size_t t = 0; t < nt; t++)
        r->time[t] = tv ? tv->num[t] : (double)t / fps;
    for (size_t i = 0; i < nn && ids && !rc; i++) {
        char name[NAME_LEN];
        int amb = 0;
        id_of(ids->elem[i], 0, name, &amb);
        ambiguous += (size_t)amb;
        if ((rc = ctome_recording_set_label(r, i, name, reg))) {
            rc = ctome_error(rc, path, 0, "%s.%s{%zu}: bad neuron ID '%s'", where, idf, i + 1, name);
            break;
        }
        /* A repeated name: keep the ROI, unlabelled (the first one keeps it). */
        if (name[0] && ctome_recording_find(r, r->labels[i]) != (int)i) {
            dups++;
            rc = ctome_recording_set_label(r, i, "", reg);
        }
    }
    const mval *flnm = wv_get(w, "FlNm");
    const char *worm = flnm && flnm->kind == MV_CHAR ? flnm->str : w->where;
    if (!rc && !(rc = ctome_recording_set_string(&r->dataset, w->s ? w->where : "")) &&
        !(rc = ctome_recording_set_string(&r->worm, worm)) && !(rc = ctome_recording_set_string(&r->source_file, path)))
        rc = step_json(r, path, v73, w, tf, ids ? idf : NULL, tv ? timef : NULL, fps, ambiguous, dups);
    if (!rc) {
        /* Dataset = the variable, without the element index. */
        char *paren = strchr(r->dataset, '(');
        if (paren)
            *paren = '\0';
        memcpy(r->source_sha256, sha, 65);
        rc = ctome_recording_validate(r, path);
    }
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    *out = r;
    return CTOME_OK;
}

/* ---- the file ---- */

typedef struct {
    worm_view *w;
    size_t n;
} worm_list;

static int worms_push(worm_list *l, const worm_view *w)
{
    worm_view *nw = realloc(l->w, (l->n + 1) * sizeof *nw);
    if (!nw)
        return ctome_error_nomem();
    l->w = nw;
    l->w[l->n++] = *w;
    return CTOME_OK;
}

/* Every element of struct `s` (named `name`) that is a worm; or, for a scalar
 * struct that is not itself a worm, its struct-valued fields (WT_data.N1 ...). */
static int collect_struct(const mfile *f, const mval *s, const char *name, int depth, worm_list *l)
{
    size_t ne = mval_numel(s);
    int rc = CTOME_OK;
    for (size_t e = 0; e < ne && !rc; e++) {
        worm_view w = {s, e, f, ""};
        if (ne == 1)
            snprintf(w.where, sizeof w.where, "%s", name);
        else
            snprintf(w.where, sizeof w.where, "%s(%zu)", name, e + 1);
        if (wv_is_worm(&w)) {
            rc = worms_push(l, &w);
        } else if (depth == 0 && ne == 1) {
            for (size_t k = 0; k < s->nfields && !rc; k++) {
                const mval *sub = s->elem[k];
                if (sub && sub->kind == MV_STRUCT) {
                    char nm[128];
                    snprintf(nm, sizeof nm, "%s.%s", name, s->fields[k]);
                    rc = collect_struct(f, sub, nm, depth + 1, l);
                }
            }
        }
    }
    return rc;
}

static char *file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = ctome_strdup(b);
    if (s) {
        char *dot = strrchr(s, '.');
        if (dot && dot != s)
            *dot = '\0';
    }
    return s;
}

int ctome_read_rec_zimmer(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    mfile f;
    int rc = mfile_read(path, NULL, &f);
    if (rc)
        return rc;
    worm_list l = {NULL, 0};
    char sha[65];
    char *stem = NULL;
    ctome_recordings got = {NULL, 0};
    for (size_t i = 0; i < f.n && !rc; i++)
        if (f.vals[i]->kind == MV_STRUCT)
            rc = collect_struct(&f, f.vals[i], f.names[i], 0, &l);
    worm_view top = {NULL, 0, &f, ""};
    if (!rc && l.n == 0 && wv_is_worm(&top))
        rc = worms_push(&l, &top);
    if (!rc && l.n == 0) {
        char list[200] = "";
        for (size_t i = 0; i < f.n; i++) {
            size_t k = strlen(list);
            if (k + strlen(f.names[i]) + 3 < sizeof list)
                snprintf(list + k, sizeof list - k, "%s%s", k ? ", " : "", f.names[i]);
        }
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "no Zimmer-lab worm: expected a struct (or variables) with %s, IDs/NeuronNames and "
                         "tv/timeVectorSeconds or fps (variables: %s)",
                         TRACE_LIST, list[0] ? list : "none");
    }
    if (!rc && !(stem = file_stem(path)))
        rc = CTOME_ENOMEM;
    if (!rc)
        rc = ctome_sha256_file(path, sha);
    for (size_t i = 0; i < l.n && !rc; i++) {
        char id[256];
        if (l.n == 1)
            snprintf(id, sizeof id, "%s", stem);
        else
            snprintf(id, sizeof id, "%s-%zu", stem, i + 1);
        ctome_recording *r = NULL;
        if (!(rc = read_worm(path, sha, f.v73, &l.w[i], id, reg, &r)))
            rc = ctome_recordings_push(&got, r);
    }
    /* All or nothing: the caller's list grows only if every worm read. */
    for (size_t i = 0; i < got.n && !rc; i++) {
        rc = ctome_recordings_push(out, got.r[i]);
        if (!rc)
            got.r[i] = NULL;
    }
    for (size_t i = 0; i < got.n; i++)
        if (got.r[i])
            ctome_recording_free(got.r[i]);
    free(got.r);
    free(stem);
    free(l.w);
    mfile_free(&f);
    return rc;
}
