/* test_textformats.c — the text-format connectome readers on the bundled data
 * and on bad inputs.
 *
 * Reference values: tests/ref/textformats_ref.txt, produced once by the
 * independent script tests/ref/textformats_ref.py (stdlib csv/json +
 * networkx).  Per file and layer it gives the raw listings (count and summed
 * weight before merging), the merged edges, total weight, asymmetric pairs,
 * self-loops and the number of distinct cells.  Counts must match exactly;
 * weights to 1e-6 (all are sums of integers).
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
#include <unistd.h>
#include <zlib.h>

#include "ctome.h"
#include "textutil.h"
#include "testutil.h"

#ifndef CTOME_TEST_DATA
#error "CTOME_TEST_DATA must be defined"
#endif

static char *tmpdir;

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

static reader_fn reader_by_name(const char *name)
{
    if (!strcmp(name, "edgelist")) return ctome_read_edgelist;
    if (!strcmp(name, "adjacency")) return ctome_read_adjacency;
    if (!strcmp(name, "nemanode")) return ctome_read_nemanode;
    if (!strcmp(name, "gml")) return ctome_read_gml;
    if (!strcmp(name, "graphml")) return ctome_read_graphml;
    if (!strcmp(name, "bentley")) return ctome_read_bentley;
    if (!strcmp(name, "randi")) return ctome_read_randi;
    return NULL;
}

/* Read one fixture with a reader; expect status `want` and a message that
 * contains every string in the NULL-terminated list. */
