/* detect.c — choose a reader from a file's first bytes, not its extension
 * (the habit of htslib's hts_detect_format). */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "sheet.h"
#include "store.h"
#include "store_recording.h"
#include "textutil.h"
#include "recordings_io.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ctome_format_name(ctome_format f)
{
    switch (f) {
    case CTOME_FMT_EDGELIST: return "edge list (CSV/TSV)";
    case CTOME_FMT_ADJACENCY: return "adjacency matrix (CSV/TSV)";
    case CTOME_FMT_NEMANODE: return "NemaNode JSON";
    case CTOME_FMT_GML: return "GML";
    case CTOME_FMT_GRAPHML: return "GraphML";
    case CTOME_FMT_COOK_SI5: return "Cook 2019 SI5 workbook";
    case CTOME_FMT_WITVLIET_XLSX: return "Witvliet 2021 workbook";
    case CTOME_FMT_BRITTIN_XLSX: return "Brittin 2021 workbook";
    case CTOME_FMT_YIM_XLSX: return "Yim 2024 workbook";
    case CTOME_FMT_VARSHNEY_XLS: return "WormAtlas NeuronConnect.xls";
    case CTOME_FMT_UZEL_MAT: return "MATLAB matrix (Uzel 2022)";
    case CTOME_FMT_BENTLEY: return "Bentley 2016 extrasynaptic list";
    case CTOME_FMT_RANDI_TSV: return "Randi 2023 functional atlas TSV";
    case CTOME_FMT_STORE: return "ctome HDF5 store";
    case CTOME_FMT_UNKNOWN: break;
    }
    return "unknown";
}

/* Which connectome workbook this is, from its sheet names. */
static int detect_workbook(const char *path, ctome_format *fmt)
{
    ctome_workbook *wb;
    int rc = ctome_workbook_open(path, &wb);
    if (rc)
        return rc;
    *fmt = CTOME_FMT_UNKNOWN;
    size_t n = ctome_workbook_n_sheets(wb);
    for (size_t i = 0; i < n; i++) {
        const char *s = ctome_workbook_sheet_name(wb, i);
        if (strcmp(s, "hermaphrodite chemical") == 0 || strcmp(s, "male chemical") == 0)
            *fmt = CTOME_FMT_COOK_SI5;
        else if (strcmp(s, "restricted_cells") == 0)
            *fmt = CTOME_FMT_BRITTIN_XLSX;
        else if (strcmp(s, "Dauer") == 0)
            *fmt = CTOME_FMT_YIM_XLSX;
    }
    if (*fmt == CTOME_FMT_UNKNOWN && n >= 1)
        *fmt = CTOME_FMT_WITVLIET_XLSX;   /* a one-sheet pre/post/type/synapses list */
    ctome_workbook_close(wb);
    return CTOME_OK;
}

/* First non-blank, non-comment line of a text file. */
static void first_line(const char *buf, size_t n, char *line, size_t sz)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && buf[j] != '\n')
            j++;
        size_t k = i;
        while (k < j && isspace((unsigned char)buf[k]))
            k++;
        if (k < j) {
            size_t len = j - i < sz - 1 ? j - i : sz - 1;
            memcpy(line, buf + i, len);
            line[len] = '\0';
            return;
        }
        i = j + 1;
    }
    line[0] = '\0';
}

/* The Randi 2023 atlas export (randi.c): headerless stimulated<TAB>
 * responding<TAB>integer rows, and signed.  A headerless TAB triple list with
 * a negative integer value among the first complete lines is read by the
 * signed functional reader; the generic edge-list reader refuses negative
 * weights. */
static int looks_like_randi(const char *head, size_t n)
{
    int rows = 0, negative = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && head[j] != '\n')
            j++;
        if (j == n)
            break;   /* a cut last line says nothing */
        char line[256];
        size_t len = j - i < sizeof line - 1 ? j - i : sizeof line - 1;
        memcpy(line, head + i, len);
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2 || strchr(t2 + 1, '\t') || t1 == line || t2 == t1 + 1)
            return 0;
        char *end;
        long v = strtol(t2 + 1, &end, 10);
        if (end == t2 + 1 || *end)
            return 0;   /* a header or a non-integer value: not the export */
        negative |= v < 0;
        rows++;
        i = j + 1;
    }
    return rows > 0 && negative;
}

