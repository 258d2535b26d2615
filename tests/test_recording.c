/* test_recording.c — the ctome_recording container (lib/data/recording.c) and
 * recordings in the HDF5 store (lib/data/store_recording.c).
 *
 * Hand-built recordings with known values: invariants (non-monotonic or
 * non-finite time, an all-NaN neuron, an infinite sample, a repeated label),
 * labels placed in the registry, provenance steps, and an exact store round
 * trip (values, NaNs, labels, registry indices, attributes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "recording.h"
#include "registry.h"
#include "store.h"
#include "store_recording.h"
#include "testutil.h"

static ctome_registry *REG;
static char *TMP;

/* 3 neurons x 4 samples: trace i, sample t = 10 i + t; time 0, 0.5, 1.25, 2. */
static ctome_recording *small(void)
{
    ctome_recording *r = NULL;
    assert_int_equal(ctome_recording_new("rec-a", 3, 4, &r), CTOME_OK);
    static const double tt[4] = {0.0, 0.5, 1.25, 2.0};
    for (size_t t = 0; t < 4; t++) {
        r->time[t] = tt[t];
        for (size_t i = 0; i < 3; i++)
            r->traces[i * 4 + t] = 10.0 * (double)i + (double)t;
    }
    assert_int_equal(ctome_recording_set_label(r, 0, "aval", REG), CTOME_OK);
    assert_int_equal(ctome_recording_set_label(r, 1, "", REG), CTOME_OK);
    assert_int_equal(ctome_recording_set_label(r, 2, " db1 ", REG), CTOME_OK);
    return r;
}

static void test_new_defaults(void **state)
{
    (void)state;
    ctome_recording *r = NULL;
    assert_int_equal(ctome_recording_new("x", 2, 3, &r), CTOME_OK);
    assert_string_equal(r->id, "x");
    assert_string_equal(r->dataset, "");
    assert_string_equal(r->worm, "");
    assert_string_equal(r->indicator, "");
    assert_string_equal(r->source_file, "");
    assert_string_equal(r->provenance, "[]");
    assert_int_equal(r->n_neurons, 2);
    assert_int_equal(r->n_time, 3);
    for (size_t k = 0; k < 6; k++)
        assert_true(isnan(r->traces[k]));
    for (size_t t = 0; t < 3; t++)
        assert_true(r->time[t] == 0.0);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(r->labels[i], "");
        assert_int_equal(r->reg[i], -1);
    }
    assert_int_equal(ctome_recording_set_string(&r->indicator, "GCaMP6s"), CTOME_OK);
    assert_string_equal(r->indicator, "GCaMP6s");
    assert_int_equal(ctome_recording_set_string(&r->worm, NULL), CTOME_OK);
    assert_string_equal(r->worm, "");
    ctome_recording_free(r);
    ctome_recording_free(NULL);
}

static void test_labels_and_registry(void **state)
{
    (void)state;
    ctome_recording *r = small();
    assert_string_equal(r->labels[0], "AVAL");
    assert_int_equal(r->reg[0], ctome_registry_find(REG, "AVAL"));
    assert_true(r->reg[0] >= 0);
    assert_string_equal(r->labels[1], "");
    assert_int_equal(r->reg[1], -1);
    assert_string_equal(r->labels[2], "DB01");
    assert_int_equal(r->reg[2], ctome_registry_find(REG, "DB01"));
    assert_true(r->reg[2] >= 0);
    /* A name the registry does not know is kept, with reg -1. */
    assert_int_equal(ctome_recording_set_label(r, 1, "notaneuron7", REG), CTOME_OK);
    assert_string_equal(r->labels[1], "NOTANEURON7");
    assert_int_equal(r->reg[1], -1);
    /* Without a registry nothing is placed. */
    assert_int_equal(ctome_recording_set_label(r, 1, "AVAR", NULL), CTOME_OK);
    assert_int_equal(r->reg[1], -1);
    assert_int_equal(ctome_recording_find(r, "db01"), 2);
    assert_int_equal(ctome_recording_find(r, "DB1"), 2);
    assert_int_equal(ctome_recording_find(r, "aval"), 0);
    assert_int_equal(ctome_recording_find(r, "RIML"), -1);
    assert_int_equal(ctome_recording_find(r, ""), -1);
    assert_int_equal(ctome_recording_set_label(r, 3, "AVAL", REG), CTOME_EINVAL);
    ctome_recording_free(r);
}