static void expect_fail(reader_fn rd, const char *name, const char *content, const char *layer,
                        int want, ...)
{
    char *p = tu_write_in(tmpdir, name, content);
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("bad", NULL, &c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = layer;
    ctome_error_clear();
    int rc = rd(p, &o, c);
    const char *msg = ctome_error_message();
    if (rc != want)
        fail_msg("%s: status %d (want %d): %s", name, rc, want, msg);
    va_list ap;
    va_start(ap, want);
    for (const char *s; (s = va_arg(ap, const char *));) {
        char want_s[512];
        /* "@" stands for the fixture's path. */
        if (s[0] == '@')
            snprintf(want_s, sizeof want_s, "%s%s", p, s + 1);
        else
            snprintf(want_s, sizeof want_s, "%s", s);
        if (!strstr(msg, want_s))
            fail_msg("%s: message '%s' lacks '%s'", name, msg, want_s);
    }
    va_end(ap);
    ctome_connectome_free(c);
    free(p);
}

/* ---- reference counts on the real files ---- */

static void check_reference(const char *only_reader)
{
    char *ref = ctome_path_join(tu_tests_dir(), "ref/textformats_ref.txt");
    FILE *fp = fopen(ref, "r");
    if (!fp)
        fail_msg("cannot open %s", ref);
    char line[1024];
    int checked = 0;
    while (fgets(line, sizeof line, fp)) {
        char reader[32], rel[512], opt[32], layer[32];
        long raw_n, edges, asym, self, nodes;
        double raw_w, weight;
        if (sscanf(line, "%31s %511s %31s %31s %ld %lf %ld %lf %ld %ld %ld", reader, rel, opt, layer,
                   &raw_n, &raw_w, &edges, &weight, &asym, &self, &nodes) != 11)
            fail_msg("bad reference line: %s", line);
        if (strcmp(reader, only_reader))
            continue;
        char *path = ctome_path_join(CTOME_TEST_DATA, rel);
        ctome_connectome *c;
        assert_int_equal(ctome_connectome_new(rel, NULL, &c), CTOME_OK);
        ctome_read_opts o = {0};
        o.layer = strcmp(opt, "-") ? opt : NULL;
        int rc = reader_by_name(reader)(path, &o, c);
        if (rc)
            fail_msg("%s: %s", rel, ctome_error_message());
        const ctome_layer *l = ctome_connectome_get_layer(c, layer);
        if (!l)
            fail_msg("%s: no layer %s", rel, layer);
        double sum = 0;
        for (size_t i = 0; i < l->n; i++)
            sum += l->e[i].w;
        if ((long)l->n != raw_n || fabs(sum - raw_w) > 1e-6)
            fail_msg("%s %s raw: %zu listings weight %g, reference %ld / %g", rel, layer, l->n, sum,
                     raw_n, raw_w);
        assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
        l = ctome_connectome_get_layer(c, layer);
        sum = 0;
        for (size_t i = 0; i < l->n; i++)
            sum += l->e[i].w;
        if ((long)l->n != edges || fabs(sum - weight) > 1e-6 || (long)l->asymmetric != asym ||
            (long)l->self_loops != self || (long)c->n_nodes != nodes)
            fail_msg("%s %s: edges %zu weight %g asym %zu self %zu nodes %zu; reference %ld %g %ld "
                     "%ld %ld", rel, layer, l->n, sum, l->asymmetric, l->self_loops, c->n_nodes,
                     edges, weight, asym, self, nodes);
        ctome_connectome_free(c);
        free(path);
        checked++;
    }
    fclose(fp);
    free(ref);
    if (!checked)
        fail_msg("no reference lines for reader %s", only_reader);
}

static void ref_edgelist(void **s) { (void)s; check_reference("edgelist"); }
static void ref_adjacency(void **s) { (void)s; check_reference("adjacency"); }
static void ref_nemanode(void **s) { (void)s; check_reference("nemanode"); }
static void ref_gml(void **s) { (void)s; check_reference("gml"); }
static void ref_bentley(void **s) { (void)s; check_reference("bentley"); }
static void ref_randi(void **s) { (void)s; check_reference("randi"); }

/* Hand-checked facts of the real files that the table does not show. */
static void real_file_details(void **state)
{
    (void)state;
    ctome_connectome *c;
    ctome_read_opts o = {0};
    char *p;

    /* Randi 2023: signed values kept; ADAL -> ADAL is 11 (first row of the
     * file); the last ID "NSM" becomes NSMR; 552 negative entries summing
     * to -9290 (awk over column 3). */
    assert_int_equal(ctome_connectome_new("randi", NULL, &c), CTOME_OK);
    p = ctome_path_join(CTOME_TEST_DATA, "connectome/randi2023_functional/leifer_funconn_wildtype_2022-04-01.tsv");
    assert_int_equal(ctome_read_randi(p, &o, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    assert_true(ctome_connectome_find(c, "NSMR") >= 0);
    assert_int_equal(ctome_connectome_find(c, "NSM"), -1);
    const ctome_layer *l = ctome_connectome_get_layer(c, "functional");
    assert_non_null(l);
    assert_true(l->directed);
    size_t neg = 0;
    double negsum = 0, adal = 0;
    int a = ctome_connectome_find(c, "ADAL");
    for (size_t i = 0; i < l->n; i++) {
        if (l->e[i].w < 0) {
            neg++;
            negsum += l->e[i].w;
        }
        if (l->e[i].src == a && l->e[i].dst == a)
            adal = l->e[i].w;
    }
    assert_int_equal(neg, 552);
    assert_float_equal(negsum, -9290, 1e-9);
    assert_float_equal(adal, 11, 1e-9);
    assert_true(l->signed_weights);
    assert_string_equal(l->weight_unit, "response amplitude x100 (dF/F)");
    ctome_connectome_free(c);
    free(p);

    /* WormWiring edge list: padded names are trimmed ("I1L , I2L   ,10"). */
    assert_int_equal(ctome_connectome_new("cook", NULL, &c), CTOME_OK);
    p = ctome_path_join(CTOME_TEST_DATA, "connectome/cook2019/herm_full_edgelist.csv");
    assert_int_equal(ctome_read_edgelist(p, &o, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    int i1l = ctome_connectome_find(c, "I1L"), i2l = ctome_connectome_find(c, "I2L");
    assert_true(i1l >= 0 && i2l >= 0);
    l = ctome_connectome_get_layer(c, "chemical");
    double w = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].src == i1l && l->e[i].dst == i2l)
            w = l->e[i].w;
    assert_float_equal(w, 10, 0);
    ctome_connectome_free(c);
    free(p);

    /* White 1986 lists are unpadded: AS1 is read as AS01. */
    assert_int_equal(ctome_connectome_new("white", NULL, &c), CTOME_OK);
    p = ctome_path_join(CTOME_TEST_DATA, "connectome/white1986/aconnectome_white_1986_whole.csv");
    assert_int_equal(ctome_read_edgelist(p, &o, c), CTOME_OK);
    assert_true(ctome_connectome_find(c, "AS01") >= 0);
    ctome_connectome_free(c);
    free(p);

    /* Newman's GML: numeric labels become (unplaced) cell names. */
    assert_int_equal(ctome_connectome_new("newman", NULL, &c), CTOME_OK);
    p = ctome_path_join(CTOME_TEST_DATA, "connectome/newman_celegansneural/celegansneural.gml");
    assert_int_equal(ctome_read_gml(p, &o, c), CTOME_OK);
    assert_true(ctome_connectome_find(c, "51") >= 0);
    assert_true(ctome_connectome_get_layer(c, "chemical")->directed);
    ctome_connectome_free(c);
    free(p);
}

/* ---- small well-formed variants ---- */

static ctome_connectome *read_ok(reader_fn rd, const char *name, const char *content,
                                 const ctome_read_opts *o)
{
    char *p = tu_write_in(tmpdir, name, content);
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new(name, NULL, &c), CTOME_OK);
    int rc = rd(p, o, c);
    if (rc)
        fail_msg("%s: %s", name, ctome_error_message());
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    free(p);
    return c;
}

static void edgelist_variants(void **state)
{
    (void)state;
    ctome_read_opts o = {0};
    /* Headerless, whitespace separated, comments, CRLF, no weight -> 1. */
    ctome_connectome *c = read_ok(ctome_read_edgelist, "ws.txt",
                                  "# a comment\r\nADAL   ADAR\r\n\r\n  AVAL\tAVAR\r\nADAL ADAR\r\n", &o);
    assert_float_equal(tu_weight(c, "chemical", "ADAL", "ADAR"), 2, 0);
    assert_float_equal(tu_weight(c, "chemical", "AVAL", "AVAR"), 1, 0);
    ctome_connectome_free(c);

    /* Semicolons, quoted names, header names in another order. */
    c = read_ok(ctome_read_edgelist, "semi.csv",
                "Nbr;Neuron 2;Neuron 1;Type\n3;\"AVAR\";\"AVAL\";EJ\n4;DB1;AVBL;Send\n", &o);
    assert_float_equal(tu_weight(c, "electrical", "AVAL", "AVAR"), 3, 0);
    assert_float_equal(tu_weight(c, "chemical", "AVBL", "DB01"), 4, 0);
    ctome_connectome_free(c);

    /* Weight column chosen by name and by number. */
    o.weight_column = "count2";
    c = read_ok(ctome_read_edgelist, "wcol.csv", "from,to,count1,count2\nA1,B1,5,7\n", &o);
    assert_float_equal(tu_weight(c, "chemical", "A1", "B1"), 7, 0);
    ctome_connectome_free(c);
    o.weight_column = "3";
    c = read_ok(ctome_read_edgelist, "wnum.csv", "A1,B1,5,7\nA1,B2,1,2\n", &o);
    assert_float_equal(tu_weight(c, "chemical", "A1", "B1"), 5, 0);
    ctome_connectome_free(c);
    o.weight_column = NULL;

    /* A forced layer; headerless rows; a quoted field with a comma. */
    o.layer = "electrical";
    c = read_ok(ctome_read_edgelist, "forced.csv", "\"X,1\",Y,2\nY,\"X,1\",3\n", &o);
    assert_float_equal(tu_weight(c, "electrical", "X,1", "Y"), 3, 0);
    assert_int_equal(ctome_connectome_get_layer(c, "electrical")->asymmetric, 1);
    ctome_connectome_free(c);
}

static void other_variants(void **state)
{
    (void)state;
    ctome_read_opts o = {0};
    /* GML: comments, nested lists skipped, undirected -> electrical, weight key. */
    ctome_connectome *c = read_ok(ctome_read_gml, "u.gml",
        "# comment\ngraph [ directed 0\n node [ id 1 label \"AVAL\" graphics [ x 1.5 y -2 ] ]\n"
        " node [ id 2 label \"AVAR\" ]\n edge [ source 1 target 2 weight 2.5 ]\n"
        " edge [ target 1 source 2 value 1 ]\n]\n", &o);
    const ctome_layer *l = ctome_connectome_get_layer(c, "electrical");
    assert_non_null(l);
    assert_false(l->directed);
    assert_float_equal(tu_weight(c, "electrical", "AVAL", "AVAR"), 2.5, 0);
    ctome_connectome_free(c);

    /* GML as python-igraph writes it: "name" instead of "label", "weight". */
    c = read_ok(ctome_read_gml, "ig.gml",
                "Creator \"igraph\"\nVersion 1\ngraph\n[\n  directed 1\n  node\n  [\n    id 0\n"
                "    name \"AVAL\"\n  ]\n  node\n  [\n    id 1\n    name \"AVAR\"\n  ]\n  edge\n  [\n"
                "    source 0\n    target 1\n    weight 3.5\n  ]\n]\n", &o);
    assert_float_equal(tu_weight(c, "chemical", "AVAL", "AVAR"), 3.5, 0);
    ctome_connectome_free(c);

    /* GraphML: per-edge layer, key default, names from data. */
    c = read_ok(ctome_read_graphml, "g.graphml",
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "<key id=\"k0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
        "<key id=\"k1\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"><default>2</default></key>\n"
        "<key id=\"k2\" for=\"edge\" attr.name=\"layer\" attr.type=\"string\"/>\n"
        "<graph edgedefault=\"directed\">\n"
        "<node id=\"a\"><data key=\"k0\">AVAL</data></node><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"k1\">4</data></edge>\n"
        "<edge source=\"b\" target=\"a\"><data key=\"k2\">electrical</data></edge>\n"
        "</graph></graphml>\n", &o);
    assert_float_equal(tu_weight(c, "chemical", "AVAL", "B"), 4, 0);
    assert_float_equal(tu_weight(c, "electrical", "B", "AVAL"), 2, 0);
    ctome_connectome_free(c);

    /* NemaNode: syn summed, typ 2 electrical. */
    c = read_ok(ctome_read_nemanode, "n.json",
                "[{\"pre\":\"AVAL\",\"post\":\"AVAR\",\"typ\":0,\"syn\":[1,2,3]},"
                "{\"pre\":\"AVAR\",\"post\":\"AVAL\",\"typ\":2,\"syn\":[4]}]", &o);
    assert_float_equal(tu_weight(c, "chemical", "AVAL", "AVAR"), 6, 0);
    assert_float_equal(tu_weight(c, "electrical", "AVAL", "AVAR"), 4, 0);
    ctome_connectome_free(c);

    /* Adjacency with an empty corner cell, TABs, a trailing delimiter. */
    o.layer = "monoamine";
    c = read_ok(ctome_read_adjacency, "m.tsv", "\tAVAL\tAVAR\t\nAVAL\t0\t2\t\nAVAR\t1.5\t\t\n", &o);
    assert_float_equal(tu_weight(c, "monoamine", "AVAL", "AVAR"), 2, 0);
    assert_float_equal(tu_weight(c, "monoamine", "AVAR", "AVAL"), 1.5, 0);
    ctome_connectome_free(c);
}

/* ---- the shared tokenizer ---- */

static void textutil_numbers(void **state)
{
    (void)state;
    double v;
    assert_true(ctome_text_is_number("12", &v) && v == 12);
    assert_true(ctome_text_is_number("1.5", &v) && v == 1.5);
    assert_true(ctome_text_is_number(".5", &v) && v == 0.5);
    assert_true(ctome_text_is_number("2e3", &v) && v == 2000);
    assert_true(ctome_text_is_number("-3", &v) && v == -3);
    assert_false(ctome_text_is_number("abc", NULL));
    assert_false(ctome_text_is_number("", NULL));
    assert_false(ctome_text_is_number("nan", NULL));
    assert_false(ctome_text_is_number("inf", NULL));
    assert_false(ctome_text_is_number("1e999", NULL));
    assert_false(ctome_text_is_number("0x10", NULL));
    assert_false(ctome_text_is_number("12abc", NULL));
    assert_false(ctome_text_is_number("1e", NULL));
    assert_false(ctome_text_is_number(".", NULL));
    assert_int_equal(ctome_text_weight("-3", "weight", "f", 7, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "f:7:"));
    assert_non_null(strstr(ctome_error_message(), "'-3'"));
    assert_int_equal(ctome_text_weight("", "weight", "f", 8, &v), CTOME_EFORMAT);
    assert_int_equal(ctome_text_weight("nan", "weight", "f", 9, &v), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "'nan'"));

    ctome_fields fs = {0};
    char line[] = " a , \"b \"\"q\"\" c\" ,,d ";
    assert_int_equal(ctome_text_split(line, ',', &fs, "f", 1), CTOME_OK);
    assert_int_equal(fs.n, 4);
    assert_string_equal(fs.f[0], "a");
    assert_string_equal(fs.f[1], "b \"q\" c");
    assert_string_equal(fs.f[2], "");
    assert_string_equal(fs.f[3], "d");
    char bad[] = "a,\"b";
    assert_int_equal(ctome_text_split(bad, ',', &fs, "f", 4), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "f:4:"));
    ctome_fields_free(&fs);
    assert_int_equal(ctome_text_detect_delim("a\tb,c"), '\t');
    assert_int_equal(ctome_text_detect_delim("a;b"), ';');
    assert_int_equal(ctome_text_detect_delim("a b"), ' ');
}

