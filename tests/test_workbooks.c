/* Tests of the workbook connectome readers (lib/formats/workbooks.c).
 *
 * On the bundled files: the number of raw listings and their total weight
 * per layer (what the reader appends, independent of merge rules), and the
 * edge count and total weight after ctome_connectome_finalise (rules of
 * lib/data/connectome.h).  Every number comes from tests/ref/workbooks_ref.py
 * (openpyxl for .xlsx, xlrd 1.2 for .xls), output committed as
 * tests/ref/workbooks_ref.txt.  Weights agree to a relative 1e-12 (the sums
 * are of integers except Brittin's means and Yim's volumes).
 *
 * Bad input: small workbooks built in a temporary directory
 * (tests/xlsx_fixture.h), one per error path, each message checked for the
 * "SHEET!CELL: what 'value'" form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctome.h"
#include "testutil.h"
#include "xlsx_fixture.h"

#define DATA CTOME_TEST_DATA "/connectome/"
#define COOK DATA "cook2019/SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
#define YIM DATA "yim2024_dauer/41467_2024_45943_MOESM6_ESM.xlsx"
#define BRITTIN DATA "brittin2021/41586_2021_3284_MOESM5_ESM.xlsx"
#define VARSHNEY DATA "varshney2011/NeuronConnect.xls"

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

typedef struct {
    const char *layer;
    size_t raw_n;
    double raw_w;
    size_t n;
    double w;
} layer_ref;

static void weight_close(double got, double want)
{
    if (fabs(got - want) > 1e-12 * fmax(1.0, fabs(want)))
        fail_msg("weight %.17g, want %.17g", got, want);
}

/* Read `path`, check raw listings, finalise, check merged edges. */
static ctome_connectome *read_check(reader_fn f, const char *path, const ctome_read_opts *o,
                                    const layer_ref *ref, size_t nref)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("test", NULL, &c), CTOME_OK);
    int rc = f(path, o, c);
    if (rc)
        fail_msg("%s", ctome_error_message());
    assert_int_equal(c->n_layers, nref);
    for (size_t k = 0; k < nref; k++) {
        const ctome_layer *l = ctome_connectome_get_layer(c, ref[k].layer);
        assert_non_null(l);
        assert_int_equal(l->n, ref[k].raw_n);
        double w = 0;
        for (size_t i = 0; i < l->n; i++)
            w += l->e[i].w;
        weight_close(w, ref[k].raw_w);
    }
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    for (size_t k = 0; k < nref; k++) {
        const ctome_layer *l = ctome_connectome_get_layer(c, ref[k].layer);
        assert_int_equal(l->n, ref[k].n);
        double w = 0;
        for (size_t i = 0; i < l->n; i++)
            w += l->e[i].w;
        weight_close(w, ref[k].w);
    }
    return c;
}

static const char *unit_of(const ctome_connectome *c, const char *layer)
{
    const ctome_layer *l = ctome_connectome_get_layer(c, layer);
    return l ? l->weight_unit : NULL;
}

/* Cook 2019 SI 5: hermaphrodite chemical 4879 listings (28113 sections),
 * gap-junction symmetric sheet 2883 listings (23313) = 1450 pairs (11680, the
 * totals of the "asymmetric" sheet); male 5306 (45959) and 3482 (31702) =
 * 1758 pairs (15910). */
