/* sheet_xlsx.c — .xlsx workbooks through zipread.c (zlib) + expat (see sheet.h).
 *
 * .xlsx (ECMA-376 Part 1, SpreadsheetML): _rels/.rels names the workbook part
 * (normally xl/workbook.xml); the workbook lists <sheet name= r:id=> and its
 * relationship part (xl/_rels/workbook.xml.rels) maps each r:id to a worksheet
 * part and names the shared-string table.  Worksheet parts are streamed through
 * expat in 64 KiB chunks straight out of the zip, never held whole and never
 * turned into a DOM: the Cook 2019 workbook inflates to 32 MB of XML, of which
 * a reader needs one or two sheets.
 *
 * Element names are matched on their local part (expat's namespace mode), so
 * files written with an "x:" prefix on the SpreadsheetML namespace read the
 * same as Excel's own.
 */
#include "sheet.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "error.h"
#include "io.h"
#include "sheet_impl.h"
#include "zipread.h"

#define CHUNK 65536

/* ---------------------------------------------------------------- helpers */

typedef struct {
    char *s;
    size_t n, cap;
} strbuf;

static int sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return ctome_error_nomem();
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return CTOME_OK;
}

static void sb_clear(strbuf *b)
{
    b->n = 0;
    if (b->s)
        b->s[0] = '\0';
}

/* Local part of an expat namespace-mode name "uri|local". */
static const char *local_name(const char *name)
{
    const char *p = strrchr(name, '|');
    return p ? p + 1 : name;
}

static const char *attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

/* Parse an A1-style reference ("AB12") into 0-based row and column.
 * Returns 0 on success, -1 if malformed or beyond Excel's limits. */
static int parse_ref(const char *r, size_t *row, size_t *col)
{
    size_t c = 0, k = 0;
    while (isalpha((unsigned char)r[k])) {
        c = c * 26 + (size_t)(toupper((unsigned char)r[k]) - 'A' + 1);
        if (++k > 3 || c > MAX_COLS)
            return -1;
    }
    if (k == 0 || !isdigit((unsigned char)r[k]) || r[k] == '0')
        return -1;
    size_t v = 0, d = 0;
    while (isdigit((unsigned char)r[k])) {
        v = v * 10 + (size_t)(r[k++] - '0');
        if (++d > 7 || v > MAX_ROWS)
            return -1;
    }
    if (r[k] != '\0')
        return -1;
    *row = v - 1;
    *col = c - 1;
    return 0;
}

