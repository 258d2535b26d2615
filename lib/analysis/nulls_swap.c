/* nulls_swap.c — the Maslov-Sneppen swap loops of one null replicate
 * (definitions in nulls.h; workspace in nulls_internal.h).
 *
 * Why a pipeline.  On a million-arc graph the arc array (8 MB) and the edge
 * hash set (32 MB) do not fit in cache, and an attempt is a chain of
 * dependent DRAM reads: the two arcs, then the hash slots of the two
 * candidate arcs, then the slots of the two arcs it deletes.  Done one
 * attempt at a time, the loop waits for memory ~6 times per attempt (the
 * per-null cost grew ~n^1.4 from 10^4 to 10^5 vertices).  The random draws
 * of an attempt do not depend on the graph (which arcs, which orientation),
 * so the attempts are drawn LOOKAHEAD ahead into a ring: when attempt t+2L
 * is drawn its arcs are prefetched; at t+L its arcs are read and the hash
 * slots it will probe are prefetched; at t it runs with its data in cache.
 * Prefetches are only hints: attempt t reads the arcs again when it runs, so
 * swaps done in between are seen and the result is exactly that of the
 * one-at-a-time loop.  Each ring entry keeps the generator state after its
 * draws, and the caller's generator is left after the last attempt run: the
 * same seed gives the same null and the same stream position as before.
 */
#include "nulls_internal.h"
#include "rng_inline.h"

#include <math.h>
#include <string.h>

/* ---- the hash set of edges ----
 * Open addressing with linear probing and backward-shift deletion (Knuth
 * TAOCP 3, 6.4 Algorithm R), so no tombstones accumulate over millions of
 * swaps.  Capacity is a power of two >= 4 m: load <= 1/4, short probes. */

#define EMPTY_KEY UINT64_MAX

static inline uint64_t key_of(int32_t u, int32_t v) { return (uint64_t)(uint32_t)u << 32 | (uint32_t)v; }

static inline uint64_t home(const ctome_edge_set *h, uint64_t k)
{
    /* Fibonacci hashing: the high bits of k x 2^64/phi. */
    return (k * 0x9E3779B97F4A7C15ULL) >> h->shift;
}

static inline int set_has(const ctome_edge_set *h, uint64_t k)
{
    for (uint64_t i = home(h, k);; i = (i + 1) & h->mask) {
        if (h->slot[i] == k)
            return 1;
        if (h->slot[i] == EMPTY_KEY)
            return 0;
    }
}

static inline void set_add(ctome_edge_set *h, uint64_t k)
{
    uint64_t i = home(h, k);
    while (h->slot[i] != EMPTY_KEY)
        i = (i + 1) & h->mask;
    h->slot[i] = k;
}

static inline void set_del(ctome_edge_set *h, uint64_t k)
{
    uint64_t i = home(h, k);
    while (h->slot[i] != k)
        i = (i + 1) & h->mask;
    /* Shift later members of the probe run back over the hole unless their
     * home lies cyclically in (hole, j]. */
    uint64_t j = i;
    for (;;) {
        j = (j + 1) & h->mask;
        if (h->slot[j] == EMPTY_KEY)
            break;
        uint64_t r = home(h, h->slot[j]);
        if ((j > i && (r <= i || r > j)) || (j < i && (r <= i && r > j))) {
            h->slot[i] = h->slot[j];
            i = j;
        }
    }
    h->slot[i] = EMPTY_KEY;
}

/* ---- the arc set: a bit matrix for small graphs (undirected edges set in
 * both orientations), else the hash set of ekey keys ---- */

static inline uint64_t ekey(int directed, int32_t u, int32_t v)
{
    if (!directed && u > v)
        return key_of(v, u);
    return key_of(u, v);
}

static inline int adj_has(const ctome_null_ws *ws, int32_t u, int32_t v)
{
    if (ws->bits) {
        size_t b = (size_t)u * ws->n + (size_t)v;
        return (int)(ws->bits[b >> 6] >> (b & 63)) & 1;
    }
    return set_has(&ws->h, ekey(ws->directed, u, v));
}

