/* rec_nwb.c — whole-brain recordings in NWB 2.x files (HDF5), two layouts
 * (docs/recordings.md):
 *
 * (b) the standard optophysiology layout (NWB core nwb.ophys): every group
 *     under /acquisition or /processing whose neurodata_type is
 *     RoiResponseSeries (usually /processing/ophys/Fluorescence/<name> or
 *     .../DfOverF/<name>) is one recording:
 *       data        numeric [num_times] or [num_times, num_ROIs]   (x conversion, + offset)
 *       timestamps  float64 [num_times], or starting_time (scalar) with attr rate (Hz)
 *       rois        DynamicTableRegion (hdmf-common): int rows into the table
 *                   named by its object-reference attribute `table`, a
 *                   PlaneSegmentation whose label column (the first of
 *                   LABEL_COLUMNS present; ragged columns with a <col>_index
 *                   give the first non-empty entry of the row) names the ROI;
 *                   its link imaging_plane/indicator names the indicator.
 * (a) one TimeSeries per neuron, as the OpenSourceBrain conversion of Scholz
 *     et al. 2018 writes it: /acquisition/Activity_NNNN groups (neurodata_type
 *     TimeSeries), each with a 1-D gzip-chunked `data` and its own
 *     `timestamps`, which must be identical across neurons (checked).
 *     Neurons are unlabelled.  Used when no RoiResponseSeries exists.
 *
 * Indicator: imaging_plane/indicator, else the first
 * /general/optophysiology/<plane>/indicator, else from the strain named in
 * /general/subject (strain, genotype), the session description or the series
 * comments (STRAINS: the Leifer-lab strains of Scholz 2018).
 * Cost: O(file) reads; the per-neuron layout compares n x T time stamps.
 */
#include "recordings_io.h"
#include "rec_internal.h"
#include "rec_nwb_internal.h"
#include "error.h"
#include "io.h"
#include "h5guard.h"
#include "h5util.h"

#include <hdf5.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Column names of a PlaneSegmentation that carry neuron identities: NWB core
 * defines none; ndx-multichannel-volume (C. elegans NWB, Sprague et al. 2024)
 * uses ID_labels, other converters label/neuron_id/neuron_name. */
static const char *const LABEL_COLUMNS[] = {"ID_labels", "label", "labels", "neuron_id", "neuron_ids",
                                            "neuron_name", "neuron_names", "name"};
#define NOF(a) (sizeof(a) / sizeof((a)[0]))

/* Scholz et al. 2018 (bioRxiv 445643) strains: AML32/AML70 express nuclear
 * GCaMP6s + tagRFP; AML18/AML175 (wtfIs3) express GFP + tagRFP, the motion
 * controls. */
static const struct {
    const char *strain, *indicator;
} STRAINS[] = {
    {"AML175", "GFP (no calcium signal: motion control)"},
    {"AML18", "GFP (no calcium signal: motion control)"},
    {"AML32", "GCaMP6s"},
    {"AML70", "GCaMP6s"},
};

/* ---- metadata ---- */

static char *find_strain_indicator(const char *s)
{
    for (size_t i = 0; s && i < NOF(STRAINS); i++) {
        const char *p = strstr(s, STRAINS[i].strain);
        /* AML18 must not match inside AML180...: the next char is no digit. */
        while (p && p[strlen(STRAINS[i].strain)] >= '0' && p[strlen(STRAINS[i].strain)] <= '9')
            p = strstr(p + 1, STRAINS[i].strain);
        if (p)
            return strdup(STRAINS[i].indicator);
    }
    return NULL;
}

static herr_t first_plane_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    char p[NWB_PATH];
    snprintf(p, sizeof p, "%s/indicator", name);
    char *s = nwb_dset_string(g, p);
    if (s && s[0]) {
        *(char **)data = s;
        return 1;
    }
    free(s);
    return 0;
}

/* Indicator from the file-level metadata (see the file comment); `extra`
 * is more text to search for a strain name (series comments). */