/* Strict unsigned integer (no sign, no spaces); -1 if malformed. */
static int parse_index(const char *s, size_t max, size_t *out)
{
    size_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (size_t)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

/* ------------------------------------------------------------- zip + expat */

typedef struct {
    int status;             /* set (with ctome_error) by a handler that stops */
    XML_Parser parser;
} xml_base;

/* Find a member by name (exact, then case-insensitively: zip names written on
 * Windows are sometimes cased differently from the relationship targets). */
static int zip_has(const ctome_workbook *wb, const char *name)
{
    size_t i;
    return ctome_zip_locate(wb->zip, name, &i) == 0;
}

/* Stream one zip member through an expat parser whose user data starts with
 * an xml_base.  Errors name the workbook, the part and expat's line. */
static int xml_stream(ctome_workbook *wb, const char *part, XML_Parser p, xml_base *base)
{
    size_t idx;
    if (ctome_zip_locate(wb->zip, part, &idx) != 0)
        return ctome_error(CTOME_EFORMAT, wb->path, 0, "workbook part '%s' is missing", part);
    ctome_zip_member *zf;
    int rc = ctome_zip_member_open(wb->zip, idx, &zf);
    if (rc)
        return rc;
    base->status = CTOME_OK;
    base->parser = p;
    char *buf = malloc(CHUNK);
    if (!buf) {
        ctome_zip_member_close(zf);
        return ctome_error_nomem();
    }
    for (;;) {
        size_t got;
        if ((rc = ctome_zip_member_read(zf, buf, CHUNK, &got)))
            break;
        int final = got == 0;
        if (XML_Parse(p, buf, (int)got, final) == XML_STATUS_ERROR) {
            if (base->status)
                rc = base->status;
            else
                rc = ctome_error(CTOME_EFORMAT, wb->path, 0, "%s line %lu: malformed XML: %s",
                                 part, (unsigned long)XML_GetCurrentLineNumber(p),
                                 XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (final)
            break;
    }
    free(buf);
    ctome_zip_member_close(zf);
    return rc;
}

static XML_Parser xml_new(void *ud, XML_StartElementHandler st, XML_EndElementHandler en,
                          XML_CharacterDataHandler ch)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
    if (!p)
        return NULL;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, st, en);
    if (ch)
        XML_SetCharacterDataHandler(p, ch);
    return p;
}

/* Stop the parser from a handler after recording an error. */
static void xml_abort(xml_base *b, int rc)
{
    if (!b->status)
        b->status = rc;
    XML_StopParser(b->parser, XML_FALSE);
}

/* Resolve a relationship target against the directory of its source part
 * (OPC, ECMA-376 Part 2 §9.3): "/x/y" is absolute, "../" climbs. */
static char *resolve_target(const char *dir, const char *target)
{
    strbuf b = {0};
    const char *t = target;
    if (*t == '/')
        t++;
    else if (dir && *dir && sb_add(&b, dir, strlen(dir)))
        return NULL;
    if (sb_add(&b, t, strlen(t))) {
        free(b.s);
        return NULL;
    }
    /* normalise "./" and "x/../" segments in place */
    char *out = b.s, *w = b.s;
    for (const char *r = b.s; *r;) {
        const char *e = strchr(r, '/');
        size_t len = e ? (size_t)(e - r) : strlen(r);
        if (len == 1 && r[0] == '.') {
        } else if (len == 2 && r[0] == '.' && r[1] == '.') {
            if (w > out) {
                w--;
                while (w > out && w[-1] != '/')
                    w--;
            }
        } else if (len > 0) {
            memmove(w, r, len);
            w += len;
            if (e)
                *w++ = '/';
        }
        r += len + (e ? 1 : 0);
    }
    *w = '\0';
    return out;
}

/* --------------------------------------------------------- relationships */

typedef struct {
    char *id, *type, *target;
} rel;

typedef struct {
    xml_base base;
    rel *v;
    size_t n, cap;
} rels_ctx;

static void rels_free(rels_ctx *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].id);
        free(r->v[i].type);
        free(r->v[i].target);
    }
    free(r->v);
}

static void XMLCALL rels_start(void *ud, const char *name, const char **atts)
{
    rels_ctx *r = ud;
    if (strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!id || !target)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        rel *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            xml_abort(&r->base, ctome_error_nomem());
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    rel *e = &r->v[r->n];
    e->id = strdup(id);
    e->type = strdup(type ? type : "");
    e->target = strdup(target);
    if (!e->id || !e->type || !e->target) {
        free(e->id);
        free(e->type);
        free(e->target);
        xml_abort(&r->base, ctome_error_nomem());
        return;
    }
    r->n++;
}

static void XMLCALL noop_end(void *ud, const char *name)
{
    (void)ud;
    (void)name;
}

