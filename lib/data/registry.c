/* registry.c — the neuron registry, built at load time from data/neurons/.
 *
 * Sources and rules (docs/registry.md gives the full account and the counts):
 *   names, class, type, sex   WormWideWeb/NemaNode cell table
 *                             (neurons/wormwideweb_connectome_neurons.csv);
 *                             type "neuron" is resolved with the WormAtlas
 *                             classification (neurons/wormatlas_IndividualNeurons.csv)
 *   neurotransmitter          Wang et al. 2024 eLife 13:RP95402, Supplementary
 *                             Files 2 (hermaphrodite) and 3 (male-specific);
 *                             fallback: the WormAtlas table of the OpenWorm
 *                             database dump (neurons/owmeta_Modified_celegans_db_dump.csv)
 *   sign                      Dale's principle on the transmitter set (docs/registry.md)
 *   soma position             Skuhersky et al. 2022 BMC Bioinformatics 23:195
 *   partner                   ...L <-> ...R of the same class
 * Non-neuronal cells: the non-neuron rows of the WormWideWeb table plus the
 * naming patterns of the bundled connectomes (lib/data/cells.c).
 */
#include "registry.h"
#include "cells.h"
#include "error.h"
#include "io.h"
#include "names.h"
#include "sheet.h"
#include "strmap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_WWW "neurons/wormwideweb_connectome_neurons.csv"
#define F_WORMATLAS "neurons/wormatlas_IndividualNeurons.csv"
#define F_OWMETA "neurons/owmeta_Modified_celegans_db_dump.csv"
#define F_WANG_HERM "neurons/wang2024_neurotransmitter/elife-95402-supp2-v1.xlsx"
#define F_WANG_MALE "neurons/wang2024_neurotransmitter/elife-95402-supp3-v1.xlsx"
#define F_POS "neurons/positions/skuhersky2022_LowResAtlasWithHighResHeadsAndTails.csv"

/* Transmitter bits, in the fixed order of the nt string. */
enum { NT_ACH = 1, NT_GLU = 2, NT_GABA = 4, NT_5HT = 8, NT_DA = 16, NT_OA = 32, NT_TA = 64 };
static const char *const nt_names[] = {"acetylcholine", "glutamate", "GABA", "serotonin",
                                       "dopamine", "octopamine", "tyramine"};
#define NT_COUNT 7

struct ctome_registry {
    ctome_neuron *n;
    unsigned *nt;          /* transmitter bits per neuron */
    size_t len, cap;
    ctome_strmap *index;   /* canonical name -> neuron index */
    ctome_strmap *cells;   /* canonical name -> 1 muscle / 2 end organ (table rows) */
};

/* ------------------------------------------------------------------ text */

/* Trim white space in place; returns the start. */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Next line of a buffer (CRLF or LF), NUL-terminated in place; NULL at the end. */
static char *next_line(char **cur)
{
    char *s = *cur;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = s + strlen(s);
    }
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    return s;
}

/* Split a CSV line in place on `sep`, honouring double quotes ("a, b" is one
 * field; "" inside quotes is a quote).  Returns the number of fields, at most max. */
static int split_fields(char *line, char sep, char **f, int max)
{
    int n = 0;
    char *r = line, *w = line;
    while (n < max) {
        f[n++] = w;
        int q = 0;
        for (;;) {
            char c = *r;
            if (c == '\0') {
                *w = '\0';
                return n;
            }
            r++;
            if (q) {
                if (c == '"' && *r == '"') {
                    *w++ = '"';
                    r++;
                } else if (c == '"') {
                    q = 0;
                } else {
                    *w++ = c;
                }
            } else if (c == '"') {
                q = 1;
            } else if (c == sep) {
                *w++ = '\0';
                break;
            } else {
                *w++ = c;
            }
        }
    }
    return n;
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s) && *s != '"' && *s != '\'')
            return 0;
    return 1;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Read datadir/rel into a buffer; the joined path is returned for messages. */
static int read_source(const char *datadir, const char *rel, char **path, char **buf)
{
    *buf = NULL;
    *path = ctome_path_join(datadir, rel);
    if (!*path)
        return ctome_error_nomem();
    size_t len;
    return ctome_file_read(*path, buf, &len);
}

