/* detect.c — choose a reader from a file's first bytes, not its extension
 * (the habit of htslib's hts_detect_format). */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "sheet.h"

#include <ctype.h>
#include <stdio.h>
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

static ctome_format detect_text(const char *head, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)head[i]))
        i++;
    if (i < n && (head[i] == '[' || head[i] == '{'))
        return CTOME_FMT_NEMANODE;
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
    if (fields > 6 && (line[0] == ',' || line[0] == '\t' || strncmp(line, "Row", 3) == 0 ||
                       strncmp(line, "\"\"", 2) == 0))
        return CTOME_FMT_ADJACENCY;
    return CTOME_FMT_EDGELIST;
}

int ctome_format_detect(const char *path, ctome_format *fmt)
{
    *fmt = CTOME_FMT_UNKNOWN;
    char head[8193];
    size_t n;
    int rc = ctome_file_head(path, head, sizeof head - 1, &n);
    if (rc)
        return rc;
    head[n] = '\0';
    if (n == 0)
        return ctome_error(CTOME_EFORMAT, path, 0, "empty file");
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
    if (*fmt == CTOME_FMT_UNKNOWN)
        return ctome_error(CTOME_EFORMAT, path, 0, "unrecognised format");
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
