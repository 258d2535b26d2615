/* test_registry.c — the neuron registry on the bundled tables under data/neurons/.
 *
 * Named neurons are checked against values read by hand from the source files
 * (the row or cell is given beside each); the whole registry is then compared
 * field by field with tests/ref/registry_ref.tsv, written by the independent
 * Python computation tests/ref/registry_ref.py; every cell name of the bundled
 * connectomes (tests/ref/cellnames_all.tsv, from tests/ref/cellnames_scan.py)
 * must be classified as the scan says.
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
#include <unistd.h>

#include "ctome.h"
#include "testutil.h"

static ctome_registry *reg;

static int setup(void **state)
{
    (void)state;
    if (ctome_registry_load(CTOME_TEST_DATA, &reg) != CTOME_OK) {
        fprintf(stderr, "registry: %s\n", ctome_error_message());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_registry_free(reg);
    return 0;
}

static const ctome_neuron *get(const char *name)
{
    int i = ctome_registry_find(reg, name);
    assert_true(i >= 0);
    return ctome_registry_neuron(reg, (size_t)i);
}

/* wormwideweb_connectome_neurons.csv: 108 motorneuron + 83 sensory + 81
 * interneuron + 2 neuron rows of category shared, 8 hermaphrodite (HSN, VC),
 * 20 pharynx = 302.  Male rows: 35 interneuron + 56 sensory neuron = 91; checked
 * independently: Cook et al. 2019 give 385 neurons in the male, and
 * 385 = 302 - 8 hermaphrodite-specific + 91. */
static void test_counts(void **state)
{
    (void)state;
    assert_int_equal(ctome_registry_size(reg), 393);
    assert_int_equal(ctome_registry_count_herm(reg), 302);
    size_t male = 0, herm_only = 0, pharyngeal = 0, nopos = 0;
    for (size_t i = 0; i < ctome_registry_size(reg); i++) {
        const ctome_neuron *n = ctome_registry_neuron(reg, i);
        male += n->sex == CTOME_SEX_MALE;
        herm_only += n->sex == CTOME_SEX_HERM;
        pharyngeal += n->type == CTOME_NTYPE_PHARYNGEAL;
        nopos += n->sex != CTOME_SEX_MALE && !n->has_pos;
    }
    assert_int_equal(male, 91);
    assert_int_equal(herm_only, 8);
    assert_int_equal(pharyngeal, 20);
    assert_int_equal(nopos, 2);   /* CANL, CANR: not in the Skuhersky atlas (300 rows) */
    assert_null(ctome_registry_neuron(reg, 393));
}