/* Read a relationship part; a missing part yields an empty list. */
static int rels_read(ctome_workbook *wb, const char *part, rels_ctx *r)
{
    memset(r, 0, sizeof *r);
    if (!zip_has(wb, part))
        return CTOME_OK;
    XML_Parser p = xml_new(r, rels_start, noop_end, NULL);
    if (!p)
        return ctome_error_nomem();
    int rc = xml_stream(wb, part, p, &r->base);
    XML_ParserFree(p);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ------------------------------------------------------------ workbook.xml */

typedef struct {
    xml_base base;
    ctome_workbook *wb;
    char **rids;
    size_t cap;
} book_ctx;

static void XMLCALL book_start(void *ud, const char *name, const char **atts)
{
    book_ctx *b = ud;
    if (strcmp(local_name(name), "sheet") != 0)
        return;
    const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
    if (!nm || !rid) {
        xml_abort(&b->base, ctome_error(CTOME_EFORMAT, b->wb->path, 0,
                                        "workbook lists a sheet without name or r:id"));
        return;
    }
    ctome_workbook *wb = b->wb;
    if (wb->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 8;
        char **n1 = realloc(wb->names, cap * sizeof *n1);
        if (n1)
            wb->names = n1;
        char **r1 = n1 ? realloc(b->rids, cap * sizeof *r1) : NULL;
        if (r1)
            b->rids = r1;
        if (!n1 || !r1) {
            xml_abort(&b->base, ctome_error_nomem());
            return;
        }
        b->cap = cap;
    }
    wb->names[wb->n] = strdup(nm);
    b->rids[wb->n] = strdup(rid);
    if (!wb->names[wb->n] || !b->rids[wb->n]) {
        free(wb->names[wb->n]);
        free(b->rids[wb->n]);
        xml_abort(&b->base, ctome_error_nomem());
        return;
    }
    wb->n++;
}

int ctome_xlsx_open(ctome_workbook *wb)
{
    int rc = ctome_zip_open(wb->path, &wb->zip);
    if (rc)
        return rc;

    /* The package relationships name the workbook part. */
    rels_ctx top;
    rc = rels_read(wb, "_rels/.rels", &top);
    if (rc)
    {
        rels_free(&top);
        return rc;
    }
    char *book = NULL;
    for (size_t i = 0; i < top.n && !book; i++)
        if (ends_with(top.v[i].type, "/officeDocument"))
            book = resolve_target("", top.v[i].target);
    rels_free(&top);
    if (!book && !(book = strdup("xl/workbook.xml")))
        return ctome_error_nomem();
    if (!zip_has(wb, book)) {
        rc = ctome_error(CTOME_EFORMAT, wb->path, 0,
                         "a zip archive but not an .xlsx workbook (no part '%s')", book);
        free(book);
        return rc;
    }

    /* Directory of the workbook part, and its relationship part. */
    const char *slash = strrchr(book, '/');
    size_t dlen = slash ? (size_t)(slash - book + 1) : 0;
    char *dir = malloc(dlen + 1);
    char *relpart = malloc(strlen(book) + 16);
    if (!dir || !relpart) {
        free(book), free(dir), free(relpart);
        return ctome_error_nomem();
    }
    memcpy(dir, book, dlen);
    dir[dlen] = '\0';
    sprintf(relpart, "%s_rels/%s.rels", dir, book + dlen);

    book_ctx bc = {.wb = wb};
    XML_Parser p = xml_new(&bc, book_start, noop_end, NULL);
    if (!p)
        rc = ctome_error_nomem();
    else
        rc = xml_stream(wb, book, p, &bc.base);
    if (p)
        XML_ParserFree(p);

    rels_ctx wr = {0};
    if (!rc)
        rc = rels_read(wb, relpart, &wr);
    if (!rc && wb->n && !zip_has(wb, relpart))
        rc = ctome_error(CTOME_EFORMAT, wb->path, 0, "workbook part '%s' is missing", relpart);
    if (!rc && !(wb->parts = calloc(wb->n ? wb->n : 1, sizeof *wb->parts)))
        rc = ctome_error_nomem();
    for (size_t s = 0; !rc && s < wb->n; s++) {
        const rel *hit = NULL;
        for (size_t i = 0; i < wr.n && !hit; i++)
            if (strcmp(wr.v[i].id, bc.rids[s]) == 0)
                hit = &wr.v[i];
        if (!hit)
            rc = ctome_error(CTOME_EFORMAT, wb->path, 0,
                             "sheet '%s': relationship '%s' is not in '%s'", wb->names[s],
                             bc.rids[s], relpart);
        else if (!(wb->parts[s] = resolve_target(dir, hit->target)))
            rc = ctome_error_nomem();
    }
    for (size_t i = 0; !rc && i < wr.n && !wb->sst_part; i++)
        if (ends_with(wr.v[i].type, "/sharedStrings") &&
            !(wb->sst_part = resolve_target(dir, wr.v[i].target)))
            rc = ctome_error_nomem();
    rels_free(&wr);
    for (size_t s = 0; s < wb->n; s++)
        free(bc.rids[s]);
    free(bc.rids);
    free(book);
    free(dir);
    free(relpart);
    return rc;
}

/* -------------------------------------------------------- sharedStrings.xml */

typedef struct {
    xml_base base;
    ctome_workbook *wb;
    strbuf text;
    size_t cap;
    int in_si, in_t, in_rph;
} sst_ctx;

static void XMLCALL sst_start(void *ud, const char *name, const char **atts)
{
    (void)atts;
    sst_ctx *c = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "si") == 0) {
        c->in_si = 1;
        sb_clear(&c->text);
    } else if (c->in_si && strcmp(ln, "rPh") == 0) {
        c->in_rph++;    /* phonetic (ruby) runs are not part of the value */
    } else if (c->in_si && !c->in_rph && strcmp(ln, "t") == 0) {
        c->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const char *name)
{
    sst_ctx *c = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (c->in_rph)
            c->in_rph--;
    } else if (strcmp(ln, "si") == 0 && c->in_si) {
        ctome_workbook *wb = c->wb;
        c->in_si = 0;
        if (wb->n_sst == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 256;
            char **v = realloc(wb->sst, cap * sizeof *v);
            if (!v) {
                xml_abort(&c->base, ctome_error_nomem());
                return;
            }
            wb->sst = v;
            c->cap = cap;
        }
        char *s = strdup(c->text.s ? c->text.s : "");
        if (!s) {
            xml_abort(&c->base, ctome_error_nomem());
            return;
        }
        wb->sst[wb->n_sst++] = s;
    }
}