static void test_cook(void **state)
{
    (void)state;
    const layer_ref herm[] = {{"chemical", 4879, 28113, 4879, 28113},
                              {"electrical", 2883, 23313, 1450, 11680}};
    ctome_connectome *c = read_check(ctome_read_cook_si5, COOK, NULL, herm, 2);
    assert_string_equal(unit_of(c, "chemical"), "EM sections");
    /* F4: I1L -> I2L = 10; D6: I2L -> I1L = 2 */
    int a = ctome_connectome_find(c, "I1L"), b = ctome_connectome_find(c, "I2L");
    assert_true(a >= 0 && b >= 0);
    double m[4];
    int nodes[2] = {a, b};
    assert_int_equal(ctome_layer_dense(c, ctome_connectome_get_layer(c, "chemical"), nodes, 2, m),
                     CTOME_OK);
    assert_true(m[1] == 10 && m[2] == 2);
    /* the male-only cells are absent from the hermaphrodite sheets */
    assert_true(ctome_connectome_find(c, "R1AL") < 0);
    assert_true(ctome_connectome_find(c, "DB01") >= 0);
    ctome_connectome_free(c);

    const layer_ref male[] = {{"chemical", 5306, 45959, 5306, 45959},
                              {"electrical", 3482, 31702, 1758, 15910}};
    ctome_read_opts o = {.sex = 1};
    c = read_check(ctome_read_cook_si5, COOK, &o, male, 2);
    assert_true(ctome_connectome_find(c, "R1AL") >= 0);
    ctome_connectome_free(c);

    o.sex = 2;
    assert_int_equal(ctome_connectome_new("t", NULL, &c), CTOME_OK);
    assert_int_equal(ctome_read_cook_si5(COOK, &o, c), CTOME_EINVAL);
    ctome_connectome_free(c);
}

/* Witvliet 2021 datasets 1-8 (workbooks_ref.txt, witvliet_N lines). */
static void test_witvliet(void **state)
{
    (void)state;
    static const layer_ref ref[8][2] = {
        {{"chemical", 775, 1296, 775, 1296}, {"electrical", 83, 104, 83, 104}},
        {{"chemical", 986, 1895, 986, 1895}, {"electrical", 124, 133, 124, 133}},
        {{"chemical", 1012, 2128, 1012, 2128}, {"electrical", 94, 109, 94, 109}},
        {{"chemical", 1136, 2777, 1136, 2777}, {"electrical", 209, 243, 209, 243}},
        {{"chemical", 1515, 4116, 1515, 4116}, {"electrical", 292, 419, 292, 419}},
        {{"chemical", 1525, 4456, 1525, 4456}, {"electrical", 214, 267, 214, 267}},
        {{"chemical", 2202, 7467, 2202, 7467}, {"electrical", 291, 400, 291, 400}},
        {{"chemical", 2186, 7970, 2186, 7970}, {"electrical", 310, 430, 310, 430}},
    };
    for (int n = 1; n <= 8; n++) {
        char path[512];
        snprintf(path, sizeof path, DATA "witvliet2021/witvliet_2020_%d.xlsx", n);
        ctome_connectome *c = read_check(ctome_read_witvliet_xlsx, path, NULL, ref[n - 1], 2);
        assert_string_equal(unit_of(c, "chemical"), "synapses");
        ctome_connectome_free(c);
    }
    /* opts->layer puts every listing into one layer: 775 + 83 listings
     * (1296 + 104), 849 ordered pairs (witvliet_1_layer_chemical) */
    ctome_read_opts o = {.layer = "chemical"};
    const layer_ref one[] = {{"chemical", 858, 1400, 849, 1400}};
    ctome_connectome *c = read_check(ctome_read_witvliet_xlsx,
                                     DATA "witvliet2021/witvliet_2020_1.xlsx", &o, one, 1);
    ctome_connectome_free(c);
}

/* Brittin 2021: M 2955 contacts (19505577.58), C 1474 (8662.58), G 389
 * (1567.75); no pair is listed twice. */
static void test_brittin(void **state)
{
    (void)state;
    const layer_ref ref[] = {{"contact", 2955, 19505577.5833333, 2955, 19505577.5833333},
                             {"chemical", 1474, 8662.58333333333, 1474, 8662.58333333333},
                             {"electrical", 389, 1567.75, 389, 1567.75}};
    ctome_connectome *c = read_check(ctome_read_brittin_xlsx, BRITTIN, NULL, ref, 3);
    assert_int_equal(ctome_connectome_get_layer(c, "contact")->directed, 0);
    ctome_connectome_free(c);

    ctome_read_opts o = {.sheet = "C"};
    c = read_check(ctome_read_brittin_xlsx, BRITTIN, &o, ref + 1, 1);
    ctome_connectome_free(c);

    assert_int_equal(ctome_connectome_new("t", NULL, &c), CTOME_OK);
    o.sheet = "restricted_cells";
    assert_int_equal(ctome_read_brittin_xlsx(BRITTIN, &o, c), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "(M, C or G)"));
    o.sheet = "X";
    assert_int_equal(ctome_read_brittin_xlsx(BRITTIN, &o, c), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "no sheet 'X'"));
    ctome_connectome_free(c);
}