/* ------------------------------------------------------------------ neurons */

static int add_neuron(ctome_registry *r, const char *name, const char *cls, ctome_neuron_type t,
                      ctome_sex sex, const char *path, long line)
{
    if (ctome_strmap_get(r->index, name) >= 0)
        return ctome_error(CTOME_EFORMAT, path, line, "duplicate neuron '%s'", name);
    if (strlen(name) >= sizeof r->n[0].name)
        return ctome_error(CTOME_EFORMAT, path, line, "neuron name too long '%s'", name);
    if (strlen(cls) >= sizeof r->n[0].cls)
        return ctome_error(CTOME_EFORMAT, path, line, "class name too long '%s'", cls);
    if (r->len == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 512;
        ctome_neuron *n = realloc(r->n, cap * sizeof *n);
        if (!n)
            return ctome_error_nomem();
        r->n = n;
        unsigned *nt = realloc(r->nt, cap * sizeof *nt);
        if (!nt)
            return ctome_error_nomem();
        r->nt = nt;
        r->cap = cap;
    }
    ctome_neuron *p = &r->n[r->len];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->cls, sizeof p->cls, "%s", cls);
    p->type = t;
    p->sex = sex;
    p->sign = CTOME_SIGN_UNKNOWN;
    p->partner = -1;
    r->nt[r->len] = 0;
    if (ctome_strmap_put(r->index, name, (int)r->len) != CTOME_OK)
        return ctome_error_nomem();
    r->len++;
    return CTOME_OK;
}

/* WormAtlas classification text -> type: the role named first wins
 * ("Ring motor neuron/interneuron" is motor, "Interneuron/motor neuron" inter);
 * a text naming none of sensory / motor / interneuron is UNKNOWN (CAN:
 * "Process runs along excretory canal, no synapses"). */
static ctome_neuron_type wormatlas_type(const char *text)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    lower(buf);
    static const char *const key[] = {"sensory", "motor", "interneuron"};
    static const ctome_neuron_type val[] = {CTOME_NTYPE_SENSORY, CTOME_NTYPE_MOTOR, CTOME_NTYPE_INTER};
    const char *best = NULL;
    ctome_neuron_type t = CTOME_NTYPE_UNKNOWN;
    for (int i = 0; i < 3; i++) {
        const char *p = strstr(buf, key[i]);
        if (p && (!best || p < best)) {
            best = p;
            t = val[i];
        }
    }
    return t;
}

/* Look up the WormAtlas classification of `name` (already canonical). */
static int wormatlas_lookup(const char *datadir, const char *name, ctome_neuron_type *t)
{
    char *path, *buf;
    int rc = read_source(datadir, F_WORMATLAS, &path, &buf);
    *t = CTOME_NTYPE_UNKNOWN;
    if (rc == CTOME_OK) {
        char *cur = buf, *line;
        while ((line = next_line(&cur))) {
            if (line[0] == '#')
                continue;
            char *f[8];
            int nf = split_fields(line, ';', f, 8);
            char canon[32];
            if (nf < 2 || blank(f[0]) || ctome_name_normalise(f[0], canon, sizeof canon) != CTOME_OK)
                continue;
            if (strcmp(canon, name) == 0) {
                *t = wormatlas_type(trim(f[nf - 1]));
                break;
            }
        }
    }
    free(buf);
    free(path);
    return rc;
}

