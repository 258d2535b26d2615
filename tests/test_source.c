/* Resolving what a user names (lib/formats/source.c, lib/analysis/activity.c
 * ctome_recordings_load, lib/core/datadir.c): the library does what the
 * command line does.  Expected counts are the catalogue's (docs/datasets.md:
 * varshney2011 chemical 279 neurons / 2194 edges, white1986-whole) and the
 * bundled recordings' (atanas2023-sample one worm, scholz2018-gfp one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "activity.h"
#include "datadir.h"
#include "source.h"
#include "store.h"
#include "testutil.h"

static ctome_registry *reg;
static char *tmp;

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("source", &reg, &tmp);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(reg, tmp);
}

static void test_data_dir_follows_env(void **state)
{
    (void)state;
    const char *keep = getenv("CTOME_DATA");
    char *saved = keep ? strdup(keep) : NULL;
    setenv("CTOME_DATA", "/some/where", 1);
    assert_string_equal(ctome_data_dir(), "/some/where");
    setenv("CTOME_DATA", "", 1);   /* empty: not a setting */
    assert_string_not_equal(ctome_data_dir(), "");
    if (saved)
        setenv("CTOME_DATA", saved, 1);
    else
        unsetenv("CTOME_DATA");
    free(saved);
}

static void test_id_file_store(void **state)
{
    (void)state;
    ctome_connectomes in = {0};
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), "varshney2011", reg, &in), CTOME_OK);
    assert_int_equal(in.n, 1);
    assert_string_equal(in.c[0]->id, "varshney2011");
    assert_string_equal(in.c[0]->meta[CTOME_META_DOI], "10.1371/journal.pcbi.1001066");
    ctome_layer_summary s;
    assert_int_equal(ctome_layer_summarise(in.c[0], ctome_connectome_get_layer(in.c[0], "chemical"), 1, &s),
                     CTOME_OK);
    assert_int_equal(s.n_nodes, 279);
    assert_int_equal(s.n_edges, 2194);
    /* a store of two: all of them, or one by id; the metadata comes back */
    char *path = tu_join(tmp, "two.h5");
    ctome_store *st;
    assert_int_equal(ctome_store_create(path, &st), CTOME_OK);
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), "white1986-whole", reg, &in), CTOME_OK);
    assert_int_equal(in.n, 2);
    for (size_t i = 0; i < in.n; i++)
        assert_int_equal(ctome_store_put_connectome(st, in.c[i]), CTOME_OK);
    assert_int_equal(ctome_store_commit(st), CTOME_OK);
    ctome_connectomes_free(&in);
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), path, reg, &in), CTOME_OK);
    assert_int_equal(in.n, 2);
    ctome_connectomes_free(&in);
    char one[600];
    snprintf(one, sizeof one, "%s:varshney2011", path);
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), one, reg, &in), CTOME_OK);
    assert_int_equal(in.n, 1);
    assert_string_equal(in.c[0]->meta[CTOME_META_STAGE], "adult");
    /* errors name what is wrong and append nothing */
    snprintf(one, sizeof one, "%s:nope", path);
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), one, reg, &in), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "no connectome 'nope' in the store"));
    assert_int_equal(in.n, 1);
    assert_int_equal(ctome_connectomes_load(ctome_data_dir(), "nosuchid", reg, &in), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "'nosuchid' is neither a bundled dataset id"));
    assert_int_equal(in.n, 1);
    ctome_connectomes_free(&in);
    free(path);
}

static void test_recordings(void **state)
{
    (void)state;
    ctome_recordings list = {0};
    assert_int_equal(ctome_recordings_load(ctome_data_dir(), "atanas2023-sample", reg, &list), CTOME_OK);
    assert_int_equal(list.n, 1);
    assert_string_equal(list.r[0]->id, "atanas2023-sample");   /* named by the id */
    assert_int_equal(ctome_recordings_load(ctome_data_dir(), "scholz2018-gfp", reg, &list), CTOME_OK);
    assert_int_equal(list.n, 2);
    const ctome_recording *r;
    assert_int_equal(ctome_recordings_single(&list, "both", &r), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "holds 2 recordings (atanas2023-sample, scholz2018-gfp)"));
    ctome_recordings_free(&list);
    assert_int_equal(ctome_recordings_load(ctome_data_dir(), "nosuchrecording", reg, &list), CTOME_EIO);
    assert_int_equal(list.n, 0);
    char *file = tu_write_in(tmp, "rec.csv", "t,AVAL\n0,1\n"), pick[600];
    snprintf(pick, sizeof pick, "%s:x", file);
    char *f = ctome_recording_source_file(pick);
    assert_string_equal(f, file);   /* FILE exists, FILE:ID does not */
    free(f);
    free(file);
    f = ctome_recording_source_file("atanas2023-sample");
    assert_string_equal(f, "atanas2023-sample");
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_dir_follows_env),
        cmocka_unit_test(test_id_file_store),
        cmocka_unit_test(test_recordings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