static inline void bit_flip(ctome_null_ws *ws, int32_t u, int32_t v)
{
    size_t b = (size_t)u * ws->n + (size_t)v;
    ws->bits[b >> 6] ^= (uint64_t)1 << (b & 63);
}

static inline void adj_add(ctome_null_ws *ws, int32_t u, int32_t v)
{
    if (ws->bits) {
        bit_flip(ws, u, v);
        if (!ws->directed)
            bit_flip(ws, v, u);
    } else {
        set_add(&ws->h, ekey(ws->directed, u, v));
    }
}

static inline void adj_del(ctome_null_ws *ws, int32_t u, int32_t v)
{
    if (ws->bits) {
        bit_flip(ws, u, v);
        if (!ws->directed)
            bit_flip(ws, v, u);
    } else {
        set_del(&ws->h, ekey(ws->directed, u, v));
    }
}

/* The bit matrix (<= 2 MiB) stays in cache: only hash slots are fetched. */
static inline void adj_prefetch(const ctome_null_ws *ws, int32_t u, int32_t v)
{
    if (!ws->bits)
        __builtin_prefetch(&ws->h.slot[home(&ws->h, ekey(ws->directed, u, v))], 1, 1);
}

static inline int geo_ok(const ctome_null_ws *ws, int32_t a, int32_t b, int32_t c, int32_t d)
{
    if (ws->o.model != CTOME_NULL_GEOMETRY)
        return 1;
    int o1 = ctome_null_pair_bin(ws, a, b), o2 = ctome_null_pair_bin(ws, c, d);
    int n1 = ctome_null_pair_bin(ws, a, d), n2 = ctome_null_pair_bin(ws, c, b);
    return (o1 == n1 && o2 == n2) || (o1 == n2 && o2 == n1);
}

/* ---- the attempt ring ---- */

/* Attempts between the stages (arcs prefetched at +2L, hash slots at +L):
 * ~16 attempts of ~20 ns cover a DRAM miss of a few hundred ns. */
#define LOOKAHEAD 16
#define RING 64   /* a power of two > 2 LOOKAHEAD + 1 */
_Static_assert(RING > 2 * LOOKAHEAD + 1 && (RING & (RING - 1)) == 0, "attempt ring too small");

typedef struct {
    uint64_t i, j;   /* packed arc indices */
    int skip;        /* decided by the draws alone: nothing to try */
    int flip;        /* undirected: take the second edge reversed */
    ctome_rng after; /* the generator after this attempt's draws */
} attempt;

/* Plain (and geometry) swaps: i, j uniform over all arcs; undirected, the
 * orientation of the second edge after them unless i == j. */
static inline void draw_plain(const ctome_null_ws *ws, ctome_rng *r, attempt *p)
{
    uint64_t m = ws->m;
    p->i = ctome_rng_below_inline(r, m);
    p->j = ctome_rng_below_inline(r, m);
    p->skip = p->i == p->j;
    p->flip = !p->skip && !ws->directed && (ctome_rng_next_inline(r) >> 63);
    p->after = *r;
}

/* keep_mutual: an arc drawn uniformly decides the kind, then two arcs of
 * that kind (packed: singles in [0, n_single), mutual arcs after). */
static inline void draw_mutual(const ctome_null_ws *ws, ctome_rng *r, attempt *p)
{
    p->flip = 0;
    p->skip = 0;
    if (ctome_rng_below_inline(r, ws->m) < ws->n_single) {
        if (ws->n_single < 2) {
            p->skip = 1;
        } else {
            p->i = ctome_rng_below_inline(r, ws->n_single);
            p->j = ctome_rng_below_inline(r, ws->n_single);
        }
    } else {
        if (ws->n_mutual < 4) {
            p->skip = 1;
        } else {
            p->i = ws->n_single + ctome_rng_below_inline(r, ws->n_mutual);
            p->j = ws->n_single + ctome_rng_below_inline(r, ws->n_mutual);
        }
    }
    p->after = *r;
}