/* A white-space separated edge list (no tab, comma or semicolon in its
 * first line) has the same number of fields, 2 to 5, on each of its first
 * complete lines, and a number in the weight column of some row after the
 * first (a header).  Anything else (a text document) is not an edge list. */
static int looks_like_spaced_table(const char *head, size_t n)
{
    size_t i = 0, fields0 = 0;
    int lines = 0, numbers = 0;
    while (i < n && lines < 20) {
        size_t j = i;
        while (j < n && head[j] != '\n')
            j++;
        if (j == n && lines > 0)
            break;   /* a cut last line says nothing */
        char line[512];
        size_t len = j - i < sizeof line - 1 ? j - i : sizeof line - 1;
        memcpy(line, head + i, len);
        line[len] = '\0';
        i = j + 1;
        char *save = NULL, *tok = strtok_r(line, " \t\r", &save);
        if (!tok || tok[0] == '#')
            continue;
        size_t k = 0;
        for (; tok; tok = strtok_r(NULL, " \t\r", &save), k++) {
            char *end;
            if (k == 2 && lines > 0 && (strtod(tok, &end), end != tok && *end == '\0'))
                numbers++;
        }
        if (lines == 0)
            fields0 = k;
        else if (k != fields0)
            return 0;
        lines++;
    }
    if (fields0 < 2 || fields0 > 5)
        return 0;
    return fields0 == 2 || numbers > 0 || lines < 2;
}

static ctome_format detect_text(const char *head, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)head[i]))
        i++;
    if (i < n && (head[i] == '[' || head[i] == '{')) {
        /* '[[' opens an Atanas 2023 recording ([[t, [values]], ...]), not a
         * NemaNode list of objects: no connectome reader takes it. */
        size_t j = i + 1;
        while (j < n && isspace((unsigned char)head[j]))
            j++;
        return head[i] == '[' && j < n && head[j] == '[' ? CTOME_FMT_UNKNOWN : CTOME_FMT_NEMANODE;
    }
    if (i < n && head[i] == '<')
        return strstr(head, "graphml") ? CTOME_FMT_GRAPHML : CTOME_FMT_UNKNOWN;
    if (strncmp(head + i, "#source neuron", 14) == 0)
        return CTOME_FMT_BENTLEY;
    char line[4096];
    first_line(head, n, line, sizeof line);
    if (strncmp(line, "graph", 5) == 0 || strncmp(line, "Creator", 7) == 0)
        return CTOME_FMT_GML;
    /* A dense matrix has a header row of names led by an empty or "Row" cell
     * and many columns; an edge list has two to five. */
    size_t fields = 1;
    for (const char *p = line; *p; p++)
        fields += (*p == ',' || *p == '\t' || *p == ';');
    /* ctome export --format matrix writes "pre/post" in the corner cell. */
    if (fields > 6 && (line[0] == ',' || line[0] == '\t' || strncmp(line, "Row", 3) == 0 ||
                       strncmp(line, "\"\"", 2) == 0 || strncmp(line, "pre/post", 8) == 0))
        return CTOME_FMT_ADJACENCY;
    if (looks_like_randi(head, n))
        return CTOME_FMT_RANDI_TSV;
    if (!strpbrk(line, ",\t;") && !looks_like_spaced_table(head, n))
        return CTOME_FMT_UNKNOWN;   /* prose, not a white-space separated edge list */
    return CTOME_FMT_EDGELIST;
}