static int cell_type_kind(const char *type)
{
    static const char *const muscle[] = {"muscle", "sex muscle", "muscle (myoepithelium)"};
    static const char *const organ[] = {"endorgan", "excretory", "intestine", "hypodermis",
                                        "glial", "glial cell", "epithelium", "marginal cell",
                                        "head mesodermal cell", "basement membrane"};
    for (size_t i = 0; i < sizeof muscle / sizeof *muscle; i++)
        if (strcmp(type, muscle[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof organ / sizeof *organ; i++)
        if (strcmp(type, organ[i]) == 0)
            return 2;
    return 0;
}

static int neuron_type_of(const char *type, const char *category, int *is_neuron, ctome_neuron_type *t)
{
    *is_neuron = 1;
    if (strcmp(category, "pharynx") == 0 && cell_type_kind(type) == 0)
        *t = CTOME_NTYPE_PHARYNGEAL;
    else if (strcmp(type, "sensory") == 0 || strcmp(type, "sensory neuron") == 0)
        *t = CTOME_NTYPE_SENSORY;
    else if (strcmp(type, "interneuron") == 0)
        *t = CTOME_NTYPE_INTER;
    else if (strcmp(type, "motorneuron") == 0)
        *t = CTOME_NTYPE_MOTOR;
    else if (strcmp(type, "neuron") == 0)
        *t = CTOME_NTYPE_UNKNOWN;   /* resolved from WormAtlas by the caller */
    else
        *is_neuron = 0;
    return 0;
}

/* The WormWideWeb cell table: neurons and the non-neuronal cells. */
static int load_cells(ctome_registry *r, const char *datadir)
{
    char *path, *buf;
    int rc = read_source(datadir, F_WWW, &path, &buf);
    char *cur = buf, *line;
    long ln = 0;
    while (rc == CTOME_OK && (line = next_line(&cur))) {
        ln++;
        char *f[8];
        int nf = split_fields(line, ',', f, 8);
        if (ln == 1) {
            if (nf < 5 || strcmp(f[0], "name") || strcmp(f[2], "type") || strcmp(f[4], "category"))
                rc = ctome_error(CTOME_EFORMAT, path, ln, "expected header 'name,class,type,type_code,"
                                 "category,dv,lr', got '%s'", f[0]);
            continue;
        }
        if (nf == 1 && blank(f[0]))
            continue;
        if (nf != 7) {
            rc = ctome_error(CTOME_EFORMAT, path, ln, "expected 7 fields, got %d in row '%s'", nf, f[0]);
            break;
        }
        char name[64];
        if (ctome_name_normalise(f[0], name, sizeof name) != CTOME_OK) {
            rc = ctome_error(CTOME_EFORMAT, path, ln, "bad cell name '%s'", f[0]);
            break;
        }
        const char *type = trim(f[2]), *cat = trim(f[4]);
        int is_neuron;
        ctome_neuron_type t;
        neuron_type_of(type, cat, &is_neuron, &t);
        if (!is_neuron) {
            int k = cell_type_kind(type);
            if (!k)
                rc = ctome_error(CTOME_EFORMAT, path, ln, "unknown cell type '%s'", type);
            else if (ctome_strmap_put(r->cells, name, k) != CTOME_OK)
                rc = ctome_error_nomem();
            continue;
        }
        ctome_sex sex = CTOME_SEX_BOTH;
        if (strcmp(cat, "male") == 0)
            sex = CTOME_SEX_MALE;
        else if (strcmp(cat, "hermaphrodite") == 0)
            sex = CTOME_SEX_HERM;
        else if (strcmp(cat, "shared") && strcmp(cat, "pharynx")) {
            rc = ctome_error(CTOME_EFORMAT, path, ln, "unknown category '%s'", cat);
            break;
        }
        if (strcmp(type, "neuron") == 0 && strcmp(cat, "pharynx") != 0)
            rc = wormatlas_lookup(datadir, name, &t);
        if (rc == CTOME_OK)
            rc = add_neuron(r, name, trim(f[1]), t, sex, path, ln);
    }
    free(buf);
    free(path);
    return rc;
}

/* ------------------------------------------------------------------ transmitters */

/* One identity call of the Wang 2024 "Neurotransmitter(s)" columns -> bits.
 * Rule (docs/registry.md): a leading '*' (dim/variable expression, footnote of
 * the table) and a trailing "- NEW" / "(new)" are kept as calls; identities the
 * neuron only takes up ("(uptake)") or may make by an unidentified route
 * ("alternative synthesis/uptake mechanism"), precursors (5-HTP), betaine,
 * PEOH, unknown/orphan and male-only notes in the hermaphrodite table give no
 * transmitter.  Returns -1 for a call the rule does not know. */
static int wang_call(const char *cell, unsigned *bits)
{
    char s[256];
    snprintf(s, sizeof s, "%s", cell);
    char *p = trim(s);
    while (*p == '*')
        p++;
    p = trim(p);
    lower(p);
    *bits = 0;
    if (!*p)
        return 0;
    if (strncmp(p, "male", 4) == 0 || strstr(p, "unknown") || strstr(p, "orphan") ||
        strstr(p, "betaine") || strstr(p, "peoh") || strncmp(p, "5-htp", 5) == 0)
        return 0;
    if (strstr(p, "alternative") || (strstr(p, "uptake") && !strstr(p, "synthesis")))
        return 0;
    static const struct { const char *word; unsigned bit; } map[] = {
        {"ach", NT_ACH}, {"glu", NT_GLU}, {"gaba", NT_GABA}, {"5-ht", NT_5HT},
        {"da", NT_DA}, {"octopamine", NT_OA}, {"tyramine", NT_TA}};
    size_t w = strcspn(p, " (-");
    if (strncmp(p, "5-ht", 4) == 0)
        w = 4;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strlen(map[i].word) == w && strncmp(p, map[i].word, w) == 0) {
            *bits = map[i].bit;
            return 0;
        }
    return -1;
}

/* Neurons named by one Wang "Neuron" cell: a neuron ("AVAL", "CA1" -> CA01),
 * a slash group ("DB1/3", "DX1/2", "EF3/4": every member that exists), or a
 * class ("ASE": every member of that WormWideWeb class).  Returns the count. */
static int wang_targets(const ctome_registry *r, const char *raw, int *out, int max)
{
    char s[64], canon[32];
    snprintf(s, sizeof s, "%s", raw);
    char *p = trim(s);
    int n = 0;
    char *slash = strchr(p, '/');
    if (slash) {
        size_t stem = 0;
        while (p[stem] && isalpha((unsigned char)p[stem]))
            stem++;
        char *tok = p + stem;
        while (tok && *tok && n < max) {
            char *next = strchr(tok, '/');
            if (next)
                *next++ = '\0';
            char one[64];
            snprintf(one, sizeof one, "%.*s%s", (int)stem, p, trim(tok));
            n += wang_targets(r, one, out + n, max - n);
            tok = next;
        }
        return n;
    }
    if (blank(p) || ctome_name_normalise(p, canon, sizeof canon) != CTOME_OK)
        return 0;
    int i = ctome_registry_find(r, canon);
    if (i < 0) {
        /* Wang numbers male CA/CP cells without padding (CA1, CP0); the table pads. */
        size_t k = strcspn(canon, "0123456789");
        if (k > 0 && canon[k] && canon[k + 1] == '\0') {
            char padded[40];
            snprintf(padded, sizeof padded, "%.*s0%c", (int)k, canon, canon[k]);
            i = ctome_registry_find(r, padded);
        }
    }
    if (i >= 0) {
        out[0] = i;
        return 1;
    }
    for (size_t j = 0; j < r->len && n < max; j++)
        if (strcmp(r->n[j].cls, canon) == 0)
            out[n++] = (int)j;
    return n;
}

/* One Wang supplementary sheet: header row with "Neuron", "Neurotransmitter(s)"
 * and "Comments"; the calls are in the columns from "Neurotransmitter(s)" up to
 * "Comments". */
static int load_wang_sheet(ctome_registry *r, const char *datadir, const char *rel, const char *sheet,
                           unsigned char *seen)
{
    char *path = ctome_path_join(datadir, rel);
    if (!path)
        return ctome_error_nomem();
    ctome_workbook *wb = NULL;
    const ctome_sheet *sh = NULL;
    int rc = ctome_workbook_open(path, &wb);
    if (rc == CTOME_OK)
        rc = ctome_workbook_sheet(wb, sheet, &sh);
    size_t hdr = 0, c_neuron = 0, c_lin = 0, c_nt = 0, c_end = 0;
    int found = 0;
    char buf[512], ref[16];
    for (size_t i = 0; rc == CTOME_OK && i < sh->nrows && i < 12 && !found; i++) {
        c_neuron = c_lin = c_nt = c_end = 0;
        for (size_t j = 0; j < sh->ncols; j++) {
            const char *t = trim((char *)ctome_cell_str(ctome_sheet_cell(sh, i, j), buf, sizeof buf));
            if (strcmp(t, "Neuron") == 0 && !c_neuron)
                c_neuron = j + 1;
            else if (strcmp(t, "Lineage") == 0 && !c_lin)
                c_lin = j + 1;
            else if (strcmp(t, "Neurotransmitter(s)") == 0)
                c_nt = j + 1;
            else if (strcmp(t, "Comments") == 0)
                c_end = j + 1;
        }
        if (c_neuron && c_lin && c_nt && c_end > c_nt) {
            hdr = i;
            found = 1;
        }
    }
    if (rc == CTOME_OK && !found)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "sheet '%s': no header row with 'Neuron', "
                         "'Lineage', 'Neurotransmitter(s)' and 'Comments'", sheet);
    for (size_t i = hdr + 1; rc == CTOME_OK && i < sh->nrows; i++) {
        /* Neuron rows carry a lineage; section titles ("HEAD") and the
         * footnotes under the table (one of them in the Neuron column) do not. */
        if (blank(ctome_cell_str(ctome_sheet_cell(sh, i, c_lin - 1), buf, sizeof buf)))
            continue;
        const char *nm = ctome_cell_str(ctome_sheet_cell(sh, i, c_neuron - 1), buf, sizeof buf);
        char name[64];
        snprintf(name, sizeof name, "%s", nm);
        unsigned bits = 0;
        for (size_t j = c_nt - 1; j < c_end - 1; j++) {
            unsigned b;
            const char *call = ctome_cell_str(ctome_sheet_cell(sh, i, j), buf, sizeof buf);
            if (wang_call(call, &b) != 0) {
                ctome_cell_ref(i, j, ref);
                rc = ctome_error(CTOME_EFORMAT, path, 0, "%s!%s: unknown transmitter call '%s'",
                                 sheet, ref, call);
                break;
            }
            bits |= b;
        }
        int tg[64];
        int n = rc == CTOME_OK ? wang_targets(r, name, tg, 64) : 0;
        if (rc == CTOME_OK && n == 0) {
            ctome_cell_ref(i, c_neuron - 1, ref);
            rc = ctome_error(CTOME_ENOTFOUND, path, 0, "%s!%s: neuron '%s' is not in the registry",
                             sheet, ref, name);
        }
        for (int k = 0; k < n; k++) {
            r->nt[tg[k]] |= bits;   /* DB1/3 and DB3/1 both name DB01 and DB03 */
            seen[tg[k]] = 1;
        }
    }
    ctome_workbook_close(wb);
    free(path);
    return rc;
}