/* Stage +L: the hash slots attempt p will probe and update, from the arcs as
 * they are now (a later swap may change them: then only a hint is lost). */
static inline void prefetch_slots(const ctome_null_ws *ws, const attempt *p)
{
    if (p->skip || ws->bits)
        return;
    ctome_arc x = ws->arc[p->i], y = ws->arc[p->j];
    int32_t a = x.u, b = x.v, c = p->flip ? y.v : y.u, d = p->flip ? y.u : y.v;
    adj_prefetch(ws, a, d);
    adj_prefetch(ws, c, b);
    adj_prefetch(ws, a, b);
    adj_prefetch(ws, c, d);
    if (ws->mutual) {
        adj_prefetch(ws, d, a);
        adj_prefetch(ws, b, c);
        if (ws->partner[p->i] >= 0) {
            adj_prefetch(ws, b, a);
            adj_prefetch(ws, d, c);
            __builtin_prefetch(&ws->arc[ws->partner[p->i]], 1, 1);
            __builtin_prefetch(&ws->arc[ws->partner[p->j]], 1, 1);
        }
    }
}

/* ---- one attempt ---- */

/* Arc u->v, then v->u when both (a mutual pair), into the adjacency (add)
 * or out of it. */
static inline void adj_dyad(ctome_null_ws *ws, int32_t u, int32_t v, int both, int add)
{
    for (int k = 0; k <= both; k++) {
        if (add)
            adj_add(ws, u, v);
        else
            adj_del(ws, u, v);
        int32_t t = u;
        u = v;
        v = t;
    }
}

/* The swap a->b, c->d => a->d, c->b on the adjacency, made when the new
 * arcs are absent and geo_ok allows it; 1 when made.  keep: 0 plain arcs;
 * 1 single arcs of a keep_mutual swap (the reverses d->a, b->c must be
 * absent too, or a new mutual dyad would form); 2 mutual pairs (the
 * reverses move with them).  keep is a constant at every call, so the
 * inlined copies carry no branch on it. */
static inline int swap_ends(ctome_null_ws *ws, int32_t a, int32_t b, int32_t c, int32_t d, int keep)
{
    if (adj_has(ws, a, d) || (keep && adj_has(ws, d, a)) || adj_has(ws, c, b) || (keep && adj_has(ws, b, c)))
        return 0;
    if (!geo_ok(ws, a, b, c, d))
        return 0;
    adj_dyad(ws, a, b, keep == 2, 0);
    adj_dyad(ws, c, d, keep == 2, 0);
    adj_dyad(ws, a, d, keep == 2, 1);
    adj_dyad(ws, c, b, keep == 2, 1);
    return 1;
}

/* Returns 1 when the swap was made. */
static inline int try_plain(ctome_null_ws *ws, const attempt *p)
{
    if (p->skip)
        return 0;
    ctome_arc *arc = ws->arc;
    int32_t a = arc[p->i].u, b = arc[p->i].v, c, d;
    /* Undirected: the second edge in a random orientation, so both
     * rewirings {a,d},{c,b} and {a,c},{d,b} are proposed. */
    if (p->flip) {
        c = arc[p->j].v;
        d = arc[p->j].u;
    } else {
        c = arc[p->j].u;
        d = arc[p->j].v;
    }
    /* a == d, c == b: self-loops; a == c, b == d: the same edges back. */
    if (a == d || c == b || a == c || b == d || !swap_ends(ws, a, b, c, d, 0))
        return 0;
    arc[p->i] = (ctome_arc){a, d};
    arc[p->j] = (ctome_arc){c, b};
    return 1;
}

/* The arcs of an accepted keep-mutual swap of mutual pair (i, i') with
 * (j, j'): slots keep their sources, i a->d, j' d->a, j c->b, i' b->c, and
 * the pairs are re-partnered.  Shared by try_mutual and the bit loop. */