static void test_named(void **state)
{
    (void)state;
    /* AVAL: wormwideweb row "AVAL,AVA,interneuron,i,shared,,l"; Wang supp2 row 58
     * (C58 'AVAL', U58 'ACh'); Skuhersky line 54 "AVAL,50.20,6.70,8.41". */
    const ctome_neuron *n = get("AVAL");
    assert_string_equal(n->name, "AVAL");
    assert_string_equal(n->cls, "AVA");
    assert_int_equal(n->type, CTOME_NTYPE_INTER);
    assert_int_equal(n->sex, CTOME_SEX_BOTH);
    assert_string_equal(n->nt, "acetylcholine");
    assert_string_equal(n->nt_source, "Wang2024");
    assert_int_equal(n->sign, CTOME_SIGN_EXCITATORY);
    assert_int_equal(n->has_pos, 1);
    assert_string_equal(n->pos_source, "Skuhersky2022");
    assert_true(fabs(n->pos[0] - 50.20) < 1e-12 && fabs(n->pos[1] - 6.70) < 1e-12 &&
                fabs(n->pos[2] - 8.41) < 1e-12);
    assert_int_equal(n->partner, ctome_registry_find(reg, "AVAR"));
    assert_int_equal(get("AVAR")->partner, ctome_registry_find(reg, "AVAL"));

    /* DD01: Wang supp2 row 109 (C 'DD1', U 'GABA'); Skuhersky line 103 "DD1,124.58,-9.32,0.77". */
    n = get("DD1");
    assert_string_equal(n->name, "DD01");
    assert_int_equal(n->type, CTOME_NTYPE_MOTOR);
    assert_string_equal(n->nt, "GABA");
    assert_int_equal(n->sign, CTOME_SIGN_INHIBITORY);
    assert_true(fabs(n->pos[0] - 124.58) < 1e-12);
    assert_int_equal(n->partner, -1);

    /* RIML: supp2 row 204: U 'Glu', V 'tyramine (synthesis + uptake) - NEW',
     * W 'betaine (uptake) - NEW' (betaine is not one of the seven transmitters). */
    n = get("RIML");
    assert_string_equal(n->nt, "glutamate+tyramine");
    assert_int_equal(n->sign, CTOME_SIGN_EXCITATORY);
    assert_int_equal(n->type, CTOME_NTYPE_INTER);
    assert_int_equal(n->partner, ctome_registry_find(reg, "RIMR"));

    /* NSML: category pharynx; supp2 row 154: U '5-HT', V '*betaine (uptake) - NEW'. */
    n = get("NSML");
    assert_int_equal(n->type, CTOME_NTYPE_PHARYNGEAL);
    assert_string_equal(n->nt, "serotonin");
    assert_int_equal(n->sign, CTOME_SIGN_MODULATORY);

    /* CANL: type "neuron" in wormwideweb; WormAtlas: "Process runs along excretory
     * canal, no synapses, essential for survival" (no role) -> unknown; supp2 row 87
     * U 'betaine (uptake) ' -> no transmitter; absent from Skuhersky. */
    n = get("CANL");
    assert_int_equal(n->type, CTOME_NTYPE_UNKNOWN);
    assert_string_equal(n->nt, "");
    assert_string_equal(n->nt_source, "Wang2024");
    assert_int_equal(n->sign, CTOME_SIGN_UNKNOWN);
    assert_int_equal(n->has_pos, 0);
    assert_string_equal(n->pos_source, "");
    assert_int_equal(n->partner, ctome_registry_find(reg, "CANR"));

    /* AVFL: supp2 row 66 U 'GABA (uptake)': uptake only, no transmitter. */
    assert_string_equal(get("AVFL")->nt, "");
    /* SMDDL: supp2 row 249 U 'ACh', V '*GABA ' -> mixed, counted excitatory. */
    n = get("SMDDL");
    assert_string_equal(n->nt, "acetylcholine+GABA");
    assert_int_equal(n->sign, CTOME_SIGN_EXCITATORY);
    /* HSNL: wormwideweb category hermaphrodite, motorneuron; supp2 row 120 U 'ACh', V '5-HT'. */
    n = get("HSNL");
    assert_int_equal(n->sex, CTOME_SEX_HERM);
    assert_int_equal(n->type, CTOME_NTYPE_MOTOR);
    assert_string_equal(n->nt, "acetylcholine+serotonin");
    /* CA01: male interneuron; supp3 row 13 (C 'CA1', V 'ACh', W '*Glu (new)'). */
    n = get("CA01");
    assert_int_equal(n->sex, CTOME_SEX_MALE);
    assert_string_equal(n->nt, "acetylcholine+glutamate");
    assert_int_equal(n->has_pos, 0);
    /* DB01 and DB03 are named "DB1/3" and "DB3/1" in supp2 rows 102, 104 (U 'ACh'). */
    assert_string_equal(get("DB01")->nt, "acetylcholine");
    assert_string_equal(get("DB03")->nt_source, "Wang2024");
    /* SABD: dorsal, unpaired; SABVL/SABVR are a left/right pair. */
    assert_int_equal(get("SABD")->partner, -1);
    assert_int_equal(get("SABVL")->partner, ctome_registry_find(reg, "SABVR"));
    /* AVL ends in L but has no AVR: unpaired. */
    assert_int_equal(get("AVL")->partner, -1);
}

static void test_find(void **state)
{
    (void)state;
    int i = ctome_registry_find(reg, "AVAL");
    assert_true(i >= 0);
    assert_int_equal(ctome_registry_find(reg, " aval "), i);
    assert_int_equal(ctome_registry_find(reg, "'AVAL'"), i);
    assert_int_equal(ctome_registry_find(reg, "VA012"), ctome_registry_find(reg, "VA12"));
    assert_int_equal(ctome_registry_find(reg, ""), -1);
    assert_int_equal(ctome_registry_find(reg, "   "), -1);
    assert_int_equal(ctome_registry_find(reg, NULL), -1);
    assert_int_equal(ctome_registry_find(reg, "NOTACELL"), -1);
    assert_int_equal(ctome_registry_find(reg, "BWM-DL01"), -1);
    assert_int_equal(ctome_registry_find(NULL, "AVAL"), -1);
}