/* WormAtlas transmitters (OpenWorm dump) for the neurons Wang 2024 does not list. */
static int load_owmeta(ctome_registry *r, const char *datadir, const unsigned char *seen,
                       unsigned char *fallback)
{
    char *path, *buf;
    int rc = read_source(datadir, F_OWMETA, &path, &buf);
    char *cur = buf, *line;
    long ln = 0;
    static const struct { const char *name; unsigned bit; } map[] = {
        {"Acetylcholine", NT_ACH}, {"Glutamate", NT_GLU}, {"GABA", NT_GABA}, {"Serotonin", NT_5HT},
        {"Dopamine", NT_DA}, {"Octopamine", NT_OA}, {"Tyramine", NT_TA}};
    while (rc == CTOME_OK && (line = next_line(&cur))) {
        ln++;
        char *f[8];
        int nf = split_fields(line, ',', f, 8);
        if (nf < 3 || strcmp(trim(f[1]), "Neurotransmitter") != 0)
            continue;
        char name[32];
        if (ctome_name_normalise(f[0], name, sizeof name) != CTOME_OK)
            continue;
        int i = ctome_registry_find(r, name);
        if (i < 0 || seen[i])
            continue;
        const char *v = trim(f[2]);
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof map / sizeof *map; k++)
            if (strcmp(v, map[k].name) == 0)
                bit = map[k].bit;
        if (!bit) {
            rc = ctome_error(CTOME_EFORMAT, path, ln, "unknown neurotransmitter '%s'", v);
            break;
        }
        r->nt[i] |= bit;
        fallback[i] = 1;
    }
    free(buf);
    free(path);
    return rc;
}