static void XMLCALL sst_chars(void *ud, const char *s, int len)
{
    sst_ctx *c = ud;
    if (c->in_t && !c->in_rph) {
        int rc = sb_add(&c->text, s, (size_t)len);
        if (rc)
            xml_abort(&c->base, rc);
    }
}

static int sst_load(ctome_workbook *wb)
{
    if (wb->sst_loaded || !wb->sst_part)
        return CTOME_OK;
    sst_ctx c = {.wb = wb};
    XML_Parser p = xml_new(&c, sst_start, sst_end, sst_chars);
    if (!p)
        return ctome_error_nomem();
    int rc = xml_stream(wb, wb->sst_part, p, &c.base);
    XML_ParserFree(p);
    free(c.text.s);
    if (!rc)
        wb->sst_loaded = 1;
    return rc;
}

/* --------------------------------------------------------------- worksheet */

/* Cell types (ECMA-376 §18.18.11 ST_CellType). */
enum { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

typedef struct {
    xml_base base;
    ctome_workbook *wb;
    const char *sheet;
    ctome_cells cells;
    strbuf text;
    size_t row;             /* current row (0-based) */
    size_t next_row;        /* row that a <row> without r= gets */
    size_t next_col;        /* column that a <c> without r= gets */
    size_t crow, ccol;      /* position of the open cell */
    int in_data, in_c, in_v, in_is, in_t, in_rph, type, has_v;
} ws_ctx;

static void ws_fail(ws_ctx *c, int code, const char *what, const char *value)
{
    char ref[16];
    ctome_cell_ref(c->crow, c->ccol, ref);
    xml_abort(&c->base, ctome_error(code, c->wb->path, 0, "%s!%s: %s '%.64s'", c->sheet, ref,
                                    what, value));
}

static void XMLCALL ws_start(void *ud, const char *name, const char **atts)
{
    ws_ctx *c = ud;
    const char *ln = local_name(name);
    if (!c->in_data) {
        if (strcmp(ln, "sheetData") == 0)
            c->in_data = 1;
        return;
    }
    if (strcmp(ln, "row") == 0) {
        const char *r = attr(atts, "r");
        size_t v;
        if (r) {
            if (parse_index(r, MAX_ROWS, &v) || v == 0) {
                xml_abort(&c->base, ctome_error(CTOME_EFORMAT, c->wb->path, 0,
                                                "%s: bad row number '%.64s'", c->sheet, r));
                return;
            }
            c->row = v - 1;
        } else {
            c->row = c->next_row;
        }
        if (c->row >= MAX_ROWS) {
            xml_abort(&c->base, ctome_error(CTOME_EFORMAT, c->wb->path, 0,
                                            "%s: more than %u rows", c->sheet, MAX_ROWS));
            return;
        }
        c->next_row = c->row + 1;
        c->next_col = 0;
    } else if (strcmp(ln, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        c->crow = c->row;
        c->ccol = c->next_col;
        if (r && parse_ref(r, &c->crow, &c->ccol)) {
            xml_abort(&c->base, ctome_error(CTOME_EFORMAT, c->wb->path, 0,
                                            "%s: bad cell reference '%.64s'", c->sheet, r));
            return;
        }
        if (c->ccol >= MAX_COLS) {
            ws_fail(c, CTOME_EFORMAT, "more than 16384 columns in row", "");
            return;
        }
        c->next_col = c->ccol + 1;
        c->type = T_N;
        if (t) {
            if (strcmp(t, "n") == 0) c->type = T_N;
            else if (strcmp(t, "s") == 0) c->type = T_S;
            else if (strcmp(t, "str") == 0) c->type = T_STR;
            else if (strcmp(t, "inlineStr") == 0) c->type = T_INLINE;
            else if (strcmp(t, "b") == 0) c->type = T_B;
            else if (strcmp(t, "e") == 0) c->type = T_E;
            else if (strcmp(t, "d") == 0) c->type = T_D;
            else {
                ws_fail(c, CTOME_EFORMAT, "unknown cell type", t);
                return;
            }
        }
        c->in_c = 1;
        c->has_v = 0;
        sb_clear(&c->text);
    } else if (c->in_c && strcmp(ln, "v") == 0) {
        c->in_v = 1;
        c->has_v = 1;
        sb_clear(&c->text);
    } else if (c->in_c && strcmp(ln, "is") == 0) {
        c->in_is = 1;
        c->has_v = 1;
        sb_clear(&c->text);
    } else if (c->in_is && strcmp(ln, "rPh") == 0) {
        c->in_rph++;
    } else if (c->in_is && !c->in_rph && strcmp(ln, "t") == 0) {
        c->in_t = 1;
    }
}

static void ws_cell_end(ws_ctx *c)
{
    c->in_c = 0;
    if (!c->has_v)
        return;     /* a styled but empty cell */
    const char *v = c->text.s ? c->text.s : "";
    double num = 0.0;
    const char *str = NULL;
    switch (c->type) {
    case T_N:
        if (!*v)
            return;
        if (ctome_sheet_parse_number(v, &num)) {
            ws_fail(c, CTOME_EFORMAT, "bad number", v);
            return;
        }
        break;
    case T_B:
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
            ws_fail(c, CTOME_EFORMAT, "bad boolean", v);
            return;
        }
        num = v[0] == '1';
        break;
    case T_S: {
        size_t k;
        if (parse_index(v, SIZE_MAX / 16, &k) || k >= c->wb->n_sst) {
            ws_fail(c, CTOME_EFORMAT, "shared string index out of range", v);
            return;
        }
        str = c->wb->sst[k];
        break;
    }
    default:    /* str, inlineStr, e, d: text as written */
        str = v;
        break;
    }
    char *text = NULL;
    if (str) {
        if (!*str)
            return;     /* "" displays as an empty cell; keep it empty */
        if (!(text = strdup(str))) {
            xml_abort(&c->base, ctome_error_nomem());
            return;
        }
    }
    int rc = ctome_cells_add(&c->cells, c->crow, c->ccol, str ? CTOME_CELL_TEXT : CTOME_CELL_NUMBER,
                        num, text);
    if (rc)
        xml_abort(&c->base, rc);
}

static void XMLCALL ws_end(void *ud, const char *name)
{
    ws_ctx *c = ud;
    if (!c->in_data)
        return;
    const char *ln = local_name(name);
    if (strcmp(ln, "sheetData") == 0) {
        c->in_data = 0;
    } else if (strcmp(ln, "c") == 0) {
        if (c->in_c)
            ws_cell_end(c);
        c->in_v = c->in_is = c->in_t = c->in_rph = 0;
    } else if (strcmp(ln, "v") == 0) {
        c->in_v = 0;
    } else if (strcmp(ln, "is") == 0) {
        c->in_is = 0;
    } else if (strcmp(ln, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (c->in_rph)
            c->in_rph--;
    }
}

static void XMLCALL ws_chars(void *ud, const char *s, int len)
{
    ws_ctx *c = ud;
    if (c->in_v || (c->in_is && c->in_t && !c->in_rph)) {
        int rc = sb_add(&c->text, s, (size_t)len);
        if (rc)
            xml_abort(&c->base, rc);
    }
}

int ctome_xlsx_sheet(ctome_workbook *wb, size_t i, ctome_sheet **out)
{
    int rc = sst_load(wb);
    if (rc)
        return rc;
    ws_ctx c = {.wb = wb, .sheet = wb->names[i]};
    XML_Parser p = xml_new(&c, ws_start, ws_end, ws_chars);
    if (!p)
        return ctome_error_nomem();
    rc = xml_stream(wb, wb->parts[i], p, &c.base);
    XML_ParserFree(p);
    free(c.text.s);
    if (!rc)
        rc = ctome_cells_to_sheet(&c.cells, wb->path, wb->names[i], out);
    ctome_cells_free(&c.cells);
    return rc;
}

void ctome_xlsx_close(ctome_workbook *wb)
{
    for (size_t i = 0; i < wb->n_sst; i++)
        free(wb->sst[i]);
    free(wb->sst);
    free(wb->sst_part);
    wb->sst = NULL;
    wb->sst_part = NULL;
    wb->n_sst = 0;
    ctome_zip_close(wb->zip);
    wb->zip = NULL;
}
