/* test_igraph_race.c — the igraph lock (lib/analysis/igraph_lock.h) against
 * its users running side by side.
 *
 * Debian's igraph keeps its random generator and error-cleanup stack in
 * process globals.  Leiden (modularity.c) seeds the generator, then draws
 * from it; dfc's Louvain (dfc_community.c) reseeds it before every run.
 * Without the one lock, a Louvain reseed landing inside a Leiden call changes
 * Leiden's draws (and the other way round), so the partitions would depend on
 * what else the process runs — the report runs its parts in parallel.
 *
 * The reference is each call made alone; two threads then make the two calls
 * at once, repeatedly, and every result must be the reference (membership,
 * module count, Q to the bit).  Both calls are chosen so that their result
 * depends on the generator (a random graph without planted structure, one
 * Leiden run; Louvain's best of several seeded runs on random affinities):
 * test_references_depend_on_seed checks that, so the race test can fail.  With
 * the lock taken out of ctome_igraph_lock/unlock the race test fails (checked
 * by hand when it was written).  Sizes are small: a few seconds plain and
 * under ASan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dfc.h"
#include "error.h"
#include "graph.h"
#include "modularity.h"
#include "testutil.h"

enum {
    LEIDEN_N = 300,   /* vertices of the Leiden graph */
    DFC_N = 80,       /* neurons of the dfc factor */
    REPEATS = 6,      /* thread pairs started */
    CALLS = 12        /* calls per thread and repeat */
};

/* splitmix64: the test's own inputs, independent of the library's streams. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unit(uint64_t *s) { return (double)(mix(s) >> 11) * 0x1p-53; }

/* An Erdos-Renyi graph G(n, p = 8/n): no planted modules, so the partition
 * Leiden finds is one of many near-equal ones and follows its draws. */
static ctome_graph *random_graph(void)
{
    size_t cap = LEIDEN_N * (LEIDEN_N - 1) / 2, m = 0;
    int32_t *src = malloc(cap * sizeof *src), *dst = malloc(cap * sizeof *dst);
    assert_true(src && dst);
    uint64_t s = 42;
    for (int32_t i = 0; i < LEIDEN_N; i++)
        for (int32_t j = i + 1; j < LEIDEN_N; j++)
            if (unit(&s) < 8.0 / LEIDEN_N) {
                src[m] = i;
                dst[m++] = j;
            }
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(LEIDEN_N, src, dst, NULL, m, 0, &g), CTOME_OK);
    free(src);
    free(dst);
    return g;
}

/* Random positive affinities over the pairs (dfc.h's pair order). */
static double *random_factor(void)
{
    size_t P = DFC_N * (DFC_N - 1) / 2;
    double *f = malloc(P * sizeof *f);
    assert_non_null(f);
    uint64_t s = 7;
    for (size_t i = 0; i < DFC_N; i++)
        for (size_t j = i + 1; j < DFC_N; j++)
            f[ctome_dfc_pair_index(DFC_N, i, j)] = 0.05 + unit(&s);
    return f;
}

typedef struct {
    const ctome_graph *g;
    const double *f;
    ctome_modularity_opts mo;
    ctome_dfc_comm_opts co;
    uint64_t leiden_seed;
    ctome_modularity leiden_ref;
    ctome_dfc_comm dfc_ref;
    pthread_barrier_t start;
} race;

static void setup_race(race *r, const ctome_graph *g, const double *f)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->f = f;
    ctome_modularity_opts_default(&r->mo);
    r->mo.runs = 1;        /* one run: its draws decide the partition */
    r->mo.consensus = 0;
    r->leiden_seed = 11;
    ctome_dfc_comm_opts_default(&r->co);
    r->co.method = CTOME_DFC_COMM_LOUVAIN;   /* reseeds igraph's generator every run */
    r->co.active_frac = 0;
    r->co.runs = 6;
    r->co.seed = 5;
}

/* Worker results: mismatches and failed calls (cmocka's asserts belong to the
 * main thread). */
typedef struct {
    race *r;
    int mismatches;
    int errors;
} worker;

static int same_leiden(const ctome_modularity *a, const ctome_modularity *b)
{
    return a->n == b->n && a->n_modules == b->n_modules && a->q == b->q &&
           memcmp(a->membership, b->membership, a->n * sizeof *a->membership) == 0;
}

static int same_dfc(const ctome_dfc_comm *a, const ctome_dfc_comm *b)
{
    return a->n_comm == b->n_comm && a->q == b->q &&
           memcmp(a->membership, b->membership, DFC_N * sizeof *a->membership) == 0;
}

