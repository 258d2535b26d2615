/* test_rec_readers.c — recording readers (lib/formats/rec_*.c): format
 * detection, the bundled Atanas 2023 sample and Scholz 2018 GFP control, the
 * standard-NWB fixture, the CSV fixture, a store round trip, and bad input.
 *
 * Reference values: tests/ref/recordings_ref.txt, written by
 * tests/ref/recordings_ref.py (json + h5py + numpy, independent of ctome),
 * read here at run time ("<tag> <key...> <value>" lines).
 * Fixtures: tests/fixtures/nwb/ (tests/ref/make_nwb_fixture.py; values in its
 * docstring), tests/fixtures/recording/traces.csv; bad inputs are written to
 * a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "io.h"
#include "recordings_io.h"
#include "registry.h"
#include "store.h"
#include "store_recording.h"
#include "testutil.h"

#define ATANAS CTOME_TEST_DATA "/activity/atanas2023_threlfall_subset/time_trace.json"
#define SCHOLZ                                                                                                         \
    CTOME_TEST_DATA "/activity/scholz2018_gfp_control/ScholzEtAl2018.AML175_moving.BrainScanner20180223_141721.nwb"
#define UZEL CTOME_TEST_DATA "/activity/uzel2022_functional_connectivity/NeuronOrder.mat"

static ctome_registry *REG;
static char *TMP;

/* ---- reference values ---- */