/* Dale's principle (docs/registry.md): a fast excitatory transmitter (ACh, Glu) makes
 * the neuron excitatory, GABA alone inhibitory; GABA together with ACh or Glu
 * (SMD, R2A, R6A, R9B) is counted excitatory — the rule is documented in
 * docs/registry.md, per-class overrides belong to the rate model.  Monoamines
 * alone are modulatory. */
static ctome_sign sign_of(unsigned bits)
{
    if (bits & (NT_ACH | NT_GLU))
        return CTOME_SIGN_EXCITATORY;
    if (bits & NT_GABA)
        return CTOME_SIGN_INHIBITORY;
    if (bits)
        return CTOME_SIGN_MODULATORY;
    return CTOME_SIGN_UNKNOWN;
}

static int load_transmitters(ctome_registry *r, const char *datadir)
{
    unsigned char *seen = calloc(r->len + 1, 1), *fallback = calloc(r->len + 1, 1);
    int rc = (seen && fallback) ? CTOME_OK : ctome_error_nomem();
    if (rc == CTOME_OK)
        rc = load_wang_sheet(r, datadir, F_WANG_HERM, "Supp File 2", seen);
    if (rc == CTOME_OK)
        rc = load_wang_sheet(r, datadir, F_WANG_MALE, "Supp File 3", seen);
    if (rc == CTOME_OK)
        rc = load_owmeta(r, datadir, seen, fallback);
    for (size_t i = 0; rc == CTOME_OK && i < r->len; i++) {
        ctome_neuron *p = &r->n[i];
        p->nt[0] = '\0';
        for (int k = 0; k < NT_COUNT; k++)
            if (r->nt[i] & (1u << k)) {
                size_t l = strlen(p->nt);
                snprintf(p->nt + l, sizeof p->nt - l, "%s%s", l ? "+" : "", nt_names[k]);
            }
        snprintf(p->nt_source, sizeof p->nt_source, "%s",
                 seen[i] ? "Wang2024" : fallback[i] ? "WormAtlas" : "");
        p->sign = sign_of(r->nt[i]);
    }
    free(seen);
    free(fallback);
    return rc;
}