static void *leiden_worker(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&w->r->start);
    for (int k = 0; k < CALLS; k++) {
        ctome_modularity res;
        if (ctome_modularity_leiden(w->r->g, &w->r->mo, w->r->leiden_seed, &res)) {
            w->errors++;
            continue;
        }
        w->mismatches += !same_leiden(&res, &w->r->leiden_ref);
        ctome_modularity_clear(&res);
    }
    return NULL;
}

static void *dfc_worker(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&w->r->start);
    for (int k = 0; k < CALLS; k++) {
        ctome_dfc_comm res;
        if (ctome_dfc_communities(w->r->f, DFC_N, &w->r->co, &res)) {
            w->errors++;
            continue;
        }
        w->mismatches += !same_dfc(&res, &w->r->dfc_ref);
        ctome_dfc_comm_clear(&res);
    }
    return NULL;
}

/* Both references depend on the seed, so a reseed from the other thread
 * would show in the race test. */
static void test_references_depend_on_seed(void **state)
{
    (void)state;
    ctome_graph *g = random_graph();
    double *f = random_factor();
    race r;
    setup_race(&r, g, f);
    ctome_modularity a, b;
    assert_int_equal(ctome_modularity_leiden(g, &r.mo, r.leiden_seed, &a), CTOME_OK);
    assert_int_equal(ctome_modularity_leiden(g, &r.mo, r.leiden_seed, &b), CTOME_OK);
    assert_true(same_leiden(&a, &b));   /* same seed, same partition */
    ctome_modularity_clear(&b);
    assert_int_equal(ctome_modularity_leiden(g, &r.mo, r.leiden_seed + 1, &b), CTOME_OK);
    assert_false(same_leiden(&a, &b));
    ctome_modularity_clear(&a);
    ctome_modularity_clear(&b);

    ctome_dfc_comm c, d;
    assert_int_equal(ctome_dfc_communities(f, DFC_N, &r.co, &c), CTOME_OK);
    assert_int_equal(ctome_dfc_communities(f, DFC_N, &r.co, &d), CTOME_OK);
    assert_true(same_dfc(&c, &d));
    ctome_dfc_comm_clear(&d);
    r.co.seed += 1000;   /* seeds 5..10 and 1005..1010: no run in common */
    assert_int_equal(ctome_dfc_communities(f, DFC_N, &r.co, &d), CTOME_OK);
    assert_false(same_dfc(&c, &d));
    ctome_dfc_comm_clear(&c);
    ctome_dfc_comm_clear(&d);
    ctome_graph_free(g);
    free(f);
}

/* Leiden on one graph and dfc's Louvain on another, in two threads at once:
 * every result equals the call made alone. */
static void test_leiden_and_dfc_side_by_side(void **state)
{
    (void)state;
    ctome_graph *g = random_graph();
    double *f = random_factor();
    race r;
    setup_race(&r, g, f);
    assert_int_equal(ctome_modularity_leiden(g, &r.mo, r.leiden_seed, &r.leiden_ref), CTOME_OK);
    assert_int_equal(ctome_dfc_communities(f, DFC_N, &r.co, &r.dfc_ref), CTOME_OK);
    assert_true(r.leiden_ref.n_modules > 1);
    assert_true(r.dfc_ref.n_comm > 1);
    int leiden_bad = 0, dfc_bad = 0, errors = 0;
    for (int rep = 0; rep < REPEATS; rep++) {
        assert_int_equal(pthread_barrier_init(&r.start, NULL, 2), 0);
        worker wl = {&r, 0, 0}, wd = {&r, 0, 0};
        pthread_t tl, td;
        assert_int_equal(pthread_create(&tl, NULL, leiden_worker, &wl), 0);
        assert_int_equal(pthread_create(&td, NULL, dfc_worker, &wd), 0);
        assert_int_equal(pthread_join(tl, NULL), 0);
        assert_int_equal(pthread_join(td, NULL), 0);
        pthread_barrier_destroy(&r.start);
        leiden_bad += wl.mismatches;
        dfc_bad += wd.mismatches;
        errors += wl.errors + wd.errors;
    }
    print_message("%d x %d calls each side: %d Leiden and %d dfc results differed from the call alone, "
                  "%d errors\n", REPEATS, CALLS, leiden_bad, dfc_bad, errors);
    assert_int_equal(errors, 0);
    assert_int_equal(leiden_bad, 0);
    assert_int_equal(dfc_bad, 0);
    ctome_modularity_clear(&r.leiden_ref);
    ctome_dfc_comm_clear(&r.dfc_ref);
    ctome_graph_free(g);
    free(f);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_references_depend_on_seed),
        cmocka_unit_test(test_leiden_and_dfc_side_by_side),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