static double ref(const char *key)
{
    char path[1024];
    tu_path(path, sizeof path, tu_tests_dir(), "ref/recordings_ref.txt");
    char *txt = tu_slurp(path, NULL);
    size_t kl = strlen(key);
    double v = NAN;
    for (char *line = strtok(txt, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, key, kl) == 0 && line[kl] == ' ') {
            v = strtod(line + kl + 1, NULL);
            break;
        }
    free(txt);
    if (isnan(v))
        fail_msg("no reference value '%s' in %s", key, path);
    return v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_dt(const ctome_recording *r)
{
    size_t m = r->n_time - 1;
    double *d = malloc(m * sizeof *d);
    assert_non_null(d);
    for (size_t i = 0; i < m; i++)
        d[i] = r->time[i + 1] - r->time[i];
    qsort(d, m, sizeof *d, cmp_double);
    double med = m % 2 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
    free(d);
    return med;
}

static size_t gaps(const ctome_recording *r, double over)
{
    size_t g = 0;
    for (size_t i = 1; i < r->n_time; i++)
        g += r->time[i] - r->time[i - 1] > over;
    return g;
}

/* Population mean and SD (ddof 0, as numpy's default) of neuron i. */
static void mean_sd(const ctome_recording *r, size_t i, double *mean, double *sd)
{
    const double *x = r->traces + i * r->n_time;
    double s = 0, ss = 0;
    for (size_t t = 0; t < r->n_time; t++)
        s += x[t];
    *mean = s / (double)r->n_time;
    for (size_t t = 0; t < r->n_time; t++)
        ss += (x[t] - *mean) * (x[t] - *mean);
    *sd = sqrt(ss / (double)r->n_time);
}

static void read_ok(const char *path, ctome_recordings *out)
{
    int rc = ctome_read_recordings(path, REG, out);
    if (rc)
        fail_msg("%s: %s", path, ctome_error_message());
}

static char *fixture(char *buf, size_t sz, const char *name)
{
    snprintf(buf, sz, "%s/fixtures/%s", tu_tests_dir(), name);
    return buf;
}

/* ---- detection ---- */

static void test_detect(void **state)
{
    (void)state;
    char p[1024];
    ctome_rec_format f;
    assert_int_equal(ctome_rec_format_detect(ATANAS, &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_ATANAS_JSON);
    assert_int_equal(ctome_rec_format_detect(SCHOLZ, &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_NWB);
    assert_int_equal(ctome_rec_format_detect(fixture(p, sizeof p, "nwb/roi_response.nwb"), &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_NWB);
    assert_int_equal(ctome_rec_format_detect(UZEL, &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_ZIMMER_MAT);
    assert_int_equal(ctome_rec_format_detect(fixture(p, sizeof p, "recording/traces.csv"), &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_CSV);
    assert_string_equal(ctome_rec_format_name(CTOME_REC_ATANAS_JSON), "atanas-json");
    assert_string_equal(ctome_rec_format_name(CTOME_REC_NWB), "nwb");
    assert_string_equal(ctome_rec_format_name(CTOME_REC_ZIMMER_MAT), "zimmer-mat");
    assert_string_equal(ctome_rec_format_name(CTOME_REC_CSV), "csv");
    assert_string_equal(ctome_rec_format_name(CTOME_REC_UNKNOWN), "unknown");
}

/* ---- bundled recordings ---- */

static void check_neuron(const ctome_recording *r, const char *tag, const char *name, size_t idx)
{
    char k[128];
    snprintf(k, sizeof k, "%s %s index", tag, name);
    assert_int_equal(idx, (size_t)ref(k));
    const double *x = r->traces + idx * r->n_time;
    snprintf(k, sizeof k, "%s %s first", tag, name);
    assert_float_equal(x[0], ref(k), 1e-10);
    snprintf(k, sizeof k, "%s %s last", tag, name);
    assert_float_equal(x[r->n_time - 1], ref(k), 1e-10);
    double m, sd;
    mean_sd(r, idx, &m, &sd);
    snprintf(k, sizeof k, "%s %s mean", tag, name);
    assert_float_equal(m, ref(k), 1e-9);
    snprintf(k, sizeof k, "%s %s sd", tag, name);
    assert_float_equal(sd, ref(k), 1e-9);
}

static void test_atanas(void **state)
{
    (void)state;
    ctome_recordings l = {0};
    read_ok(ATANAS, &l);
    assert_int_equal(l.n, 1);
    const ctome_recording *r = l.r[0];
    assert_int_equal(r->n_neurons, (size_t)ref("atanas neurons"));
    assert_int_equal(r->n_time, (size_t)ref("atanas frames"));
    assert_int_equal(r->n_neurons, 98);
    assert_int_equal(r->n_time, 1600);
    assert_float_equal(r->time[0], ref("atanas t_first"), 1e-12);
    assert_float_equal(r->time[r->n_time - 1], ref("atanas t_last"), 1e-7);
    assert_float_equal(median_dt(r), ref("atanas median_dt"), 1e-9);
    assert_int_equal(gaps(r, 0.5), (size_t)ref("atanas gaps_over_0.5s"));
    assert_int_equal(gaps(r, 1.0), (size_t)ref("atanas gaps_over_1s"));
    static const char *const names[] = {"AVAL", "AVAR", "AIBL", "SAADR"};
    for (size_t i = 0; i < 4; i++) {
        int idx = ctome_recording_find(r, names[i]);
        assert_true(idx >= 0);
        check_neuron(r, "atanas", names[i], (size_t)idx);
        assert_int_equal(r->reg[idx], ctome_registry_find(REG, names[i]));
        assert_true(r->reg[idx] >= 0);
    }
    /* The paper's first column and the AVAL value the issue mentions. */
    assert_string_equal(r->labels[0], "SAADR");
    assert_float_equal(r->traces[48 * r->n_time], 2.93880695218, 1e-10);
    assert_string_equal(r->id, "atanas2023-sample");
    assert_string_equal(r->dataset, "atanas2023");
    assert_string_equal(r->indicator, "GCaMP7f");
    assert_string_equal(r->source_sha256, "c7ed6136f1635b43e37c9e466b18c6780268b8a0a9fd89d8d56c552d32fcccc6");
    assert_non_null(strstr(r->provenance, "\"step\":\"read\""));
    assert_non_null(strstr(r->provenance, "\"format\":\"atanas-json\""));
    ctome_recordings_free(&l);
}

static void test_scholz(void **state)
{
    (void)state;
    ctome_recordings l = {0};
    read_ok(SCHOLZ, &l);
    assert_int_equal(l.n, 1);
    const ctome_recording *r = l.r[0];
    assert_int_equal(r->n_neurons, 62);
    assert_int_equal(r->n_time, 2244);
    assert_int_equal(r->n_neurons, (size_t)ref("scholz neurons"));
    assert_int_equal(r->n_time, (size_t)ref("scholz frames"));
    assert_float_equal(r->time[0], ref("scholz t_first"), 1e-12);
    assert_float_equal(r->time[r->n_time - 1], ref("scholz t_last"), 1e-9);
    assert_float_equal(median_dt(r), ref("scholz median_dt"), 1e-9);
    assert_int_equal(gaps(r, 0.5), 7);
    assert_int_equal(gaps(r, 0.5), (size_t)ref("scholz gaps_over_0.5s"));
    check_neuron(r, "scholz", "#0", 0);
    check_neuron(r, "scholz", "#61", 61);
    /* z-scored traces: every neuron has mean 0 and SD 1. */
    for (size_t i = 0; i < r->n_neurons; i++) {
        double m, sd;
        mean_sd(r, i, &m, &sd);
        assert_float_equal(m, 0.0, 1e-12);
        assert_float_equal(sd, 1.0, 1e-12);
        assert_string_equal(r->labels[i], "");
        assert_int_equal(r->reg[i], -1);
    }
    assert_string_equal(r->id, "scholz2018-gfp");
    assert_string_equal(r->dataset, "scholz2018");
    assert_string_equal(r->worm, "BrainScanner20180223_141721");
    assert_string_equal(r->indicator, "GFP (no calcium signal: motion control)");
    assert_non_null(strstr(r->provenance, "timeseries-per-neuron"));
    ctome_recordings_free(&l);
}

/* ---- fixtures ---- */

static void test_nwb_fixture(void **state)
{
    (void)state;
    char p[1024];
    ctome_recordings l = {0};
    read_ok(fixture(p, sizeof p, "nwb/roi_response.nwb"), &l);
    assert_int_equal(l.n, 2);
    /* Name order: DfOverF before Fluorescence. */
    const ctome_recording *d = l.r[0], *f = l.r[1];
    assert_string_equal(d->id, "ctome-fixture-roi-ophys.DfOverF.RoiResponseSeries");
    assert_string_equal(f->id, "ctome-fixture-roi-ophys.Fluorescence.RoiResponseSeries");

    /* Fluorescence: data[t, i] = (10 t + i) / 8, data[3, 1] = NaN,
     * t_k = 0.25 k + 0.0625 (k mod 3). */
    assert_int_equal(f->n_neurons, 5);
    assert_int_equal(f->n_time, 50);
    static const char *const lab[5] = {"AVAL", "AVAR", "", "RIML", "DB01"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(f->labels[i], lab[i]);
        assert_int_equal(f->reg[i], lab[i][0] ? ctome_registry_find(REG, lab[i]) : -1);
    }
    for (size_t t = 0; t < 50; t++) {
        assert_true(f->time[t] == 0.25 * (double)t + 0.0625 * (double)(t % 3));
        for (size_t i = 0; i < 5; i++) {
            double v = f->traces[i * 50 + t];
            if (t == 3 && i == 1)
                assert_true(isnan(v));
            else
                assert_true(v == (10.0 * (double)t + (double)i) / 8.0);
        }
    }
    assert_string_equal(f->indicator, "GCaMP6s");
    assert_string_equal(f->worm, "ctome-fixture-roi");
    assert_non_null(strstr(f->provenance, "\"label_column\":\"ID_labels\""));

    /* DfOverF: rois -> rows [3, 0, 4]; value = 0.5 (t + j / 4); time 10 + k / 4. */
    assert_int_equal(d->n_neurons, 3);
    assert_int_equal(d->n_time, 40);
    assert_string_equal(d->labels[0], "RIML");
    assert_string_equal(d->labels[1], "AVAL");
    assert_string_equal(d->labels[2], "DB01");
    for (size_t t = 0; t < 40; t++) {
        assert_true(d->time[t] == 10.0 + (double)t / 4.0);
        for (size_t j = 0; j < 3; j++)
            assert_true(d->traces[j * 40 + t] == 0.5 * ((double)t + (double)j / 4.0));
    }
    ctome_recordings_free(&l);
}

static void test_csv_fixture(void **state)
{
    (void)state;
    char p[1024];
    ctome_recordings l = {0};
    read_ok(fixture(p, sizeof p, "recording/traces.csv"), &l);
    assert_int_equal(l.n, 1);
    const ctome_recording *r = l.r[0];
    assert_string_equal(r->id, "traces");
    assert_int_equal(r->n_neurons, 5);
    assert_int_equal(r->n_time, 4);
    static const char *const lab[5] = {"AVAL", "AVAR", "", "RIML", "DB01"};
    static const double tt[4] = {0.0, 0.5, 1.25, 2.0};
    static const double v[5][4] = {
        {1.5, 1.0, 0.5, 0}, {2, NAN, NAN, 1}, {NAN, 3, 4, 5}, {0.25, 0.5, 0.75, 1.0}, {1, 2, 3, 4}};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(r->labels[i], lab[i]);
        for (size_t t = 0; t < 4; t++) {
            if (isnan(v[i][t]))
                assert_true(isnan(r->traces[i * 4 + t]));
            else
                assert_true(r->traces[i * 4 + t] == v[i][t]);
        }
    }
    for (size_t t = 0; t < 4; t++)
        assert_true(r->time[t] == tt[t]);
    assert_non_null(strstr(r->provenance, "\"format\":\"csv\""));
    ctome_recordings_free(&l);
}

/* ---- store round trip of the bundled recordings ---- */

static void test_store_round_trip(void **state)
{
    (void)state;
    ctome_recordings l = {0};
    read_ok(ATANAS, &l);
    read_ok(SCHOLZ, &l);
    char path[1024];
    tu_path(path, sizeof path, TMP, "recs.h5");
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    for (size_t i = 0; i < l.n; i++)
        if (ctome_store_put_recording(s, l.r[i]))
            fail_msg("%s", ctome_error_message());
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    char **ids;
    size_t n;
    assert_int_equal(ctome_store_list_recordings(s, &ids, &n), CTOME_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "atanas2023-sample");
    assert_string_equal(ids[1], "scholz2018-gfp");
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    for (size_t k = 0; k < l.n; k++) {
        const ctome_recording *a = l.r[k];
        ctome_recording *b = NULL;
        assert_int_equal(ctome_store_get_recording(s, a->id, REG, &b), CTOME_OK);
        assert_int_equal(a->n_neurons, b->n_neurons);
        assert_int_equal(a->n_time, b->n_time);
        assert_memory_equal(a->traces, b->traces, a->n_neurons * a->n_time * sizeof(double));
        assert_memory_equal(a->time, b->time, a->n_time * sizeof(double));
        for (size_t i = 0; i < a->n_neurons; i++) {
            assert_string_equal(a->labels[i], b->labels[i]);
            assert_int_equal(a->reg[i], b->reg[i]);
        }
        assert_string_equal(a->indicator, b->indicator);
        assert_string_equal(a->provenance, b->provenance);
        assert_string_equal(a->source_sha256, b->source_sha256);
        ctome_recording_free(b);
    }
    ctome_store_close(s);
    ctome_recordings_free(&l);
}

/* ---- bad input ---- */

/* Read `path` expecting failure `code` with `needle` in the message and
 * nothing appended. */
static void read_bad(const char *path, int code, const char *needle)
{
    ctome_recordings l = {0};
    int rc = ctome_read_recordings(path, REG, &l);
    if (rc != code)
        fail_msg("%s: expected %s, got %d (%s)", path, ctome_status_name(code), rc, ctome_error_message());
    if (!strstr(ctome_error_message(), needle))
        fail_msg("%s: message '%s' lacks '%s'", path, ctome_error_message(), needle);
    assert_int_equal(l.n, 0);
    ctome_recordings_free(&l);
}

static char *json_dir(const char *name, const char *frames, const char *names)
{
    char sub[1024];
    tu_path(sub, sizeof sub, TMP, name);
    if (mkdir(sub, 0700) != 0)
        fail_msg("mkdir %s", sub);
    if (names)
        free(tu_write_in(sub, "neurons.json", names));
    return tu_write_in(sub, "time_trace.json", frames);
}

static void test_bad_json(void **state)
{
    (void)state;
    static const char *names = "[\"AVAL\", \"AVAR\", \"RIML\", \"SMDVL\"]";
    char *p = json_dir("good", "[[0.0,[1,2,3]], [0.6,[1,null,3]] ,[1.2,[2,3,4]]]\n", names);
    ctome_recordings l = {0};
    read_ok(p, &l);
    assert_int_equal(l.r[0]->n_neurons, 3);
    assert_int_equal(l.r[0]->n_time, 3);
    assert_true(isnan(l.r[0]->traces[1 * 3 + 1]));
    assert_string_equal(l.r[0]->labels[2], "RIML");
    assert_string_equal(l.r[0]->id, "good");
    ctome_recordings_free(&l);
    free(p);

    /* A frame with one value too few: names the frame. */
    p = json_dir("short", "[[0.0,[1,2,3]],[0.6,[1,2,3]],[1.2,[1,2]],[1.8,[1,2,3]]]", names);
    read_bad(p, CTOME_EFORMAT, "frame 2");
    read_bad(p, CTOME_EFORMAT, "has 2 values, frame 0 has 3");
    free(p);
    p = json_dir("nonmono", "[[0.0,[1,2,3]],[0.6,[1,2,3]],[0.5,[1,2,3]]]", names);
    read_bad(p, CTOME_EVALUE, "not strictly increasing at index 2");
    free(p);
    p = json_dir("allnan", "[[0.0,[1,null,3]],[0.6,[1,null,3]]]", names);
    read_bad(p, CTOME_EVALUE, "neuron 1 ('AVAR') has no values");
    free(p);
    p = json_dir("trunc", "[[0.0,[1,2,3]],[0.6,[1,2", names);
    read_bad(p, CTOME_EFORMAT, "truncated");
    free(p);
    p = json_dir("trunc2", "[[0.0,[1,2,3]],[0.6,[1,2,3]]", names);
    read_bad(p, CTOME_EFORMAT, "truncated");
    free(p);
    p = json_dir("nonames", "[[0.0,[1,2,3]]]", NULL);
    read_bad(p, CTOME_EIO, "neurons.json");
    free(p);
    p = json_dir("fewnames", "[[0.0,[1,2,3]]]", "[\"AVAL\"]");
    read_bad(p, CTOME_EFORMAT, "1 names for 3 trace columns");
    free(p);
    p = json_dir("notnum", "[[0.0,[1,\"x\",3]]]", names);
    read_bad(p, CTOME_EFORMAT, "frame 0");
    free(p);
}

static void test_bad_csv(void **state)
{
    (void)state;
    char *p = tu_write_in(TMP, "rows.csv", "time,AVAL,AVAR\n0,1,2\n1,1\n");
    read_bad(p, CTOME_EFORMAT, "rows.csv:3: mismatched trace lengths");
    free(p);
    p = tu_write_in(TMP, "mono.csv", "time,AVAL,AVAR\n0,1,2\n1,1,2\n1,1,2\n");
    read_bad(p, CTOME_EVALUE, "not strictly increasing at index 2");
    free(p);
    p = tu_write_in(TMP, "nan.csv", "time\tAVAL\tAVAR\n0\t1\tNA\n1\t1\t\n2\t3\tnan\n");
    read_bad(p, CTOME_EVALUE, "('AVAR') has no values");
    free(p);
    p = tu_write_in(TMP, "junk.csv", "time,AVAL\n0,1\n1,abc\n");
    read_bad(p, CTOME_EFORMAT, "junk.csv:3");
    free(p);
    p = tu_write_in(TMP, "header.csv", "time,AVAL\n");
    read_bad(p, CTOME_EFORMAT, "no data lines");
    free(p);
}

static void test_bad_nwb(void **state)
{
    (void)state;
    char p[1024];
    read_bad(fixture(p, sizeof p, "nwb/bad_lengths.nwb"), CTOME_EFORMAT,
             "mismatched trace lengths: /acquisition/Activity_0001/data has 19 samples");
    read_bad(fixture(p, sizeof p, "nwb/bad_timestamps.nwb"), CTOME_EFORMAT,
             "/acquisition/Activity_0001/timestamps differ");
    /* Truncated: the first 20000 bytes of the fixture. */
    size_t n = 0;
    char *buf = tu_slurp(fixture(p, sizeof p, "nwb/roi_response.nwb"), &n);
    char out[1024];
    tu_path(out, sizeof out, TMP, "cut.nwb");
    tu_write(out, buf, n < 20000 ? n / 2 : 20000);
    free(buf);
    ctome_recordings l = {0};
    assert_int_equal(ctome_read_recordings(out, REG, &l), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "cut.nwb"));
    if (!strstr(ctome_error_message(), "truncated file"))
        fail_msg("no 'truncated file' in '%s'", ctome_error_message());
    assert_int_equal(l.n, 0);
    /* A ctome store without recordings: detected as a store (not NWB) and
     * refused saying what it holds (issue 12 item 10). */
    tu_path(out, sizeof out, TMP, "store.h5");
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(out, &s), CTOME_OK);
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    ctome_rec_format f;
    assert_int_equal(ctome_rec_format_detect(out, &f), CTOME_OK);
    assert_int_equal(f, CTOME_REC_STORE);
    read_bad(out, CTOME_EFORMAT, "a ctome store with no recording (it holds 0 connectomes)");
}

static void test_unknown_format(void **state)
{
    (void)state;
    static const unsigned char bin[] = {0x00, 0x01, 0x02, 0xff, 0x10, 0x00};
    char p[1024];
    tu_path(p, sizeof p, TMP, "blob.bin");
    tu_write(p, bin, sizeof bin);
    read_bad(p, CTOME_EFORMAT, "unknown recording format");
    char *t = tu_write_in(TMP, "words.txt", "just some words\nno delimiters\n");
    read_bad(t, CTOME_EFORMAT, "unknown recording format");
    free(t);
    t = tu_write_in(TMP, "empty.csv", "");
    read_bad(t, CTOME_EFORMAT, "empty");
    free(t);
    tu_path(p, sizeof p, TMP, "missing.json");
    read_bad(p, CTOME_EIO, "missing.json");
}

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("rec_readers", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_atanas),
        cmocka_unit_test(test_scholz),
        cmocka_unit_test(test_nwb_fixture),
        cmocka_unit_test(test_csv_fixture),
        cmocka_unit_test(test_store_round_trip),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_bad_csv),
        cmocka_unit_test(test_bad_nwb),
        cmocka_unit_test(test_unknown_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