static void test_cell_kind(void **state)
{
    (void)state;
    assert_int_equal(ctome_registry_cell_kind(reg, "AVAL"), 0);
    assert_int_equal(ctome_registry_cell_kind(reg, "BWM-DL01"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "dBWML24"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "MVR24"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "pm7D"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "pm3VL"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "um1AL"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "mu_int"), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "vm2aL "), 1);
    assert_int_equal(ctome_registry_cell_kind(reg, "hyp"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "exc_cell"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "int"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "g1"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "CEPshDL"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "mc2dl"), 2);
    assert_int_equal(ctome_registry_cell_kind(reg, "MCL"), 0);   /* pharyngeal neuron */
    assert_int_equal(ctome_registry_cell_kind(reg, "NSM"), 0);   /* an alias, not a cell */
    assert_int_equal(ctome_registry_cell_kind(reg, ""), 0);
    assert_int_equal(ctome_registry_cell_kind(NULL, "hyp"), 0);
}

/* Every name of every bundled connectome resolves as tests/ref/cellnames_scan.py says. */
static void test_scan(void **state)
{
    (void)state;
    char *path = ctome_path_join(tu_tests_dir(), "ref/cellnames_all.tsv");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    size_t n = 0, unplaced = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *name = strtok(line, "\t"), *cls = strtok(NULL, "\t\n");
        assert_non_null(cls);
        int idx = ctome_registry_find(reg, name), k = ctome_registry_cell_kind(reg, name);
        const char *got = idx >= 0 ? "neuron" : k == 1 ? "muscle" : k == 2 ? "endorgan" : "unplaced";
        if (strcmp(got, cls) != 0) {
            fprintf(stderr, "%s: scan says %s, registry %s\n", name, cls, got);
            bad++;
        }
        unplaced += strcmp(cls, "unplaced") == 0;
        n++;
    }
    fclose(f);
    free(path);
    assert_int_equal(bad, 0);
    assert_int_equal(n, 781);
    assert_true(unplaced <= 5);   /* documented in docs/registry.md */
}

/* Field-by-field comparison with the independent Python computation. */
static void test_reference(void **state)
{
    (void)state;
    char *path = ctome_path_join(tu_tests_dir(), "ref/registry_ref.tsv");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *fld[12] = {0};
        int nf = 0;
        for (char *p = line; nf < 12; nf++) {
            fld[nf] = p;
            char *t = strchr(p, '\t');
            if (!t) {
                nf++;
                break;
            }
            *t = '\0';
            p = t + 1;
        }
        assert_int_equal(nf, 12);
        int i = ctome_registry_find(reg, fld[0]);
        assert_int_equal(i, (int)n);   /* same order as the WormWideWeb table */
        const ctome_neuron *x = ctome_registry_neuron(reg, (size_t)i);
        assert_string_equal(x->cls, fld[1]);
        assert_string_equal(ctome_neuron_type_name(x->type), fld[2]);
        assert_string_equal(ctome_sex_name(x->sex), fld[3]);
        assert_string_equal(x->nt, fld[4]);
        assert_string_equal(x->nt_source, fld[5]);
        assert_string_equal(ctome_sign_name(x->sign), fld[6]);
        assert_int_equal(x->has_pos, atoi(fld[7]));
        for (int k = 0; k < 3; k++)
            assert_true(fabs(x->pos[k] - atof(fld[8 + k])) < 1e-9);   /* 2-decimal source, %.6g */
        if (strcmp(fld[11], "-") == 0)
            assert_int_equal(x->partner, -1);
        else
            assert_int_equal(x->partner, ctome_registry_find(reg, fld[11]));
        n++;
    }
    fclose(f);
    free(path);
    assert_int_equal(n, ctome_registry_size(reg));
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ctome_neuron_type_name(CTOME_NTYPE_PHARYNGEAL), "pharyngeal");
    assert_string_equal(ctome_neuron_type_name((ctome_neuron_type)99), "unknown");
    assert_string_equal(ctome_sign_name(CTOME_SIGN_MODULATORY), "modulatory");
    assert_string_equal(ctome_sign_name((ctome_sign)99), "unknown");
    assert_string_equal(ctome_sex_name(CTOME_SEX_MALE), "male");
    assert_string_equal(ctome_sex_name((ctome_sex)99), "unknown");
}