/* Yim 2024: Dauer 2198 non-zero entries (892457994.219902), Adult_3 2331
 * (14234); rows are presynaptic (ASHL -> AVAL, not the reverse). */
static void test_yim(void **state)
{
    (void)state;
    const layer_ref dauer[] = {{"chemical", 2198, 892457994.219902, 2198, 892457994.219902}};
    ctome_connectome *c = read_check(ctome_read_yim_xlsx, YIM, NULL, dauer, 1);
    int a = ctome_connectome_find(c, "ASHL"), b = ctome_connectome_find(c, "AVAL");
    int nodes[2] = {a, b};
    double m[4];
    assert_int_equal(ctome_layer_dense(c, ctome_connectome_get_layer(c, "chemical"), nodes, 2, m),
                     CTOME_OK);
    assert_true(fabs(m[1] - 1811339.277291) < 1e-6);
    assert_true(m[2] == 0);
    ctome_connectome_free(c);
    const layer_ref adult[] = {{"chemical", 2331, 14234, 2331, 14234}};
    ctome_read_opts o = {.sheet = "Adult_3"};
    c = read_check(ctome_read_yim_xlsx, YIM, &o, adult, 1);
    ctome_connectome_free(c);
}

/* Varshney 2011 NeuronConnect.xls: S + Sp + NMJ rows with Nbr > 0 = 2726
 * chemical listings (7804; two Sp rows have Nbr 0), of which 153 NMJ rows
 * (1410) onto BWM; EJ 1031 listings (1777) = 517 pairs (890).  R/Rp rows are
 * skipped. */
static void test_varshney(void **state)
{
    (void)state;
    const layer_ref ref[] = {{"chemical", 2726, 7804, 2309, 7804},
                             {"electrical", 1031, 1777, 517, 890}};
    ctome_connectome *c = read_check(ctome_read_varshney_xls, VARSHNEY, NULL, ref, 2);
    int bwm = ctome_connectome_find(c, "BWM");
    assert_true(bwm >= 0);
    const ctome_layer *l = ctome_connectome_get_layer(c, "chemical");
    double w = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].dst == bwm)
            w += l->e[i].w;
    assert_true(w == 1410);
    assert_true(ctome_connectome_find(c, "NMJ") < 0);
    ctome_connectome_free(c);
}

/* ------------------------------------------------------------ bad inputs */

static int fixture_read(reader_fn f, const char *path, const fx_sheet *sh, size_t n,
                        const ctome_read_opts *o, ctome_connectome **out)
{
    assert_int_equal(fx_xlsx(path, sh, n), 0);
    assert_int_equal(ctome_connectome_new("t", NULL, out), CTOME_OK);
    return f(path, o, *out);
}