/* ---- bad inputs: status code, file:line and the value in the message ---- */

static void bad_inputs(void **state)
{
    (void)state;
    /* Empty file and a directory, for every reader. */
    reader_fn all[] = {ctome_read_edgelist, ctome_read_adjacency, ctome_read_nemanode, ctome_read_gml,
                       ctome_read_graphml, ctome_read_bentley, ctome_read_randi};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        expect_fail(all[i], "empty.csv", "", NULL, CTOME_EFORMAT, "@", "empty file", NULL);
        ctome_connectome *c;
        assert_int_equal(ctome_connectome_new("dir", NULL, &c), CTOME_OK);
        assert_int_equal(all[i](tmpdir, NULL, c), CTOME_EIO);
        assert_non_null(strstr(ctome_error_message(), "directory"));
        assert_non_null(strstr(ctome_error_message(), tmpdir));
        ctome_connectome_free(c);
    }
    /* Edge lists. */
    expect_fail(ctome_read_edgelist, "neg.csv", "source,target,weight\nADAL,ADAR,2\nADAL,AVAL,-3\n", NULL,
                CTOME_EVALUE, "@:3:", "'-3'", NULL);
    expect_fail(ctome_read_edgelist, "abc.csv", "source,target,weight\nADAL,ADAR,2\nADAL,AVAL,abc\n", NULL,
                CTOME_EFORMAT, "@:3:", "'abc'", NULL);
    expect_fail(ctome_read_edgelist, "nan.tsv", "ADAL\tADAR\t2\nADAL\tAVAL\tnan\n", NULL, CTOME_EFORMAT,
                "@:2:", "'nan'", NULL);
    expect_fail(ctome_read_edgelist, "cols.csv", "source,target,weight\n\nADAL,ADAR\n", NULL,
                CTOME_EFORMAT, "@:3:", "found 2", NULL);
    expect_fail(ctome_read_edgelist, "type.csv", "pre,post,type,synapses\nADAL,ADAR,wireless,1\n", NULL,
                CTOME_EVALUE, "@:2:", "'wireless'", NULL);
    expect_fail(ctome_read_edgelist, "unnamed.csv", "from,to,strength\nADAL,ADAR,3\n", NULL,
                CTOME_ENOTFOUND, "@:1:", "'strength'", NULL);
    expect_fail(ctome_read_edgelist, "onecol.csv", "ADAL\n", NULL, CTOME_EFORMAT, "@:1:", "'ADAL'", NULL);
    expect_fail(ctome_read_edgelist, "hdr.csv", "# only\nsource,target,weight\n", NULL, CTOME_EFORMAT,
                "@", "no data rows", NULL);
    expect_fail(ctome_read_edgelist, "quote.csv", "a,b,1\n\"c,d,1\n", NULL, CTOME_EFORMAT, "@:2:",
                "unterminated", NULL);
    expect_fail(ctome_read_edgelist, "emptyname.csv", "source,target,weight\n,ADAR,1\n", NULL,
                CTOME_EVALUE, "@:2:", NULL);
    {
        char *p = tu_write_in(tmpdir, "wc.csv", "source,target,weight\nA,B,1\n");
        ctome_connectome *c;
        assert_int_equal(ctome_connectome_new("wc", NULL, &c), CTOME_OK);
        ctome_read_opts o = {0};
        o.weight_column = "synapse_count";
        assert_int_equal(ctome_read_edgelist(p, &o, c), CTOME_ENOTFOUND);
        assert_non_null(strstr(ctome_error_message(), "'synapse_count'"));
        o.weight_column = "9";
        assert_int_equal(ctome_read_edgelist(p, &o, c), CTOME_EINVAL);
        assert_non_null(strstr(ctome_error_message(), "9"));
        ctome_connectome_free(c);
        free(p);
    }
    /* Adjacency. */
    expect_fail(ctome_read_adjacency, "adj.csv", "Row,A,B\nA,0,1\nB,abc,0\n", NULL, CTOME_EFORMAT,
                "@:3:", "'abc'", NULL);
    expect_fail(ctome_read_adjacency, "adjn.csv", "Row,A,B\nA,0,-1\n", NULL, CTOME_EVALUE, "@:2:",
                "'-1'", NULL);
    expect_fail(ctome_read_adjacency, "adjc.csv", "Row,A,B\nA,0,1,4\n", NULL, CTOME_EFORMAT, "@:2:",
                "3 values", NULL);
    expect_fail(ctome_read_adjacency, "adjh.csv", "Row,A,B\n", NULL, CTOME_EFORMAT, "@", "no matrix rows",
                NULL);
    /* NemaNode JSON. */
    expect_fail(ctome_read_nemanode, "trunc.json", "[{\"pre\":\"A\",\"post\":\"B\",\n\"typ\":0,\"sy", NULL,
                CTOME_EFORMAT, "@:2:", "column", NULL);
    expect_fail(ctome_read_nemanode, "typ.json",
                "[{\"pre\":\"A\",\"post\":\"B\",\"typ\":0,\"syn\":[1]},"
                "{\"pre\":\"A\",\"post\":\"B\",\"typ\":5,\"syn\":[1]}]", NULL,
                CTOME_EVALUE, "@", "element 1", "typ 5", NULL);
    expect_fail(ctome_read_nemanode, "negsyn.json", "[{\"pre\":\"A\",\"post\":\"B\",\"typ\":0,\"syn\":[2,-1]}]",
                NULL, CTOME_EVALUE, "@", "element 0", "'-1'", NULL);
    expect_fail(ctome_read_nemanode, "strsyn.json", "[{\"pre\":\"A\",\"post\":\"B\",\"typ\":0,\"syn\":[\"x\"]}]",
                NULL, CTOME_EFORMAT, "@", "element 0", "'x'", NULL);
    expect_fail(ctome_read_nemanode, "obj.json", "{\"pre\":\"A\"}", NULL, CTOME_EFORMAT, "@", "array", NULL);
    /* GML. */
    expect_fail(ctome_read_gml, "open.gml", "graph [\n node [ id 0 label \"A\" ]\n", NULL, CTOME_EFORMAT,
                "@:1:", "not closed", NULL);
    expect_fail(ctome_read_gml, "dangling.gml", "graph [\n node [ id 0 ]\n edge [ source 0 target 7 ]\n]\n",
                NULL, CTOME_EFORMAT, "@:3:", "target 7", NULL);
    expect_fail(ctome_read_gml, "neg.gml",
                "graph [ directed 1\n node [ id 0 ] node [ id 1 ]\n edge [ source 0 target 1\n value -2 ]\n]\n",
                NULL, CTOME_EVALUE, "@:4:", "-2", NULL);
    expect_fail(ctome_read_gml, "num.gml", "graph [ node [ id 1x2 ] ]\n", NULL, CTOME_EFORMAT, "@:1:",
                "'1x2'", NULL);
    expect_fail(ctome_read_gml, "bigid.gml", "graph [ node [ id 333333333333333333333330 ] ]\n", NULL,
                CTOME_EFORMAT, "@:1:", "must be an integer", "'333333333333333333333330'", NULL);
    expect_fail(ctome_read_gml, "dup.gml", "graph [\n node [ id 3 ]\n node [ id 3 ]\n]\n", NULL,
                CTOME_EFORMAT, "@:3:", "id 3", NULL);
    expect_fail(ctome_read_gml, "nograph.gml", "Creator \"x\"\n", NULL, CTOME_EFORMAT, "@", "graph", NULL);
    {
        char deep[400] = "graph [ x ";
        for (int i = 0; i < 70; i++)
            strcat(deep, "[ y ");
        expect_fail(ctome_read_gml, "deep.gml", deep, NULL, CTOME_EFORMAT, "@:1:", "nested", NULL);
    }
    /* GraphML. */
    expect_fail(ctome_read_graphml, "bad.graphml", "<graphml>\n<graph>\n<node id=\"a\">\n</graph>", NULL,
                CTOME_EFORMAT, "@:4:", "XML error", NULL);
    expect_fail(ctome_read_graphml, "missing.graphml",
                "<graphml><graph edgedefault=\"directed\">\n<node id=\"a\"/>\n<edge source=\"a\" "
                "target=\"zz\"/>\n</graph></graphml>", NULL, CTOME_EFORMAT, "@:3:", "'zz'", NULL);
    expect_fail(ctome_read_graphml, "w.graphml",
                "<graphml><key id=\"w\" for=\"edge\" attr.name=\"weight\"/><graph edgedefault=\"directed\">\n"
                "<node id=\"a\"/><node id=\"b\"/>\n<edge source=\"a\" target=\"b\">\n<data key=\"w\">abc</data>"
                "</edge></graph></graphml>", NULL, CTOME_EFORMAT, "@:4:", "'abc'", NULL);
    /* Bentley. */
    expect_fail(ctome_read_bentley, "short.csv", "#source neuron, target neuron, transmitter, receptor\n"
                "RIML,ALML,tyramine,lgc-55\nRIML,ALMR\n", NULL, CTOME_EFORMAT, "@:3:", "found 2", NULL);
    /* Randi. */
    expect_fail(ctome_read_randi, "r.tsv", "ADAL\tADAR\t5\nADAL\tAVAL\tabc\n", NULL, CTOME_EFORMAT, "@:2:",
                "'abc'", NULL);
    expect_fail(ctome_read_randi, "r2.tsv", "ADAL\tADAR\n", NULL, CTOME_EFORMAT, "@:1:", "found 2", NULL);
}