static inline void rewire_mutual(ctome_arc *arc, int32_t *pt, size_t i, size_t j, int32_t a, int32_t b,
                                 int32_t c, int32_t d)
{
    size_t i2 = (size_t)pt[i], j2 = (size_t)pt[j];
    arc[i].v = d;
    arc[j2].v = a;
    arc[j].v = b;
    arc[i2].v = c;
    pt[i] = (int32_t)j2;
    pt[j2] = (int32_t)i;
    pt[j] = (int32_t)i2;
    pt[i2] = (int32_t)j;
}

/* Directed swaps that keep the mutual dyads (nulls.h, keep_mutual).  Every
 * slot keeps its source (so weights keep their source). */
static inline int try_mutual(ctome_null_ws *ws, const attempt *p)
{
    if (p->skip)
        return 0;
    ctome_arc *arc = ws->arc;
    int32_t *pt = ws->partner;
    size_t i = p->i, j = p->j;
    int32_t a = arc[i].u, b = arc[i].v, c = arc[j].u, d = arc[j].v;
    if (i < ws->n_single) {
        if (i == j || a == d || c == b || a == c || b == d || !swap_ends(ws, a, b, c, d, 1))
            return 0;
        arc[i].v = d;
        arc[j].v = b;
        return 1;
    }
    /* arc i = a->b of pair (i, i'), arc j = c->d of pair (j, j'); drawing
     * either arc of a pair gives both rewirings */
    size_t i2 = (size_t)pt[i];
    if (i == j || j == i2 || a == c || a == d || b == c || b == d || !swap_ends(ws, a, b, c, d, 2))
        return 0;
    rewire_mutual(arc, pt, i, j, a, b, c, d);
    return 1;
}

/* ---- the bit-matrix loops (small graphs, matrix in L1/L2) ----
 *
 * Why separate loops.  On a dense layer almost every attempt is rejected
 * (ripollsanchez2023-peptide-long, undirected view at density 0.82: 0.6 %
 * accepted), and in try_plain/try_mutual the rejection is a chain of
 * branches on the adjacency bits, each taken about as often as the density
 * says: one or two mispredictions per attempt were most of its cost.  Here
 * every test of an attempt is computed and OR-ed into one flag, so the
 * only data-dependent branch is "accepted", which is almost never taken
 * (or, on sparse layers, almost always: predictable either way).  The draws
 * are those of draw_plain/draw_mutual in the same order (the flip bit, the
 * kind's extra draws only when those draw them), the tests those of
 * try_plain/try_mutual, and an accepted swap is made by the same code
 * (swap_ends, whose tests are then known to pass): the same nulls, bit for
 * bit, and the generator left at the same position. */

static inline uint64_t bit_at(const uint64_t *bits, size_t n, int32_t u, int32_t v)
{
    size_t b = (size_t)u * n + (size_t)v;
    return bits[b >> 6] >> (b & 63);
}

/* m: the arcs in ws->arc (ws->m, or the complement's ws->mc). */
static void rewire_bits_plain(ctome_null_ws *ws, uint64_t m, ctome_rng *r, uint64_t target, uint64_t max_att,
                              uint64_t *att_out, uint64_t *done_out)
{
    ctome_rng g = *r;
    const size_t n = ws->n;
    const uint64_t *bits = ws->bits;
    ctome_arc *arc = ws->arc;
    const int und = !ws->directed;
    uint64_t att = 0, done = 0;
    while (done < target && att < max_att) {
        uint64_t i = ctome_rng_below_inline(&g, m), j = ctome_rng_below_inline(&g, m);
        att++;
        if (i == j)   /* draw_plain's skip: no flip is drawn */
            continue;
        int flip = und && (ctome_rng_next_inline(&g) >> 63);
        ctome_arc x = arc[i], y = arc[j];
        int32_t a = x.u, b = x.v;
        int32_t c = flip ? y.v : y.u, d = flip ? y.u : y.v;
        uint64_t bad = (uint64_t)((a == d) | (c == b) | (a == c) | (b == d));
        bad |= bit_at(bits, n, a, d) | bit_at(bits, n, c, b);
        if (__builtin_expect((bad & 1) == 0, 0)) {
            swap_ends(ws, a, b, c, d, 0);
            arc[i] = (ctome_arc){a, d};
            arc[j] = (ctome_arc){c, b};
            done++;
        }
    }
    *r = g;
    *att_out = att;
    *done_out = done;
}