static void expect_fail(reader_fn f, const char *path, const fx_sheet *sh, size_t n, int code,
                        const char *needle)
{
    ctome_connectome *c;
    int rc = fixture_read(f, path, sh, n, NULL, &c);
    if (rc != code)
        fail_msg("status %d, want %d (%s)", rc, code, ctome_error_message());
    if (!strstr(ctome_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", ctome_error_message(), needle);
    assert_non_null(strstr(ctome_error_message(), path));
    ctome_connectome_free(c);
}

static void test_witvliet_bad(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = ctome_path_join(dir, "w.xlsx");
#define W_HEAD "pre", "post", "type", "synapses"
    const char *bad_type[] = {W_HEAD, "ADAL", "AVAL", "chemical", "2", "ADAL", "AVBL", "chem", "1"};
    fx_sheet s1 = {"w", 3, 4, bad_type};
    expect_fail(ctome_read_witvliet_xlsx, p, &s1, 1, CTOME_EVALUE,
                "w!C3: unknown synapse type (chemical or electrical) 'chem'");
    const char *bad_w[] = {W_HEAD, "ADAL", "AVAL", "chemical", "abc"};
    fx_sheet s2 = {"w", 2, 4, bad_w};
    expect_fail(ctome_read_witvliet_xlsx, p, &s2, 1, CTOME_EVALUE,
                "w!D2: weight is not a number 'abc'");
    const char *neg[] = {W_HEAD, "", "", "", "", "ADAL", "AVAL", "electrical", "-2"};
    fx_sheet s3 = {"w", 3, 4, neg};
    expect_fail(ctome_read_witvliet_xlsx, p, &s3, 1, CTOME_EVALUE, "w!D3: negative weight '-2'");
    const char *noname[] = {W_HEAD, "ADAL", "", "chemical", "1"};
    fx_sheet s4 = {"w", 2, 4, noname};
    expect_fail(ctome_read_witvliet_xlsx, p, &s4, 1, CTOME_EFORMAT, "w!B2: missing cell name");
    const char *nocol[] = {"pre", "post", "type", "count", "ADAL", "AVAL", "chemical", "1"};
    fx_sheet s5 = {"w", 2, 4, nocol};
    expect_fail(ctome_read_witvliet_xlsx, p, &s5, 1, CTOME_EFORMAT,
                "w!1: no column 'synapses' in the header row (found 'pre', 'post', 'type', 'count')");
    const char *now[] = {W_HEAD, "ADAL", "AVAL", "chemical", ""};
    fx_sheet s6 = {"w", 2, 4, now};
    expect_fail(ctome_read_witvliet_xlsx, p, &s6, 1, CTOME_EVALUE, "w!D2: missing weight");

    /* blank rows skipped; names normalised (db1 -> DB01); case-insensitive header */
    const char *ok[] = {"Pre", "Post", "Type", "Synapses", "", "", "", "", "db1", "AVAL",
                        "Chemical", "2", "AVAL", "db01", "electrical", "3"};
    fx_sheet s7 = {"w", 4, 4, ok};
    ctome_connectome *c;
    assert_int_equal(fixture_read(ctome_read_witvliet_xlsx, p, &s7, 1, NULL, &c), CTOME_OK);
    assert_int_equal(c->n_nodes, 2);
    assert_true(ctome_connectome_find(c, "DB01") >= 0);
    ctome_connectome_free(c);
    free(p);
    tu_rmtree(dir);
}

/* A 2 x 2 Cook-style sheet: 3 header rows, 3 label columns, a repeated label
 * column after the matrix. */
#define COOK_GRID(x)                                 \
    {"", "", "", "PHARYNX", "", "",                  \
     "", "", "", "", "", "",                         \
     "", "", "", "ADAL", "AVAL", "",                 \
     "PHARYNX", "", "ADAL", "", x, "ADAL",           \
     "", "", "AVAL", "4", "", "AVAL",                \
     "", "", "", "ADAL", "AVAL", ""}

static void test_cook_bad(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = ctome_path_join(dir, "c.xlsx");
    const char *good[] = COOK_GRID("7");
    const char *gap[] = COOK_GRID("");
    fx_sheet sh[] = {{"hermaphrodite chemical", 6, 6, good},
                     {"hermaphrodite gap jn symmetric", 6, 6, gap}};
    ctome_connectome *c;
    assert_int_equal(fixture_read(ctome_read_cook_si5, p, sh, 2, NULL, &c), CTOME_OK);
    const ctome_layer *l = ctome_connectome_get_layer(c, "chemical");
    assert_int_equal(l->n, 2);      /* ADAL -> AVAL 7 (E4), AVAL -> ADAL 4 (D5) */
    assert_true(l->e[0].w + l->e[1].w == 11);
    assert_int_equal(ctome_connectome_get_layer(c, "electrical")->n, 1);
    ctome_connectome_free(c);

    const char *bad[] = COOK_GRID("x");
    sh[0].cells = bad;
    expect_fail(ctome_read_cook_si5, p, sh, 2, CTOME_EVALUE,
                "hermaphrodite chemical!E4: weight is not a number 'x'");
    const char *neg[] = COOK_GRID("-1");
    sh[0].cells = neg;
    expect_fail(ctome_read_cook_si5, p, sh, 2, CTOME_EVALUE,
                "hermaphrodite chemical!E4: negative weight '-1'");
    sh[0].cells = good;
    expect_fail(ctome_read_cook_si5, p, sh, 1, CTOME_ENOTFOUND,
                "no sheet 'hermaphrodite gap jn symmetric' (sheets: 'hermaphrodite chemical')");
    const char *blank[] = {"x"};
    fx_sheet b[] = {{"hermaphrodite chemical", 1, 1, blank}};
    expect_fail(ctome_read_cook_si5, p, b, 1, CTOME_EFORMAT, "not a Cook 2019 SI 5 sheet");
    /* a file that is no workbook */
    FILE *fp = fopen(p, "w");
    fputs("ADAL,AVAL,1\n", fp);
    fclose(fp);
    assert_int_equal(ctome_connectome_new("t", NULL, &c), CTOME_OK);
    assert_int_equal(ctome_read_cook_si5(p, NULL, c), CTOME_EFORMAT);
    ctome_connectome_free(c);
    free(p);
    tu_rmtree(dir);
}

static void test_yim_varshney_brittin_bad(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = ctome_path_join(dir, "y.xlsx");
    const char *yim[] = {"", "", "ADAL", "AVAL", "", "", "1", "2", "ADAL", "1", "0", "2.5",
                         "AVAL", "2", "-3", ""};
    fx_sheet ys = {"Dauer", 4, 4, yim};
    expect_fail(ctome_read_yim_xlsx, p, &ys, 1, CTOME_EVALUE, "Dauer!C4: negative weight '-3'");
    yim[14] = "0";
    ctome_connectome *c;
    assert_int_equal(fixture_read(ctome_read_yim_xlsx, p, &ys, 1, NULL, &c), CTOME_OK);
    assert_int_equal(ctome_connectome_get_layer(c, "chemical")->n, 1);     /* ADAL -> AVAL 2.5 */
    ctome_connectome_free(c);
    fx_sheet yother = {"Other", 4, 4, yim};
    expect_fail(ctome_read_yim_xlsx, p, &yother, 1, CTOME_ENOTFOUND, "no sheet 'Dauer'");

    const char *v[] = {"Neuron 1", "Neuron 2", "Type", "Nbr", "ADAL", "AVAL", "S", "2",
                       "AVAL", "ADAL", "R", "2", "ADAL", "AVBL", "Sp", "1", "ADAL", "AVAL",
                       "EJ", "3", "AVAL", "ADAL", "EJ", "3", "DA1", "NMJ", "NMJ", "5",
                       "ADAL", "AVAL", "Q", "1"};
    fx_sheet vs = {"NeuronConnect.csv", 7, 4, v};
    assert_int_equal(fixture_read(ctome_read_varshney_xls, p, &vs, 1, NULL, &c), CTOME_OK);
    assert_int_equal(ctome_connectome_get_layer(c, "chemical")->n, 3);
    assert_int_equal(ctome_connectome_get_layer(c, "electrical")->n, 2);
    assert_true(ctome_connectome_find(c, "DA01") >= 0 && ctome_connectome_find(c, "BWM") >= 0);
    ctome_connectome_free(c);
    vs.nr = 8;
    expect_fail(ctome_read_varshney_xls, p, &vs, 1, CTOME_EVALUE,
                "NeuronConnect.csv!C8: unknown connection type (S, Sp, R, Rp, EJ or NMJ) 'Q'");
    v[30] = "S";
    v[31] = "1.5e";
    expect_fail(ctome_read_varshney_xls, p, &vs, 1, CTOME_EVALUE,
                "NeuronConnect.csv!D8: weight is not a number '1.5e'");

    const char *m[] = {"cell_1", "cell_2", "delta", "ADAL", "AVAL", "4"};
    fx_sheet bs[] = {{"M", 2, 3, m}};
    expect_fail(ctome_read_brittin_xlsx, p, bs, 1, CTOME_EFORMAT, "M!1: no column 'weight'");
    free(p);
    tu_rmtree(dir);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cook),
        cmocka_unit_test(test_witvliet),
        cmocka_unit_test(test_brittin),
        cmocka_unit_test(test_yim),
        cmocka_unit_test(test_varshney),
        cmocka_unit_test(test_witvliet_bad),
        cmocka_unit_test(test_cook_bad),
        cmocka_unit_test(test_yim_varshney_brittin_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