static void test_provenance(void **state)
{
    (void)state;
    ctome_recording *r = small();
    assert_int_equal(ctome_recording_add_step(r, "{\"step\":\"read\",\"format\":\"csv\"}"), CTOME_OK);
    assert_int_equal(ctome_recording_add_step(r, "{\"step\":\"zscore\"}"), CTOME_OK);
    assert_int_equal(ctome_recording_add_step(r, "[1,2]"), CTOME_EINVAL);
    assert_int_equal(ctome_recording_add_step(r, "{\"step\":"), CTOME_EINVAL);
    json_error_t e;
    json_t *a = json_loads(r->provenance, 0, &e);
    assert_non_null(a);
    assert_true(json_is_array(a));
    assert_int_equal(json_array_size(a), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "format")), "csv");
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "step")), "zscore");
    json_decref(a);
    ctome_recording_free(r);
}

static void test_validate(void **state)
{
    (void)state;
    ctome_recording *r = small();
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_OK);

    /* Non-monotonic: the message names the index and both values. */
    r->time[2] = 0.25;
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "f.csv"));
    assert_non_null(strstr(ctome_error_message(), "not strictly increasing at index 2"));
    assert_non_null(strstr(ctome_error_message(), "0.25 after 0.5"));
    r->time[2] = 0.5;   /* equal is not increasing either */
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    r->time[2] = NAN;
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "time stamp 2 is not finite"));
    r->time[2] = 1.25;

    /* One missing sample is fine; a neuron with none is not. */
    r->traces[0 * 4 + 1] = NAN;
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_OK);
    for (size_t t = 0; t < 4; t++)
        r->traces[2 * 4 + t] = NAN;
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "neuron 2 ('DB01') has no values (all NaN)"));
    for (size_t t = 0; t < 4; t++)
        r->traces[2 * 4 + t] = 1.0;

    r->traces[1 * 4 + 3] = INFINITY;
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "infinite sample at index 3"));
    r->traces[1 * 4 + 3] = 0.0;

    /* A repeated label would correlate a neuron with itself downstream. */
    assert_int_equal(ctome_recording_set_label(r, 1, "AVAL", REG), CTOME_OK);
    assert_int_equal(ctome_recording_validate(r, "f.csv"), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "'AVAL' appears twice"));
    ctome_recording_free(r);

    assert_int_equal(ctome_recording_new("empty", 2, 0, &r), CTOME_OK);
    assert_int_equal(ctome_recording_validate(r, "e"), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "no time points"));
    ctome_recording_free(r);
}

static void test_list(void **state)
{
    (void)state;
    ctome_recordings l = {0};
    assert_int_equal(ctome_recordings_push(&l, small()), CTOME_OK);
    assert_int_equal(ctome_recordings_push(&l, small()), CTOME_OK);
    assert_int_equal(l.n, 2);
    ctome_recordings_free(&l);
    assert_int_equal(l.n, 0);
    assert_null(l.r);
}