int ctome_format_detect(const char *path, ctome_format *fmt)
{
    *fmt = CTOME_FMT_UNKNOWN;
    char head[8193];
    size_t n;
    int gz = 0;
    int rc = ctome_file_head_inflated(path, head, sizeof head - 1, &n, &gz);
    if (rc)
        return rc;
    head[n] = '\0';
    if (n == 0)
        return ctome_error(CTOME_EFORMAT, path, 0, gz ? "empty file (gzip of nothing)" : "empty file");
    if (gz) {
        /* Only the line-based readers stream through zlib (textutil.h);
         * the others read whole files or libraries of their own. */
        ctome_format f = memchr(head, '\0', n) ? CTOME_FMT_UNKNOWN : detect_text(head, n);
        if (f != CTOME_FMT_EDGELIST && f != CTOME_FMT_ADJACENCY && f != CTOME_FMT_RANDI_TSV &&
            f != CTOME_FMT_BENTLEY)
            return ctome_error(CTOME_EFORMAT, path, 0,
                               "gzip-compressed %s: only text edge lists and adjacency matrices are read "
                               "compressed; decompress it first (gunzip)",
                               f == CTOME_FMT_UNKNOWN ? "file of unknown format" : ctome_format_name(f));
        *fmt = f;
        return CTOME_OK;
    }
    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return detect_workbook(path, fmt);
    if (n >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        *fmt = CTOME_FMT_VARSHNEY_XLS;
        return CTOME_OK;
    }
    if (n >= 10 && memcmp(head, "MATLAB ", 7) == 0) {
        *fmt = CTOME_FMT_UZEL_MAT;
        return CTOME_OK;
    }
    if (n >= 8 && memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0) {
        *fmt = CTOME_FMT_STORE;
        return CTOME_OK;
    }
    if (memchr(head, '\0', n))
        return ctome_error(CTOME_EFORMAT, path, 0, "binary file of unknown format");
    *fmt = detect_text(head, n);
    if (*fmt == CTOME_FMT_UNKNOWN) {
        ctome_rec_format rf;
        if (ctome_rec_format_detect(path, &rf) == CTOME_OK && rf == CTOME_REC_ATANAS_JSON)
            return ctome_error(CTOME_EFORMAT, path, 0,
                               "a recording (Atanas JSON), not a connectome: recordings are read by 'ctome "
                               "activity', 'rank --recording', 'rsa' and 'structfunc --functional'");
        return ctome_error(CTOME_EFORMAT, path, 0, "unrecognised format (not a connectome file ctome reads)");
    }
    return CTOME_OK;
}

int ctome_read_format(ctome_format f, const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    static const ctome_read_opts none;
    if (!o)
        o = &none;
    switch (f) {
    case CTOME_FMT_EDGELIST: return ctome_read_edgelist(path, o, c);
    case CTOME_FMT_ADJACENCY: return ctome_read_adjacency(path, o, c);
    case CTOME_FMT_NEMANODE: return ctome_read_nemanode(path, o, c);
    case CTOME_FMT_GML: return ctome_read_gml(path, o, c);
    case CTOME_FMT_GRAPHML: return ctome_read_graphml(path, o, c);
    case CTOME_FMT_COOK_SI5: return ctome_read_cook_si5(path, o, c);
    case CTOME_FMT_WITVLIET_XLSX: return ctome_read_witvliet_xlsx(path, o, c);
    case CTOME_FMT_BRITTIN_XLSX: return ctome_read_brittin_xlsx(path, o, c);
    case CTOME_FMT_YIM_XLSX: return ctome_read_yim_xlsx(path, o, c);
    case CTOME_FMT_VARSHNEY_XLS: return ctome_read_varshney_xls(path, o, c);
    case CTOME_FMT_UZEL_MAT: return ctome_read_uzel_mat(path, o, c);
    case CTOME_FMT_BENTLEY: return ctome_read_bentley(path, o, c);
    case CTOME_FMT_RANDI_TSV: return ctome_read_randi(path, o, c);
    case CTOME_FMT_STORE:
        return ctome_error(CTOME_EINVAL, path, 0, "is a ctome store: open it with ctome_store_open");
    case CTOME_FMT_UNKNOWN: break;
    }
    return ctome_error(CTOME_EFORMAT, path, 0, "unrecognised format");
}

int ctome_read_auto(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    ctome_format f;
    int rc = ctome_format_detect(path, &f);
    if (rc)
        return rc;
    return ctome_read_format(f, path, o, c);
}

/* The first non-comment line's fields and whether every later line in the
 * first 8 KB holds only numbers. */