static void rewire_bits_mutual(ctome_null_ws *ws, ctome_rng *r, uint64_t target, uint64_t max_att,
                               uint64_t *att_out, uint64_t *done_out)
{
    ctome_rng g = *r;
    const uint64_t m = ws->m, ns = ws->n_single, nm = ws->n_mutual;
    const size_t n = ws->n;
    const uint64_t *bits = ws->bits;
    ctome_arc *arc = ws->arc;
    int32_t *pt = ws->partner;
    uint64_t att = 0, done = 0;
    while (done < target && att < max_att) {
        att++;
        /* draw_mutual's draws, the kind chosen without a branch (it is a
         * coin toss of the mutual fraction: a branch on it mispredicts) */
        int single = ctome_rng_below_inline(&g, m) < ns;
        uint64_t cnt = single ? ns : nm, off = single ? 0 : ns;
        if (cnt < (single ? 2u : 4u))
            continue;
        uint64_t i = off + ctome_rng_below_inline(&g, cnt), j = off + ctome_rng_below_inline(&g, cnt);
        int32_t a = arc[i].u, b = arc[i].v, c = arc[j].u, d = arc[j].v;
        /* try_mutual's tests: i == j, a == d, c == b, a == c, b == d, and for
         * a mutual pair j == i's reverse (a single arc's partner is -1,
         * which no index equals) */
        uint64_t bad = (uint64_t)((i == j) | (a == d) | (c == b) | (a == c) | (b == d));
        bad |= (uint64_t)(j == (uint64_t)(int64_t)pt[i]);
        bad |= bit_at(bits, n, a, d) | bit_at(bits, n, d, a) | bit_at(bits, n, c, b) | bit_at(bits, n, b, c);
        if (__builtin_expect((bad & 1) == 0, 0)) {
            if (single) {
                swap_ends(ws, a, b, c, d, 1);
                arc[i].v = d;
                arc[j].v = b;
            } else {
                swap_ends(ws, a, b, c, d, 2);
                rewire_mutual(arc, pt, i, j, a, b, c, d);
            }
            done++;
        }
    }
    *r = g;
    *att_out = att;
    *done_out = done;
}

/* ---- the complement chain (nulls.h) ----
 * The swaps run on the complement's edges (ws->carc0) with the plain bit
 * loop: the same draws and tests on the complement, where a swap is a swap
 * of G, and the target and budget are G's (the caller's).  The null is then
 * read off the bit matrix: every off-diagonal pair it lacks, in (src, dst)
 * order, into the slots 0 .. m-1 (slot weights stay: a binary null). */
static void rewire_complement(ctome_null_ws *ws, ctome_rng *r, uint64_t target, uint64_t max_att,
                              uint64_t *att, uint64_t *done)
{
    const size_t n = ws->n, mc = ws->mc;
    memcpy(ws->arc, ws->carc0, mc * sizeof *ws->arc);
    memset(ws->bits, 0, ((n * n + 63) / 64 + 1) * sizeof *ws->bits);
    for (size_t e = 0; e < mc; e++)
        adj_add(ws, ws->arc[e].u, ws->arc[e].v);
    rewire_bits_plain(ws, mc, r, target, max_att, att, done);
    size_t k = 0;
    for (size_t u = 0; u < n; u++)
        for (size_t v = ws->directed ? 0 : u + 1; v < n; v++)
            if (u != v && !(bit_at(ws->bits, n, (int32_t)u, (int32_t)v) & 1) && k < ws->m) {
                ws->src[k] = (int32_t)u;
                ws->dst[k++] = (int32_t)v;
            }
}

/* ---- the loop ---- */

