/* textutil.h — the one line/field tokenizer shared by every text reader.
 *
 * A text file is streamed (never held whole: 256 KiB chunks, a buffer that
 * grows only for a longer line), gzip-compressed files are inflated on the
 * fly by zlib (detected from the content, so any name works), a UTF-8
 * byte-order mark is skipped, and lines are handed out one at a time with
 * their 1-based line number; CRLF and CR-only line ends are accepted.  A line
 * stays valid until the next ctome_text_next call: keep a copy of anything
 * needed later.  Fields are split in place
 * on a delimiter (tab, comma, semicolon, or runs of white space), with
 * RFC 4180 double quotes ("a,b" and "" for a literal quote), and trimmed, so
 * the space-padded WormWiring edge list (`I1L , I2L   ,10,chemical`) needs no
 * special case.  Numbers are parsed strictly: the whole trimmed field must be
 * a decimal number ("12", "1.5", "2e3"); "abc", "", "nan", "inf", "0x10" and
 * trailing junk are rejected.  Internal to lib/formats (not installed).
 *
 * The end of this header holds the steps every reader repeats (installing a
 * source's aliases for one file, adding a listing by raw names, a layer
 * that follows the file's direction) and ctome_rows, the open / skip /
 * split / clean-up loop of the line-based readers.
 */
#ifndef CTOME_TEXTUTIL_H
#define CTOME_TEXTUTIL_H

#include <stddef.h>

#include "connectome.h"
#include "readers.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef struct {
    const char *path;   /* for messages (borrowed) */
    void *gz;           /* zlib gzFile (plain files pass through) */
    char *buf;          /* the current chunk, NUL-terminated; lines are cut in place */
    size_t len, cap;    /* bytes held, capacity (the buffer has cap + 1 bytes) */
    size_t pos;         /* offset of the next unread byte */
    long line;          /* number of the line last returned (1-based) */
    int eof;            /* the file is read to its end */
    int compressed;     /* the file is gzip */
    int rc;             /* a read error ended ctome_text_next early (0: none) */
} ctome_text;

/* Open `path` and read its first chunk.  Errors as ctome_file_read
 * (directory, missing, unreadable, empty file) and a damaged gzip header. */
int ctome_text_open(ctome_text *t, const char *path);
void ctome_text_close(ctome_text *t);

/* Next line (without its line end), NUL-terminated in place; t->line is its
 * number.  Returns 1, or 0 at the end of the file OR on a read error (a
 * damaged or cut gzip stream, an I/O error, a line over 1 GiB): then t->rc
 * is the error code and the message names the file and line — callers check
 * t->rc after their loop.  Amortised O(line length). */
int ctome_text_next(ctome_text *t, char **line);

/* Whether a line is blank or a comment (first non-blank character '#'). */
int ctome_text_is_skippable(const char *line);

/* Delimiter of a data line: '\t' if it has a tab, else ',' if it has a comma,
 * else ';' if it has a semicolon, else ' ' (runs of white space). */
char ctome_text_detect_delim(const char *line);

/* A growable field list. */
typedef struct {
    char **f;
    size_t n, cap;
} ctome_fields;

void ctome_fields_free(ctome_fields *fs);

/* Split `line` in place into trimmed, unquoted fields.  delim ' ' splits on
 * runs of spaces/tabs.  An unterminated quote is CTOME_EFORMAT naming
 * path:lineno.  O(line length). */
int ctome_text_split(char *line, char delim, ctome_fields *fs, const char *path, long lineno);

/* Trim ASCII white space at both ends, in place; returns the start. */
char *ctome_text_trim(char *s);

/* Strict decimal number: optional sign, digits, optional fraction and
 * exponent, nothing else.  Returns 1 and sets *v if `s` is one and finite. */
int ctome_text_is_number(const char *s, double *v);

/* Parse a field as a number (negative allowed).  CTOME_EFORMAT
 * "not a number '<s>'" with path:lineno otherwise; `what` names the column. */
int ctome_text_number(const char *s, const char *what, const char *path, long lineno, double *v);