static char *file_indicator(const nwb *w, const char *extra)
{
    char *ind = NULL;
    if (H5Lexists(w->f, "/general", H5P_DEFAULT) > 0 &&
        H5Lexists(w->f, "/general/optophysiology", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(w->f, "/general/optophysiology", H5P_DEFAULT);
        if (g >= 0) {
            H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, first_plane_cb, &ind);
            H5Gclose(g);
        }
    }
    if (ind)
        return ind;
    static const char *const where[] = {"/general/subject/strain", "/general/subject/genotype",
                                        "/general/subject/description", "/session_description", "/identifier"};
    for (size_t i = 0; i < NOF(where) && !ind; i++) {
        /* nwb_dset_string checks existence quietly (a missing /general/subject
         * makes H5Lexists fail, which reads as absent). */
        char *s = nwb_dset_string(w->f, where[i]);
        ind = find_strain_indicator(s);
        free(s);
    }
    if (!ind)
        ind = find_strain_indicator(extra);
    return ind;
}

/* Base id: the bundled file's catalogue id, else /identifier (with '/'
 * replaced), else the file name stem. */
static char *base_id(const nwb *w, const rec_known *k)
{
    if (k)
        return strdup(k->id);
    char *s = nwb_dset_string(w->f, "/identifier");
    if (s && s[0]) {
        for (char *p = s; *p; p++)
            if (*p == '/')
                *p = '_';
        return s;
    }
    free(s);
    return rec_file_stem(w->path);
}

static int set_meta(const nwb *w, ctome_recording *r, const rec_known *k, const char *indicator)
{
    char *ident = nwb_dset_string(w->f, "/identifier");
    char *sess = nwb_dset_string(w->f, "/session_description");
    const char *dataset = k ? k->dataset : (sess && strstr(sess, "Scholz et al. 2018") ? "scholz2018" : "");
    int rc = ctome_recording_set_string(&r->dataset, dataset);
    if (!rc)
        rc = ctome_recording_set_string(&r->worm, k ? k->worm : ident ? ident : "");
    if (!rc)
        rc = ctome_recording_set_string(&r->indicator, indicator ? indicator : "");
    free(ident);
    free(sess);
    return rc;
}

/* ---- layout (a): one TimeSeries per neuron ---- */

typedef struct {
    char **names;
    size_t n, cap;
    int oom;
} name_list;

static void name_list_free(name_list *l)
{
    nwb_free_strings(l->names, l->n);
}