static void same_recording(const ctome_recording *a, const ctome_recording *b)
{
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->dataset, b->dataset);
    assert_string_equal(a->worm, b->worm);
    assert_string_equal(a->indicator, b->indicator);
    assert_string_equal(a->source_file, b->source_file);
    assert_string_equal(a->source_sha256, b->source_sha256);
    assert_string_equal(a->provenance, b->provenance);
    assert_int_equal(a->n_neurons, b->n_neurons);
    assert_int_equal(a->n_time, b->n_time);
    for (size_t t = 0; t < a->n_time; t++)
        assert_memory_equal(&a->time[t], &b->time[t], sizeof(double));
    for (size_t k = 0; k < a->n_neurons * a->n_time; k++) {
        if (isnan(a->traces[k]))
            assert_true(isnan(b->traces[k]));
        else
            assert_true(a->traces[k] == b->traces[k]);
    }
    for (size_t i = 0; i < a->n_neurons; i++) {
        assert_string_equal(a->labels[i], b->labels[i]);
        assert_int_equal(a->reg[i], b->reg[i]);
    }
}

static void test_store_round_trip(void **state)
{
    (void)state;
    char path[1024];
    tu_path(path, sizeof path, TMP, "rec.h5");
    ctome_recording *r = small();
    r->traces[1] = NAN;
    assert_int_equal(ctome_recording_set_string(&r->dataset, "hand"), CTOME_OK);
    assert_int_equal(ctome_recording_set_string(&r->worm, "w1"), CTOME_OK);
    assert_int_equal(ctome_recording_set_string(&r->indicator, "GCaMP7f"), CTOME_OK);
    assert_int_equal(ctome_recording_set_string(&r->source_file, "made/by/hand.csv"), CTOME_OK);
    memset(r->source_sha256, 'a', 64);
    r->source_sha256[64] = '\0';
    assert_int_equal(ctome_recording_add_step(r, "{\"step\":\"read\",\"format\":\"hand\"}"), CTOME_OK);

    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    assert_int_equal(ctome_store_put_recording(s, r), CTOME_OK);
    /* The same id twice is refused; the store stays usable. */
    assert_int_equal(ctome_store_put_recording(s, r), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "already stored"));
    /* An invalid recording is refused before anything is written. */
    ctome_recording *bad = small();
    assert_int_equal(ctome_recording_set_string(&bad->id, "bad"), CTOME_OK);
    bad->time[3] = 0.1;
    assert_int_equal(ctome_store_put_recording(s, bad), CTOME_EVALUE);
    assert_int_equal(ctome_recording_set_string(&bad->id, "a/b"), CTOME_OK);
    assert_int_equal(ctome_store_put_recording(s, bad), CTOME_EINVAL);
    ctome_recording_free(bad);
    assert_int_equal(ctome_store_commit(s), CTOME_OK);

    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    char **ids = NULL;
    size_t n = 0;
    assert_int_equal(ctome_store_list_recordings(s, &ids, &n), CTOME_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], "rec-a");
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    ctome_recording *back = NULL;
    assert_int_equal(ctome_store_get_recording(s, "rec-a", REG, &back), CTOME_OK);
    same_recording(r, back);
    ctome_recording_free(back);
    /* Without a registry the stored indices are kept. */
    assert_int_equal(ctome_store_get_recording(s, "rec-a", NULL, &back), CTOME_OK);
    same_recording(r, back);
    ctome_recording_free(back);
    assert_int_equal(ctome_store_get_recording(s, "nope", REG, &back), CTOME_ENOTFOUND);
    assert_null(back);
    ctome_store_close(s);
    ctome_recording_free(r);
}

static void test_store_empty_list(void **state)
{
    (void)state;
    char path[1024];
    tu_path(path, sizeof path, TMP, "none.h5");
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    char **ids = NULL;
    size_t n = 5;
    assert_int_equal(ctome_store_list_recordings(s, &ids, &n), CTOME_OK);
    assert_int_equal(n, 0);
    ctome_recording *back = NULL;
    assert_int_equal(ctome_store_get_recording(s, "x", REG, &back), CTOME_ENOTFOUND);
    ctome_store_close(s);
}

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("recording", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_defaults),
        cmocka_unit_test(test_labels_and_registry),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_store_round_trip),
        cmocka_unit_test(test_store_empty_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