/* Detection by content (issue 12 item 12): every format ctome writes or
 * bundles, and the kind of input (connectome, recording, matrix). */
static ctome_format fmt_of(const char *name, const char *content)
{
    char *p = tu_write_in(tmpdir, name, content);
    ctome_format f = CTOME_FMT_UNKNOWN;
    int rc = ctome_format_detect(p, &f);
    free(p);
    return rc ? CTOME_FMT_UNKNOWN : f;
}

static ctome_input_kind kind_of(const char *name, const char *content, char *what, size_t sz)
{
    char *p = tu_write_in(tmpdir, name, content);
    ctome_input_kind k = CTOME_KIND_UNKNOWN;
    int rc = ctome_input_kind_detect(p, &k, what, sz);
    free(p);
    return rc ? CTOME_KIND_UNKNOWN : k;
}

static void detect_kinds(void **state)
{
    (void)state;
    /* ctome export --format matrix: "pre/post" in the corner */
    assert_int_equal(fmt_of("m.csv", "pre/post,AVAL,AVAR,AVBL,AVBR,AIBL,AIBR\nAVAL,0,1,0,0,0,0\n"),
                     CTOME_FMT_ADJACENCY);
    /* the Randi export: headerless TAB triples with a negative integer */
    assert_int_equal(fmt_of("r.tsv", "ADAL\tADAL\t11\nADAL\tADAR\t0\nADAL\tAIBL\t-11\n"), CTOME_FMT_RANDI_TSV);
    assert_int_equal(fmt_of("p.tsv", "ADAL\tADAL\t11\nADAL\tADAR\t3\n"), CTOME_FMT_EDGELIST);
    /* an Atanas recording is not a NemaNode file; prose is not an edge list */
    assert_int_equal(fmt_of("a.json", "[[0.0, [1, 2]], [0.6, [1, 3]]]"), CTOME_FMT_UNKNOWN);
    assert_int_equal(fmt_of("n.json", "[{\"pre\": \"AVAL\"}]"), CTOME_FMT_NEMANODE);
    assert_int_equal(fmt_of("prose.txt", "hello world\nthis is not a connectome\n"), CTOME_FMT_UNKNOWN);
    assert_int_equal(fmt_of("sp.txt", "AVAL AVAR 3\nAVAR AVBL 2\n"), CTOME_FMT_EDGELIST);

    char what[160];
    assert_int_equal(kind_of("e.tsv", "source\ttarget\tweight\n1\t2\t3\n2\t3\t1\n", what, sizeof what),
                     CTOME_KIND_CONNECTOME);
    assert_string_equal(what, "an edge list (connectome)");
    assert_int_equal(kind_of("m.txt", "1 2 3\n4 5 6\n", what, sizeof what), CTOME_KIND_MATRIX);
    assert_string_equal(what, "a table of numbers (matrix)");
    assert_int_equal(kind_of("mr.txt", "1 2 3\n4 5\n", what, sizeof what), CTOME_KIND_MATRIX);
    assert_int_equal(kind_of("a.json", "[[0.0, [1, 2]], [0.6, [1, 3]]]", what, sizeof what),
                     CTOME_KIND_RECORDING);
    assert_string_equal(what, "a recording (atanas-json)");
}