static int name_list_add(name_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->names, cap * sizeof *p);
        if (!p)
            return -1;
        l->names = p;
        l->cap = cap;
    }
    if (!(l->names[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

static herr_t activity_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    name_list *l = data;
    if (info->type != H5L_TYPE_HARD || strncmp(name, "Activity", 8) != 0 || !nwb_has_type(g, name, "TimeSeries"))
        return 0;
    if (name_list_add(l, name) < 0) {
        l->oom = 1;
        return -1;
    }
    return 0;
}

static int read_per_neuron(nwb *w, const name_list *l, ctome_recordings *out)
{
    hid_t acq = H5Gopen2(w->f, "/acquisition", H5P_DEFAULT);
    if (acq < 0)
        return nwb_h5err(w, CTOME_EFORMAT, "cannot open group", "/acquisition");
    size_t nn = l->n, nt = 0;
    double *time = NULL, *x = NULL;
    ctome_recording *r = NULL;
    char *comments = NULL;
    int rc = CTOME_OK;
    char gp[NWB_PATH], first[NWB_PATH] = "";
    for (size_t i = 0; i < nn && !rc; i++) {
        snprintf(gp, sizeof gp, "/acquisition/%s", l->names[i]);
        hid_t g = H5Gopen2(acq, l->names[i], H5P_DEFAULT);
        if (g < 0) {
            rc = nwb_h5err(w, CTOME_EFORMAT, "cannot open group", gp);
            break;
        }
        int rank;
        hsize_t dims[2];
        rc = nwb_read_numeric(w, g, gp, "data", &rank, dims, &x);
        if (!rc && rank != 1)
            rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s/data: rank %d, expected one trace (rank 1)", gp, rank);
        if (!rc && i == 0) {
            nt = (size_t)dims[0];
            snprintf(first, sizeof first, "%s", gp);
            rc = nwb_read_time(w, g, gp, nt, &time);
            if (!rc)
                rc = ctome_recording_new("", nn, nt, &r);
            comments = nwb_attr_string(g, "comments");
        } else if (!rc && (size_t)dims[0] != nt) {
            rc = ctome_error(CTOME_EFORMAT, w->path, 0,
                             "mismatched trace lengths: %s/data has %llu samples, %s/data has %zu", gp,
                             (unsigned long long)dims[0], first, nt);
        } else if (!rc) {
            double *ti = NULL;
            rc = nwb_read_time(w, g, gp, nt, &ti);
            for (size_t k = 0; !rc && k < nt; k++)
                if (!(ti[k] == time[k]))
                    rc = ctome_error(CTOME_EFORMAT, w->path, 0,
                                     "%s/timestamps differ from %s/timestamps at index %zu (%.9g vs %.9g)", gp,
                                     first, k, ti[k], time[k]);
            free(ti);
        }
        if (!rc) {
            nwb_apply_conversion(g, x, nt);
            memcpy(r->traces + i * nt, x, nt * sizeof *x);
        }
        free(x);
        x = NULL;
        H5Gclose(g);
    }
    H5Gclose(acq);
    if (!rc && nn)
        memcpy(r->time, time, nt * sizeof *time);
    free(time);
    const rec_known *k = rec_known_file(w->sha);
    char *id = NULL, *ind = NULL;
    if (!rc) {
        id = base_id(w, k);
        ind = file_indicator(w, comments);
        if (!id)
            rc = ctome_error_nomem();
    }
    if (!rc)
        rc = ctome_recording_set_string(&r->id, id);
    if (!rc)
        rc = set_meta(w, r, k, ind);
    if (!rc) {
        json_t *x2 = json_pack("{s:s, s:s, s:I}", "layout", "timeseries-per-neuron", "series", "/acquisition/Activity*",
                               "series_count", (json_int_t)nn);
        rc = x2 ? rec_finish(r, w->path, w->sha, ctome_rec_format_name(CTOME_REC_NWB), x2) : ctome_error_nomem();
    }
    free(id);
    free(ind);
    free(comments);
    if (!rc)
        return ctome_recordings_push(out, r);
    ctome_recording_free(r);
    return rc;
}

/* ---- layout (b): RoiResponseSeries ---- */

static herr_t rrs_visit_cb(hid_t o, const char *name, const H5O_info_t *info, void *data)
{
    name_list *l = data;
    if (info->type != H5O_TYPE_GROUP || !nwb_has_type(o, name, "RoiResponseSeries"))
        return 0;
    if (name_list_add(l, name) < 0) {
        l->oom = 1;
        return -1;
    }
    return 0;
}

/* Labels of the PlaneSegmentation `ps` for table rows `rows` (n ROIs). */
static int roi_labels(const nwb *w, hid_t ps, const char *rpath, const long long *rows, size_t n, char ***out,
                      const char **col)
{
    *out = NULL;
    *col = NULL;
    hid_t idd = H5Dopen2(ps, "id", H5P_DEFAULT);
    if (idd < 0)
        return nwb_h5err(w, CTOME_EFORMAT, "no id column in the ROI table of", rpath);
    hid_t sp = H5Dget_space(idd);
    size_t nrows = nwb_space_count(sp);
    H5Sclose(sp);
    H5Dclose(idd);
    for (size_t i = 0; i < n; i++)
        if (rows[i] < 0 || (size_t)rows[i] >= nrows)
            return ctome_error(CTOME_EFORMAT, w->path, 0, "%s/rois[%zu] = %lld: outside the ROI table (%zu rows)",
                               rpath, i, rows[i], nrows);
    char **lab = calloc(n ? n : 1, sizeof *lab);
    if (!lab)
        return ctome_error_nomem();
    for (size_t c = 0; c < NOF(LABEL_COLUMNS); c++) {
        if (H5Lexists(ps, LABEL_COLUMNS[c], H5P_DEFAULT) <= 0)
            continue;
        hid_t d = H5Dopen2(ps, LABEL_COLUMNS[c], H5P_DEFAULT);
        if (d < 0)
            continue;
        hid_t dsp = H5Dget_space(d);
        size_t nv = nwb_space_count(dsp);
        H5Sclose(dsp);
        char **v = NULL;
        int ok = nwb_read_strings(d, 0, nv, &v) == 0;
        H5Dclose(d);
        if (!ok)
            continue;   /* not a string column */
        /* Ragged column (hdmf VectorIndex <col>_index: end offsets). */
        char idxname[128];
        snprintf(idxname, sizeof idxname, "%s_index", LABEL_COLUMNS[c]);
        long long *ends = NULL;
        int bad = 0;
        if (H5Lexists(ps, idxname, H5P_DEFAULT) > 0) {
            ends = malloc((nrows ? nrows : 1) * sizeof *ends);
            hid_t di = H5Dopen2(ps, idxname, H5P_DEFAULT);
            bad = !ends || di < 0 || H5Dread(di, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, ends) < 0;
            if (di >= 0)
                H5Dclose(di);
        } else {
            bad = nv != nrows;
        }
        for (size_t i = 0; !bad && i < n; i++) {
            size_t r = (size_t)rows[i];
            const char *s = "";
            if (ends) {
                long long b = r ? ends[r - 1] : 0, e = ends[r];
                if (b < 0 || e < b || (size_t)e > nv) {
                    bad = 1;
                    break;
                }
                for (long long k = b; k < e && !s[0]; k++)
                    s = v[k];
            } else {
                s = v[r];
            }
            if (!(lab[i] = strdup(s)))
                bad = 1;
        }
        free(ends);
        nwb_free_strings(v, nv);
        if (bad) {
            nwb_free_strings(lab, n);
            return ctome_error(CTOME_EFORMAT, w->path, 0, "%s: ROI table column '%s' does not match the table's %zu rows",
                               rpath, LABEL_COLUMNS[c], nrows);
        }
        *col = LABEL_COLUMNS[c];
        *out = lab;
        return CTOME_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (!(lab[i] = strdup(""))) {
            nwb_free_strings(lab, n);
            return ctome_error_nomem();
        }
    *out = lab;
    return CTOME_OK;
}

static int read_rrs(nwb *w, const char *rel, size_t nseries, const rec_known *k, ctome_recordings *out)
{
    char gp[NWB_PATH];
    snprintf(gp, sizeof gp, "%s", rel);
    hid_t g = H5Gopen2(w->f, gp, H5P_DEFAULT);
    if (g < 0)
        return nwb_h5err(w, CTOME_EFORMAT, "cannot open group", gp);
    int rank;
    hsize_t dims[2];
    double *x = NULL, *time = NULL;
    long long *rows = NULL;
    char **lab = NULL;
    char *ind = NULL, *id = NULL;
    const char *col = NULL;
    ctome_recording *r = NULL;
    hid_t rd = -1, ps = -1;
    int rc = nwb_read_numeric(w, g, gp, "data", &rank, dims, &x);
    size_t nt = rc ? 0 : (size_t)dims[0], nr = rc ? 0 : rank == 2 ? (size_t)dims[1] : 1;
    if (!rc && rank == 0)
        rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s/data is a scalar", gp);
    if (!rc) {
        nwb_apply_conversion(g, x, nt * nr);
        rc = nwb_read_time(w, g, gp, nt, &time);
    }
    if (!rc && (rd = H5Dopen2(g, "rois", H5P_DEFAULT)) < 0)
        rc = nwb_h5err(w, CTOME_EFORMAT, "no rois (DynamicTableRegion) in", gp);
    if (!rc) {
        hid_t sp = H5Dget_space(rd);
        size_t nroi = nwb_space_count(sp);
        H5Sclose(sp);
        if (nroi != nr)
            rc = ctome_error(CTOME_EFORMAT, w->path, 0,
                             "mismatched trace lengths: %s/rois has %zu entries, data has %zu ROI columns", gp, nroi,
                             nr);
        else if (!(rows = malloc(nr * sizeof *rows)))
            rc = ctome_error_nomem();
        else if (H5Dread(rd, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0)
            rc = nwb_h5err(w, CTOME_EFORMAT, "cannot read", "rois");
    }
    if (!rc) {
        /* rois.table: an object reference to the PlaneSegmentation. */
        hobj_ref_t ref;
        hid_t a = H5Aexists(rd, "table") > 0 ? H5Aopen(rd, "table", H5P_DEFAULT) : -1;
        if (a < 0 || H5Aread(a, H5T_STD_REF_OBJ, &ref) < 0 || (ps = H5Rdereference2(rd, H5P_DEFAULT, H5R_OBJECT, &ref)) < 0)
            rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s/rois: no usable 'table' reference to a PlaneSegmentation", gp);
        if (a >= 0)
            H5Aclose(a);
    }
    if (!rc)
        rc = roi_labels(w, ps, gp, rows, nr, &lab, &col);
    if (!rc) {
        ind = nwb_dset_string(ps, "imaging_plane/indicator");
        if (!ind || !ind[0]) {
            free(ind);
            char *comments = nwb_attr_string(g, "comments");
            ind = file_indicator(w, comments);
            free(comments);
        }
        /* Several series: "<base>-<path below /processing or /acquisition>"
         * with '/' -> '.', unique because HDF5 paths are (pynwb names both
         * the Fluorescence and the DfOverF series "RoiResponseSeries"). */
        char *b = base_id(w, k);
        const char *rel = strchr(gp + 1, '/');
        rel = rel ? rel + 1 : gp;
        if (b && nseries > 1) {
            id = malloc(strlen(b) + strlen(rel) + 2);
            if (id) {
                sprintf(id, "%s-%s", b, rel);
                for (char *p = id; *p; p++)
                    if (*p == '/')
                        *p = '.';
            }
            free(b);
        } else {
            id = b;
        }
        if (!id)
            rc = ctome_error_nomem();
    }
    if (!rc)
        rc = ctome_recording_new(id, nr, nt, &r);
    if (!rc) {
        for (size_t t = 0; t < nt; t++) {
            r->time[t] = time[t];
            for (size_t i = 0; i < nr; i++)
                r->traces[i * nt + t] = x[t * nr + i];
        }
        for (size_t i = 0; i < nr && !rc; i++)
            if ((rc = ctome_recording_set_label(r, i, lab[i], w->reg)))
                rc = ctome_error(rc, w->path, 0, "%s: ROI %zu: bad neuron label '%s'", gp, i, lab[i]);
    }
    if (!rc)
        rc = set_meta(w, r, k, ind);
    if (!rc) {
        size_t dups = rec_unlabel_duplicates(r);
        json_t *e = json_pack("{s:s, s:s, s:s?, s:I}", "layout", "RoiResponseSeries", "series", gp, "label_column", col,
                              "duplicate_labels_unlabelled", (json_int_t)dups);
        rc = e ? rec_finish(r, w->path, w->sha, ctome_rec_format_name(CTOME_REC_NWB), e) : ctome_error_nomem();
    }
    if (!rc) {
        rc = ctome_recordings_push(out, r);
        r = NULL;
    }
    ctome_recording_free(r);
    nwb_free_strings(lab, nr);
    free(rows);
    free(x);
    free(time);
    free(ind);
    free(id);
    if (ps >= 0)
        H5Oclose(ps);
    if (rd >= 0)
        H5Dclose(rd);
    H5Gclose(g);
    return rc;
}

static int read_file(nwb *w, ctome_recordings *out)
{
    name_list rrs = {0};
    int rc = CTOME_OK;
    static const char *const roots[] = {"/acquisition", "/processing"};
    for (size_t i = 0; i < NOF(roots) && !rc; i++) {
        if (H5Lexists(w->f, roots[i], H5P_DEFAULT) <= 0)
            continue;
        hid_t g = H5Gopen2(w->f, roots[i], H5P_DEFAULT);
        if (g < 0)
            continue;
        name_list here = {0};
        herr_t e = H5Ovisit2(g, H5_INDEX_NAME, H5_ITER_INC, rrs_visit_cb, &here, H5O_INFO_BASIC);
        H5Gclose(g);
        if (e < 0 || here.oom)
            rc = here.oom ? ctome_error_nomem() : nwb_h5err(w, CTOME_EFORMAT, "cannot walk", roots[i]);
        for (size_t j = 0; !rc && j < here.n; j++) {
            char p[NWB_PATH];
            snprintf(p, sizeof p, "%s/%s", roots[i], here.names[j]);
            if (name_list_add(&rrs, p) < 0)
                rc = ctome_error_nomem();
        }
        name_list_free(&here);
    }
    const rec_known *k = rec_known_file(w->sha);
    size_t before = out->n;
    if (!rc && rrs.n) {
        for (size_t i = 0; i < rrs.n && !rc; i++)
            rc = read_rrs(w, rrs.names[i], rrs.n, k, out);
    } else if (!rc) {
        name_list act = {0};
        if (H5Lexists(w->f, "/acquisition", H5P_DEFAULT) > 0) {
            hid_t g = H5Gopen2(w->f, "/acquisition", H5P_DEFAULT);
            if (g >= 0) {
                if (H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, activity_cb, &act) < 0 || act.oom)
                    rc = act.oom ? ctome_error_nomem() : nwb_h5err(w, CTOME_EFORMAT, "cannot list", "/acquisition");
                H5Gclose(g);
            }
        }
        if (!rc && act.n == 0)
            rc = ctome_error(CTOME_EFORMAT, w->path, 0,
                             "no activity found: no RoiResponseSeries under /acquisition or /processing and no "
                             "/acquisition/Activity_* TimeSeries");
        if (!rc)
            rc = read_per_neuron(w, &act, out);
        name_list_free(&act);
    }
    name_list_free(&rrs);
    if (rc) {
        /* Nothing half-read is handed out. */
        for (size_t i = before; i < out->n; i++)
            ctome_recording_free(out->r[i]);
        out->n = before;
    }
    return rc;
}

/* h5_open_rdonly, but the cause of a failure ("truncated file: eof = ...")
 * is taken before H5Pclose clears HDF5's error stack. */
static hid_t open_rdonly(const char *path, char detail[256])
{
    snprintf(detail, 256, "HDF5 call failed");
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0)
        return -1;
    hid_t f = -1;
    if (H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0)
        f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (f < 0)
        h5_detail(detail, "HDF5 call failed");
    H5Pclose(fapl);
    return f;
}

int ctome_read_rec_nwb(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    char detail[256];
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    nwb w = {.path = path, .f = -1, .reg = reg};
    if ((rc = ctome_sha256_file(path, w.sha)))
        return rc;
    h5_quiet q;
    quiet_on(&q);
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) {
        /* H5Fis_hdf5 also says no for a file cut short before its superblock
         * ends; name both possibilities. */
        rc = ctome_error(CTOME_EFORMAT, path, 0, "not an HDF5/NWB file (or truncated)");
    } else if ((rc = ctome_h5_guard(path))) {
        /* a damaged file must not crash or hang HDF5 (h5guard.h) */
    } else if ((w.f = open_rdonly(path, detail)) < 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "cannot open as HDF5 (truncated or damaged?): %s", detail);
    } else {
        rc = read_file(&w, out);
        H5Fclose(w.f);
    }
    quiet_off(&q);
    return rc;
}