/* ------------------------------------------------------------------ bad input */

static void test_missing_dir(void **state)
{
    (void)state;
    ctome_registry *r = (ctome_registry *)1;
    assert_int_equal(ctome_registry_load("/nonexistent/ctome-data", &r), CTOME_EIO);
    assert_null(r);
    assert_non_null(strstr(ctome_error_message(), "wormwideweb_connectome_neurons.csv"));
    assert_int_equal(ctome_registry_load(NULL, &r), CTOME_EINVAL);
    assert_int_equal(ctome_registry_load(CTOME_TEST_DATA, NULL), CTOME_EINVAL);
}

/* A data dir whose neurons/ holds links to the real tables, except `replace`
 * (relative to neurons/), written with `content`. */
static char *fake_datadir(const char *replace, const char *content)
{
    char *d = tu_mkdtemp("registry");
    assert_non_null(d);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/neurons' && cp -rs '%s/neurons/.' '%s/neurons/' && rm -f '%s/neurons/%s'",
             d, CTOME_TEST_DATA, d, d, replace);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "neurons/%s", replace);
    free(tu_write_in(d, cmd, content));
    return d;
}

static void remove_dir(char *d)
{
    assert_int_equal(tu_rmtree(d), 0);
}

static void test_bad_tables(void **state)
{
    (void)state;
    ctome_registry *r = NULL;
    char *d = fake_datadir("wormwideweb_connectome_neurons.csv", "cell,kind\r\nAVAL,AVA\r\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_EFORMAT);
    assert_null(r);
    assert_non_null(strstr(ctome_error_message(), "wormwideweb_connectome_neurons.csv:1:"));
    remove_dir(d);

    d = fake_datadir("wormwideweb_connectome_neurons.csv",
                     "name,class,type,type_code,category,dv,lr\r\nAVAL,AVA,interneuron,i,shared,,l\r\n"
                     "XYZ,XYZ,robot,u,shared,,\r\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), ":3: unknown cell type 'robot'"));
    remove_dir(d);

    d = fake_datadir("wormwideweb_connectome_neurons.csv",
                     "name,class,type,type_code,category,dv,lr\r\nAVAL,AVA,interneuron,i,shared,,l\r\n"
                     "AVAL,AVA,interneuron,i,shared,,l\r\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "duplicate neuron 'AVAL'"));
    remove_dir(d);

    /* Wang names neurons this table lacks: the error names the sheet and cell. */
    d = fake_datadir("wormwideweb_connectome_neurons.csv",
                     "name,class,type,type_code,category,dv,lr\r\nAVAL,AVA,interneuron,i,shared,,l\r\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "Supp File 2!C5: neuron 'ADAL'"));
    remove_dir(d);

    d = fake_datadir("positions/skuhersky2022_LowResAtlasWithHighResHeadsAndTails.csv",
                     "ADAL,94.34,0.03,10.31\nADAR,91.22,x,-11.64\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), ":2: bad coordinate 'x' for 'ADAR'"));
    remove_dir(d);

    d = fake_datadir("positions/skuhersky2022_LowResAtlasWithHighResHeadsAndTails.csv",
                     "ADAL,94.34,0.03,10.31\nNOPE,1,2,3\n");
    assert_int_equal(ctome_registry_load(d, &r), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), ":2: neuron 'NOPE' is not in the registry"));
    remove_dir(d);

    d = fake_datadir("wang2024_neurotransmitter/elife-95402-supp2-v1.xlsx", "not a workbook\n");
    assert_int_not_equal(ctome_registry_load(d, &r), CTOME_OK);
    assert_non_null(strstr(ctome_error_message(), "elife-95402-supp2-v1.xlsx"));
    assert_null(r);
    remove_dir(d);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_named),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_cell_kind),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_reference),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_bad_tables),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