/* ------------------------------------------------------------------ positions, partners */

static int load_positions(ctome_registry *r, const char *datadir)
{
    char *path, *buf;
    int rc = read_source(datadir, F_POS, &path, &buf);
    char *cur = buf, *line;
    long ln = 0;
    while (rc == CTOME_OK && (line = next_line(&cur))) {
        ln++;
        if (blank(line))
            continue;
        char *f[6];
        int nf = split_fields(line, ',', f, 6);
        char name[32];
        if (nf != 4 || ctome_name_normalise(f[0], name, sizeof name) != CTOME_OK) {
            rc = ctome_error(CTOME_EFORMAT, path, ln, "expected 'name,x,y,z', got '%s'", line);
            break;
        }
        double x[3];
        for (int k = 0; k < 3 && rc == CTOME_OK; k++) {
            char *end;
            x[k] = strtod(f[k + 1], &end);
            if (end == f[k + 1] || *trim(end))
                rc = ctome_error(CTOME_EFORMAT, path, ln, "bad coordinate '%s' for '%s'", f[k + 1], name);
        }
        int i = rc == CTOME_OK ? ctome_registry_find(r, name) : -1;
        if (rc == CTOME_OK && i < 0)
            rc = ctome_error(CTOME_ENOTFOUND, path, ln, "neuron '%s' is not in the registry", name);
        if (rc != CTOME_OK)
            break;
        memcpy(r->n[i].pos, x, sizeof x);
        r->n[i].has_pos = 1;
        snprintf(r->n[i].pos_source, sizeof r->n[i].pos_source, "Skuhersky2022");
    }
    free(buf);
    free(path);
    return rc;
}

/* ...L <-> ...R of the same class; dorsal/ventral pairs are not partners. */
static void link_partners(ctome_registry *r)
{
    for (size_t i = 0; i < r->len; i++) {
        ctome_neuron *p = &r->n[i];
        size_t l = strlen(p->name);
        if (l < 2 || p->name[l - 1] != 'L')
            continue;
        char other[16];
        snprintf(other, sizeof other, "%.*sR", (int)(l - 1), p->name);
        int j = ctome_strmap_get(r->index, other);
        if (j >= 0 && strcmp(r->n[j].cls, p->cls) == 0) {
            p->partner = j;
            r->n[j].partner = (int)i;
        }
    }
}

/* ------------------------------------------------------------------ public */

