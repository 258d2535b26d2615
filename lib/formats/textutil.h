/* textutil.h — the one line/field tokenizer shared by every text reader.
 *
 * A text file is read whole (ctome_file_read), a UTF-8 byte-order mark is
 * skipped, and lines are handed out one at a time with their 1-based line
 * number; CRLF and CR-only line ends are accepted.  Fields are split in place
 * on a delimiter (tab, comma, semicolon, or runs of white space), with
 * RFC 4180 double quotes ("a,b" and "" for a literal quote), and trimmed, so
 * the space-padded WormWiring edge list (`I1L , I2L   ,10,chemical`) needs no
 * special case.  Numbers are parsed strictly: the whole trimmed field must be
 * a decimal number ("12", "1.5", "2e3"); "abc", "", "nan", "inf", "0x10" and
 * trailing junk are rejected.  Internal to lib/formats (not installed).
 */
#ifndef CTOME_TEXTUTIL_H
#define CTOME_TEXTUTIL_H

#include <stddef.h>

#include "connectome.h"

typedef struct {
    const char *path;   /* for messages (borrowed) */
    char *buf;          /* whole file, NUL-terminated; lines are cut in place */
    size_t len;
    size_t pos;         /* offset of the next unread byte */
    long line;          /* number of the line last returned (1-based) */
} ctome_text;

/* Read `path` whole.  Errors as ctome_file_read (directory, missing, empty). */
int ctome_text_open(ctome_text *t, const char *path);
void ctome_text_close(ctome_text *t);

/* Next line (without its line end), NUL-terminated in place; t->line is its
 * number.  Returns 1, or 0 at the end of the file.  O(line length). */
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

/* Case-insensitive ASCII equality, ignoring '_' and '-' vs ' ' differences
 * ("gap_junction" == "Gap Junction"). */
int ctome_text_name_eq(const char *a, const char *b);

/* Whether `s` equals (ctome_text_name_eq) one of the NULL-terminated `names`. */
int ctome_text_name_in(const char *s, const char *const *names);

#endif
