/* output.c — SVG post-processing for deterministic, crisp files.
 *
 * cairo 1.16 names SVG elements "surface<N>" and "image<N>" after a process-
 * wide counter, so the same figure drawn twice in one process differs.  Here
 * those numbers are replaced by their order of first appearance in the file.
 * <image> elements (heatmap cells, colour bar) get image-rendering hints so
 * viewers scale them without smoothing, as the PNG and PDF outputs do.
 */
#include "plot_internal.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *b;
    size_t n, cap;
} buf;

static int put(buf *o, const void *p, size_t n)
{
    if (o->n + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->n + n)
            cap *= 2;
        unsigned char *nb = realloc(o->b, cap);
        if (!nb)
            return ctome_error_nomem();
        o->b = nb;
        o->cap = cap;
    }
    memcpy(o->b + o->n, p, n);
    o->n += n;
    return CTOME_OK;
}

typedef struct {
    unsigned long *old;
    size_t n, cap;
} idmap;

/* New number (1-based, first appearance) for an old id number. */
static int renumber(idmap *m, unsigned long old, unsigned long *out)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->old[i] == old) {
            *out = i + 1;
            return CTOME_OK;
        }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        unsigned long *no = realloc(m->old, cap * sizeof *no);
        if (!no)
            return ctome_error_nomem();
        m->old = no;
        m->cap = cap;
    }
    m->old[m->n++] = old;
    *out = m->n;
    return CTOME_OK;
}

int plot_svg_normalise(const unsigned char *in, size_t n, unsigned char **out, size_t *out_n)
{
    static const char *const prefix[2] = {"surface", "image"};
    static const char img_hint[] = " style=\"image-rendering:optimizeSpeed;image-rendering:pixelated\"";
    idmap maps[2] = {{0}, {0}};
    buf o = {0};
    int rc = CTOME_OK;
    size_t i = 0;
    while (i < n && !rc) {
        if (in[i] == '<' && i + 6 <= n && memcmp(in + i, "<image", 6) == 0) {
            rc = put(&o, "<image", 6);
            if (!rc)
                rc = put(&o, img_hint, sizeof img_hint - 1);
            i += 6;
            continue;
        }
        int matched = 0;
        if (in[i] == '"' || in[i] == '#') {
            for (int p = 0; p < 2 && !matched; p++) {
                size_t L = strlen(prefix[p]), j = i + 1 + L;
                if (j >= n || memcmp(in + i + 1, prefix[p], L) != 0 || in[j] < '0' || in[j] > '9')
                    continue;
                unsigned long old = 0, nw = 0;
                while (j < n && in[j] >= '0' && in[j] <= '9')
                    old = old * 10 + (unsigned long)(in[j++] - '0');
                if ((rc = renumber(&maps[p], old, &nw)))
                    break;
                char tmp[64];
                int k = snprintf(tmp, sizeof tmp, "%c%s%lu", in[i], prefix[p], nw);
                rc = put(&o, tmp, (size_t)k);
                i = j;
                matched = 1;
            }
        }
        if (!matched && !rc)
            rc = put(&o, in + i++, 1);
    }
    free(maps[0].old);
    free(maps[1].old);
    if (rc) {
        free(o.b);
        return rc;
    }
    *out = o.b;
    *out_n = o.n;
    return CTOME_OK;
}