int ctome_registry_load(const char *datadir, ctome_registry **out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "ctome_registry_load: NULL output");
    *out = NULL;
    if (!datadir || !*datadir)
        return ctome_error(CTOME_EINVAL, NULL, 0, "ctome_registry_load: no data directory");
    ctome_registry *r = calloc(1, sizeof *r);
    if (!r)
        return ctome_error_nomem();
    r->index = ctome_strmap_new();
    r->cells = ctome_strmap_new();
    int rc = (r->index && r->cells) ? CTOME_OK : ctome_error_nomem();
    if (rc == CTOME_OK)
        rc = load_cells(r, datadir);
    if (rc == CTOME_OK)
        rc = load_transmitters(r, datadir);
    if (rc == CTOME_OK)
        rc = load_positions(r, datadir);
    if (rc != CTOME_OK) {
        ctome_registry_free(r);
        return rc;
    }
    link_partners(r);
    *out = r;
    return CTOME_OK;
}

void ctome_registry_free(ctome_registry *r)
{
    if (!r)
        return;
    ctome_strmap_free(r->index);
    ctome_strmap_free(r->cells);
    free(r->n);
    free(r->nt);
    free(r);
}

size_t ctome_registry_size(const ctome_registry *r)
{
    return r ? r->len : 0;
}

const ctome_neuron *ctome_registry_neuron(const ctome_registry *r, size_t i)
{
    return (r && i < r->len) ? &r->n[i] : NULL;
}

int ctome_registry_find(const ctome_registry *r, const char *name)
{
    char canon[64];
    /* A blank or over-long name cannot be a neuron; do not leave an error behind. */
    if (!r || blank(name) || strlen(name) >= sizeof canon)
        return -1;
    if (ctome_name_normalise(name, canon, sizeof canon) != CTOME_OK)
        return -1;
    return ctome_strmap_get(r->index, canon);
}

int ctome_neuron_in_class(const ctome_neuron *n, const char *name)
{
    char canon[64];
    if (!n || blank(name) || strlen(name) >= sizeof canon)
        return 0;
    if (ctome_name_normalise(name, canon, sizeof canon) != CTOME_OK)
        return 0;
    return strcmp(n->cls, canon) == 0;
}

size_t ctome_registry_count_herm(const ctome_registry *r)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->len; i++)
        n += r->n[i].sex != CTOME_SEX_MALE;
    return n;
}

/* ------------------------------------------------------------------ cell kinds */

/* The table of the WormWideWeb cell file first, then the naming patterns of
 * lib/data/cells.c. */
int ctome_registry_cell_kind(const ctome_registry *r, const char *name)
{
    char canon[64];
    if (!r || blank(name) || strlen(name) >= sizeof canon)
        return 0;
    if (ctome_name_normalise(name, canon, sizeof canon) != CTOME_OK)
        return 0;
    if (ctome_strmap_get(r->index, canon) >= 0)
        return 0;   /* a neuron */
    int k = ctome_strmap_get(r->cells, canon);
    if (k > 0)
        return k;
    return ctome_cells_pattern_kind(canon);
}

const char *ctome_neuron_type_name(ctome_neuron_type t)
{
    switch (t) {
    case CTOME_NTYPE_SENSORY: return "sensory";
    case CTOME_NTYPE_INTER: return "interneuron";
    case CTOME_NTYPE_MOTOR: return "motor";
    case CTOME_NTYPE_PHARYNGEAL: return "pharyngeal";
    case CTOME_NTYPE_UNKNOWN: return "unknown";
    }
    return "unknown";
}

const char *ctome_sign_name(ctome_sign s)
{
    switch (s) {
    case CTOME_SIGN_EXCITATORY: return "excitatory";
    case CTOME_SIGN_INHIBITORY: return "inhibitory";
    case CTOME_SIGN_MODULATORY: return "modulatory";
    case CTOME_SIGN_UNKNOWN: return "unknown";
    }
    return "unknown";
}

const char *ctome_sex_name(ctome_sex s)
{
    switch (s) {
    case CTOME_SEX_BOTH: return "both";
    case CTOME_SEX_HERM: return "hermaphrodite";
    case CTOME_SEX_MALE: return "male";
    }
    return "unknown";
}
