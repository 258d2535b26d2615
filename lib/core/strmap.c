#include "strmap.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    uint64_t hash;  /* kept so probes and growth compare hashes, not strings */
    int value;
} slot;

struct ctome_strmap {
    slot *s;
    size_t cap, n;    /* cap is a power of two; load kept below 1/2 */
};

/* FNV-1a, then a 64-bit finaliser (murmur3's fmix64): FNV-1a's low bits,
 * which pick the slot, mix poorly for keys that differ only in a few digits
 * ("123456" vs "123457": a million integer ids formed long probe runs and
 * string compares were half of reading a 10M-arc edge list). */
static uint64_t hash_key(const char *k)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
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

static slot *find_slot(slot *s, size_t cap, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (s[i].key && (s[i].hash != h || strcmp(s[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &s[i];
}

/* Growth: keys are distinct, so only an empty slot is needed. */
static slot *free_slot(slot *s, size_t cap, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (s[i].key)
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
            *free_slot(s, cap, m->s[i].hash) = m->s[i];
    free(m->s);
    m->s = s;
    m->cap = cap;
    return CTOME_OK;
}

int ctome_strmap_put(ctome_strmap *m, const char *key, int value)
{
    if (2 * (m->n + 1) > m->cap && grow(m))
        return CTOME_ENOMEM;
    uint64_t h = hash_key(key);
    slot *sl = find_slot(m->s, m->cap, key, h);
    if (!sl->key) {
        sl->key = strdup(key);
        if (!sl->key)
            return ctome_error_nomem();
        sl->hash = h;
        m->n++;
    }
    sl->value = value;
    return CTOME_OK;
}

int ctome_strmap_get(const ctome_strmap *m, const char *key)
{
    const slot *sl = find_slot(m->s, m->cap, key, hash_key(key));
    return sl->key ? sl->value : -1;
}

size_t ctome_strmap_size(const ctome_strmap *m) { return m->n; }