static int text_table_kind(const char *path, ctome_input_kind *kind, char *what, size_t what_sz)
{
    ctome_text t;
    int rc = ctome_text_open(&t, path);
    if (rc)
        return rc;
    ctome_fields fs = {0};
    char *line, delim = 0;
    int first = 1, header = 0, header_names = 0, numeric_rows = 0, other_rows = 0, lines = 0;
    while (!rc && lines < 200 && ctome_text_next(&t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if (!delim)
            delim = ctome_text_detect_delim(line);
        if ((rc = ctome_text_split(line, delim, &fs, path, t.line)))
            break;
        lines++;
        int numeric = 1;
        for (size_t k = 0; k < fs.n && numeric; k++)
            numeric = ctome_text_is_number(fs.f[k], NULL) || ctome_text_name_eq(fs.f[k], "nan");
        if (first && !numeric) {
            header = 1;
            header_names = ctome_edgelist_header_names(&fs);
            first = 0;
            continue;
        }
        first = 0;
        if (numeric)
            numeric_rows++;
        else
            other_rows++;
    }
    if (!rc && lines < 200)
        rc = t.rc;
    ctome_fields_free(&fs);
    ctome_text_close(&t);
    if (rc)
        return rc;
    if (!header_names && numeric_rows && !other_rows) {
        *kind = CTOME_KIND_MATRIX;
        snprintf(what, what_sz, header ? "a table of numbers with a header row (matrix, or a CSV recording)"
                                       : "a table of numbers (matrix)");
    } else if (header_names) {
        *kind = CTOME_KIND_CONNECTOME;
        snprintf(what, what_sz, "an edge list (connectome)");
    } else {
        *kind = CTOME_KIND_CONNECTOME;
        snprintf(what, what_sz, "a text table (read as a connectome edge list)");
    }
    return CTOME_OK;
}

static int store_kind(const char *path, ctome_input_kind *kind, char *what, size_t what_sz)
{
    ctome_store *s;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    char **cids = NULL, **rids = NULL;
    size_t nc = 0, nr = 0;
    rc = ctome_store_list(s, &cids, &nc);
    if (!rc)
        rc = ctome_store_list_recordings(s, &rids, &nr);
    for (size_t i = 0; i < nr; i++)
        free(rids[i]);
    free(rids);
    ctome_store_close(s);
    if (rc)
        return rc;
    *kind = nc ? CTOME_KIND_CONNECTOME : nr ? CTOME_KIND_RECORDING : CTOME_KIND_UNKNOWN;
    snprintf(what, what_sz, "a ctome store of %zu connectome%s and %zu recording%s", nc, nc == 1 ? "" : "s", nr,
             nr == 1 ? "" : "s");
    return CTOME_OK;
}

int ctome_input_kind_detect(const char *path, ctome_input_kind *kind, char *what, size_t what_sz)
{
    *kind = CTOME_KIND_UNKNOWN;
    snprintf(what, what_sz, "a file of unknown kind");
    ctome_format f;
    int rc = ctome_format_detect(path, &f);
    if (rc == CTOME_EFORMAT) {
        /* not a connectome format: a recording one, or rows of numbers? */
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", ctome_error_message());
        ctome_rec_format rf;
        int rrc = ctome_rec_format_detect(path, &rf);
        if (rrc) {
            if (text_table_kind(path, kind, what, what_sz) == CTOME_OK && *kind == CTOME_KIND_MATRIX) {
                ctome_error_clear();
                return CTOME_OK;   /* e.g. a ragged matrix: its reader names the row */
            }
            *kind = CTOME_KIND_UNKNOWN;
            return ctome_error(CTOME_EFORMAT, NULL, 0, "%s", msg);   /* the connectome detector's message */
        }
        ctome_error_clear();
        *kind = CTOME_KIND_RECORDING;
        snprintf(what, what_sz, "a recording (%s)", ctome_rec_format_name(rf));
        return CTOME_OK;
    }
    if (rc)
        return rc;
    switch (f) {
    case CTOME_FMT_STORE:
        if (ctome_store_is_ctome(path))
            return store_kind(path, kind, what, what_sz);
        *kind = CTOME_KIND_RECORDING;
        snprintf(what, what_sz, "an HDF5 file that is not a ctome store (read as an NWB recording)");
        return CTOME_OK;
    case CTOME_FMT_EDGELIST:
        return text_table_kind(path, kind, what, what_sz);
    case CTOME_FMT_UZEL_MAT:
        *kind = CTOME_KIND_CONNECTOME;
        snprintf(what, what_sz, "a MATLAB file");
        return CTOME_OK;
    default:
        *kind = CTOME_KIND_CONNECTOME;
        snprintf(what, what_sz, "a connectome file (%s)", ctome_format_name(f));
        return CTOME_OK;
    }
}