/* Write `text` gzip-compressed (zlib) to dir/name; returns the path. */
static char *write_gz(const char *name, const char *text, size_t n)
{
    char *p = tu_join(tmpdir, name);
    gzFile z = gzopen(p, "wb6");
    assert_non_null(z);
    assert_int_equal(gzwrite(z, text, (unsigned)n), (int)n);
    assert_int_equal(gzclose(z), Z_OK);
    return p;
}

/* The streaming reader (textutil.c, 256 KiB chunks) and gzip input: a CRLF
 * split across the first chunk boundary stays one line end, a line longer
 * than a chunk is read whole, a gzip copy reads to the same graph, a cut
 * gzip stream is an error naming the file, and a compressed GML is refused
 * by name. */
static void gzip_and_streaming(void **state)
{
    (void)state;
    size_t chunk = (size_t)1 << 18, rows = 40000;
    size_t cap = chunk + 700000 + rows * 32;
    char *text = malloc(cap);
    assert_non_null(text);
    /* line 1: a comment whose CR is the last byte of the first chunk */
    size_t n = 0;
    text[n++] = '#';
    while (n < chunk - 1)
        text[n++] = 'p';
    text[n++] = '\r';
    text[n++] = '\n';
    /* line 2: a comment longer than two chunks */
    text[n++] = '#';
    for (size_t i = 0; i < 600000; i++)
        text[n++] = 'L';
    n += (size_t)sprintf(text + n, "\r\n");
    /* lines 3 .. rows + 2: N(i) -> N(i+1), weight i % 7 + 1 */
    for (size_t i = 0; i < rows; i++)
        n += (size_t)sprintf(text + n, "N%zu\tN%zu\t%zu\r\n", i, i + 1, i % 7 + 1);
    char *plain = tu_join(tmpdir, "stream.tsv");
    tu_write(plain, text, n);
    char *gz = write_gz("stream.tsv.gz", text, n);
    /* detection looks at the inflated head (a long comment line says
     * nothing, so the reader is called directly on those) */
    ctome_format f;
    const char *small = "AVAL\tAVAR\t3\nAVAR\tAVBL\t1\n";
    char *sgz = write_gz("small.tsv.gz", small, strlen(small));
    assert_int_equal(ctome_format_detect(sgz, &f), CTOME_OK);
    assert_int_equal(f, CTOME_FMT_EDGELIST);
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("small", NULL, &c), CTOME_OK);
    assert_int_equal(ctome_read_auto(sgz, NULL, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    assert_float_equal(tu_weight(c, "chemical", "AVAL", "AVAR"), 3, 0);
    ctome_connectome_free(c);
    free(sgz);
    const char *files[2] = {plain, gz};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(ctome_connectome_new("s", NULL, &c), CTOME_OK);
        if (ctome_read_edgelist(files[k], NULL, c))
            fail_msg("%s: %s", files[k], ctome_error_message());
        assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
        const ctome_layer *l = ctome_connectome_get_layer(c, "chemical");
        assert_int_equal(l->n, rows);
        assert_int_equal(c->n_nodes, rows + 1);
        double wlast = 39999 % 7 + 1;
        assert_float_equal(tu_weight(c, "chemical", "N39999", "N40000"), wlast, 0);
        assert_float_equal(tu_weight(c, "chemical", "N0", "N1"), 1, 0);
        ctome_connectome_free(c);
    }
    /* a bad weight on line rows + 2 (the last): named with that line number,
     * so no line end was counted twice */
    n -= strlen("2\r\n");   /* the last row is "N39999\tN40000\t2\r\n" */
    n += (size_t)sprintf(text + n, "x\r\n");
    char *bad = write_gz("badw.tsv.gz", text, n);
    assert_int_equal(ctome_connectome_new("b", NULL, &c), CTOME_OK);
    assert_int_not_equal(ctome_read_edgelist(bad, NULL, c), CTOME_OK);
    char want[64];
    snprintf(want, sizeof want, "badw.tsv.gz:%zu", rows + 2);
    if (!strstr(ctome_error_message(), want) || !strstr(ctome_error_message(), "'x'"))
        fail_msg("want %s and 'x' in: %s", want, ctome_error_message());
    ctome_connectome_free(c);
    /* a gzip stream cut in half */
    size_t zn;
    char *zbytes = tu_slurp(gz, &zn);
    char *cut = tu_join(tmpdir, "cut.tsv.gz");
    tu_write(cut, zbytes, zn / 2);
    assert_int_equal(ctome_connectome_new("c", NULL, &c), CTOME_OK);
    assert_int_not_equal(ctome_read_edgelist(cut, NULL, c), CTOME_OK);
    if (!strstr(ctome_error_message(), "cut.tsv.gz") || !strstr(ctome_error_message(), "damaged gzip"))
        fail_msg("cut gzip: %s", ctome_error_message());
    ctome_connectome_free(c);
    /* formats that are not streamed are refused compressed, by name */
    const char *gml = "graph [\n  directed 1\n  node [ id 0 label \"A\" ]\n]\n";
    char *gzgml = write_gz("g.gml.gz", gml, strlen(gml));
    assert_int_equal(ctome_format_detect(gzgml, &f), CTOME_EFORMAT);
    if (!strstr(ctome_error_message(), "gzip-compressed GML"))
        fail_msg("gml.gz: %s", ctome_error_message());
    free(zbytes);
    free(text);
    free(plain);
    free(gz);
    free(bad);
    free(cut);
    free(gzgml);
}

static int setup(void **state)
{
    (void)state;
    return (tmpdir = tu_mkdtemp("textformats")) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(tmpdir);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ref_edgelist),
        cmocka_unit_test(ref_adjacency),
        cmocka_unit_test(ref_nemanode),
        cmocka_unit_test(ref_gml),
        cmocka_unit_test(ref_bentley),
        cmocka_unit_test(ref_randi),
        cmocka_unit_test(real_file_details),
        cmocka_unit_test(edgelist_variants),
        cmocka_unit_test(other_variants),
        cmocka_unit_test(textutil_numbers),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(detect_kinds),
        cmocka_unit_test(gzip_and_streaming),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
