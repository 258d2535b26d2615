#include "strmap.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    int value;
} slot;

struct ctome_strmap {
    slot *s;
    size_t cap, n;    /* cap is a power of two; load kept below 1/2 */
};

static uint64_t fnv1a(const char *k)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ULL;
    return h;
}

ctome_strmap *ctome_strmap_new(void)
{
    ctome_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->s = calloc(m->cap, sizeof *m->s);
    if (!m->s) {
        free(m);
        return NULL;
    }
    return m;
}

void ctome_strmap_free(ctome_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->s[i].key);
    free(m->s);
    free(m);
}

static slot *find_slot(slot *s, size_t cap, const char *key)
{
    size_t i = (size_t)fnv1a(key) & (cap - 1);
    while (s[i].key && strcmp(s[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &s[i];
}

static int grow(ctome_strmap *m)
{
    size_t cap = m->cap * 2;
    slot *s = calloc(cap, sizeof *s);
    if (!s)
        return ctome_error_nomem();
    for (size_t i = 0; i < m->cap; i++)
        if (m->s[i].key)
            *find_slot(s, cap, m->s[i].key) = m->s[i];
    free(m->s);
    m->s = s;
    m->cap = cap;
    return CTOME_OK;
}

int ctome_strmap_put(ctome_strmap *m, const char *key, int value)
{
    if (2 * (m->n + 1) > m->cap && grow(m))
        return CTOME_ENOMEM;
    slot *sl = find_slot(m->s, m->cap, key);
    if (!sl->key) {
        sl->key = strdup(key);
        if (!sl->key)
            return ctome_error_nomem();
        m->n++;
    }
    sl->value = value;
    return CTOME_OK;
}

int ctome_strmap_get(const ctome_strmap *m, const char *key)
{
    const slot *sl = find_slot(m->s, m->cap, key);
    return sl->key ? sl->value : -1;
}

size_t ctome_strmap_size(const ctome_strmap *m) { return m->n; }