/* Parse a field as a connection weight: a finite number >= 0.  Non-numbers
 * are CTOME_EFORMAT, negative values CTOME_EVALUE; both messages quote the
 * field and name path:lineno. */
int ctome_text_weight(const char *s, const char *what, const char *path, long lineno, double *w);
/* A weight for layer `layer`: ctome_text_weight, except that a signed layer
 * (functional: inhibitory responses; ctome_layer_default_signed) takes
 * negative values.  Readers that learn the layer from the row call this. */
int ctome_text_layer_weight(const char *s, const char *layer, const char *what, const char *path,
                            long lineno, double *w);

/* Case-insensitive ASCII equality, ignoring '_' and '-' vs ' ' differences
 * ("gap_junction" == "Gap Junction"). */
int ctome_text_name_eq(const char *a, const char *b);

/* Whether `s` equals (ctome_text_name_eq) one of the NULL-terminated `names`. */
int ctome_text_name_in(const char *s, const char *const *names);

/* Whether a header row names a source and a target column (source/target,
 * pre/post, from/to, ...: the names ctome_read_edgelist knows; edgelist.c). */
int ctome_edgelist_header_names(const ctome_fields *h);

/* --- Shared by the readers --------------------------------------------- */

/* Install the aliases for reading one file: opts->aliases if given, else
 * `deflt` if not NULL, else keep the connectome's current aliases (set by the
 * dataset loader).  Returns the previous aliases; the reader puts them back
 * (c->aliases = saved) before it returns, so a source's aliases apply to its
 * own file only.  O(1). */
const ctome_alias *ctome_read_aliases(ctome_connectome *c, const ctome_read_opts *o,
                                      const ctome_alias *deflt);

/* Append the listing src -> dst of weight w to `layer`, the endpoints given
 * by their raw names (ctome_connectome_node normalises and aliases them; both
 * become nodes even if w is 0, which adds no listing).  Errors as
 * ctome_connectome_node / ctome_connectome_add, with path:line.  O(1)
 * amortised plus the name lookups. */
int ctome_read_add_named(ctome_connectome *c, const char *layer, const char *src, const char *dst,
                         double w, const char *path, long line);

/* The layer `name` (created if absent); a layer with no listings yet takes
 * the direction the file states (GML `directed`, GraphML `edgedefault`), so
 * a file's own statement wins over the conventional default.  NULL (error
 * recorded) if out of memory.  O(layers). */
ctome_layer *ctome_read_layer_directed(ctome_connectome *c, const char *name, int directed);

/* Make room for element n of a growable array of `size`-byte elements
 * (*arr with capacity *cap, doubled as needed from 256).  CTOME_OK, or
 * CTOME_ENOMEM (recorded; *arr untouched).  O(1) amortised. */
int ctome_read_grow(void **arr, size_t *cap, size_t n, size_t size);

/* The data rows of a line-based text file (edge lists, matrices, TSV). */
typedef struct {
    ctome_text t;
    ctome_fields fs;          /* fields of the row last returned */
    char delim;               /* 0: detected from the first data line */
    ctome_connectome *c;
    const ctome_alias *saved; /* aliases to put back on close */
} ctome_rows;

/* Open `path` (streamed, gzip or plain: ctome_text_open) and install the aliases (ctome_read_aliases with
 * `deflt`).  On failure nothing is installed and ctome_rows_close is still
 * safe to call.  Errors as ctome_file_read. */
int ctome_rows_open(ctome_rows *r, const char *path, char delim, const ctome_read_opts *o,
                    const ctome_alias *deflt, ctome_connectome *c);

/* Next data row, blank and '#' lines skipped, split into r->fs (r->t.line
 * is its number).  Returns 1 with *rc = CTOME_OK, or 0 at the end of the
 * file (*rc = CTOME_OK) or on a split or read error (*rc set, error recorded).
 * O(line length). */
int ctome_rows_next(ctome_rows *r, int *rc);

/* Put the aliases back and free the file and the fields. */
void ctome_rows_close(ctome_rows *r);

#pragma GCC visibility pop

#endif