static void fill_set(ctome_null_ws *ws)
{
    size_t m = ws->m;
    const ctome_arc *arc = ws->arc;
    if (ws->bits)
        memset(ws->bits, 0, ((ws->n * ws->n + 63) / 64 + 1) * sizeof *ws->bits);
    else
        memset(ws->h.slot, 0xff, (ws->h.mask + 1) * sizeof *ws->h.slot);
    for (size_t e = 0; e < m; e++) {
        if (e + LOOKAHEAD < m)
            adj_prefetch(ws, arc[e + LOOKAHEAD].u, arc[e + LOOKAHEAD].v);
        adj_add(ws, arc[e].u, arc[e].v);
    }
}

void ctome_null_rewire(ctome_null_ws *ws, ctome_rng *r, ctome_null_info *info)
{
    size_t m = ws->m;
    uint64_t target = (uint64_t)llround(ws->o.swaps_per_edge * (double)m);
    if (target < 1)
        target = 1;
    double maxd = ws->o.max_tries * (double)target;
    uint64_t max_att = maxd >= 1.8e19 ? UINT64_MAX : (uint64_t)maxd;
    info->target = target;
    if (ws->comp) {
        rewire_complement(ws, r, target, max_att, &info->attempts, &info->swaps);
        return;
    }
    memcpy(ws->arc, ws->arc0, m * sizeof *ws->arc);
    if (ws->mutual)
        memcpy(ws->partner, ws->partner0, m * sizeof *ws->partner);
    fill_set(ws);
    attempt ring[RING];
    ctome_rng gen = *r;   /* runs ahead of the attempts */
    uint64_t att = 0, done = 0, drawn = 0;
    const int mutual = ws->mutual;
    /* The bit matrix is in cache: nothing to prefetch, so the attempts run
     * one at a time as they are drawn (the same draws in the same order, the
     * same swaps; no ring to fill and no generator state to keep per
     * attempt).  On the dense neuropeptide layers, where most attempts are
     * rejected, this is most of the cost of a null. */
    /* Plain and keep_mutual swaps in the bit matrix: the branch-free loops
     * above (the geometry test stays in the general loop below). */
    if (ws->bits && ws->o.model != CTOME_NULL_GEOMETRY) {
        if (mutual)
            rewire_bits_mutual(ws, r, target, max_att, &att, &done);
        else
            rewire_bits_plain(ws, m, r, target, max_att, &att, &done);
    }
    while (ws->bits && ws->o.model == CTOME_NULL_GEOMETRY && done < target && att < max_att) {
        attempt a;
        if (mutual) {
            draw_mutual(ws, r, &a);
            done += try_mutual(ws, &a);
        } else {
            draw_plain(ws, r, &a);
            done += try_plain(ws, &a);
        }
        att++;
    }
    while (!ws->bits && done < target && att < max_att) {
        while (drawn < max_att && drawn <= att + 2 * LOOKAHEAD) {
            attempt *p = &ring[drawn % RING];
            if (mutual)
                draw_mutual(ws, &gen, p);
            else
                draw_plain(ws, &gen, p);
            if (!p->skip) {
                __builtin_prefetch(&ws->arc[p->i], 1, 1);
                __builtin_prefetch(&ws->arc[p->j], 1, 1);
                if (mutual) {
                    __builtin_prefetch(&ws->partner[p->i], 0, 1);
                    __builtin_prefetch(&ws->partner[p->j], 0, 1);
                }
            }
            drawn++;
        }
        if (att + LOOKAHEAD < drawn)
            prefetch_slots(ws, &ring[(att + LOOKAHEAD) % RING]);
        const attempt *p = &ring[att % RING];
        done += mutual ? try_mutual(ws, p) : try_plain(ws, p);
        *r = p->after;
        att++;
    }
    /* Back to slot order: a slot keeps its weight. */
    for (size_t x = 0; x < m; x++) {
        size_t e = ws->slot_of ? ws->slot_of[x] : x;
        ws->src[e] = ws->arc[x].u;
        ws->dst[e] = ws->arc[x].v;
    }
    info->attempts = att;
    info->swaps = done;
}
