/* testutil.c — see testutil.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "datasets.h"
#include "error.h"
#include "io.h"
#include "plot.h"
#include "testutil.h"

#ifndef CTOME_TEST_DATA
#error "CTOME_TEST_DATA must be defined"
#endif

const char *tu_tests_dir(void)
{
    const char *t = getenv("CTOME_TESTS");
    return t && *t ? t : CTOME_TEST_DATA "/../tests";
}

const char *tu_ref(char *line, size_t sz, const char *file, const char *keyfmt, ...)
{
    char path[1024], want[512];
    snprintf(path, sizeof path, "%s/ref/%s", tu_tests_dir(), file);
    va_list ap;
    va_start(ap, keyfmt);
    int n = vsnprintf(want, sizeof want - 1, keyfmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof want - 1)
        fail_msg("reference key too long in %s", path);
    strcat(want, " ");
    size_t wl = strlen(want);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    while (fgets(line, (int)sz, f)) {
        if (strncmp(line, want, wl) == 0) {
            fclose(f);
            line[strcspn(line, "\n")] = '\0';
            return line + wl;
        }
    }
    fclose(f);
    fail_msg("no '%s' in %s", want, path);
    return NULL;
}

char *tu_mkdtemp(const char *tag)
{
    const char *base = getenv("TMPDIR");
    size_t sz = 64 + strlen(tag) + (base ? strlen(base) : 4);
    char *t = malloc(sz);
    if (!t)
        return NULL;
    snprintf(t, sz, "%s/ctome_%s_XXXXXX", base && *base ? base : "/tmp", tag);
    if (!mkdtemp(t)) {
        free(t);
        return NULL;
    }
    return t;
}

static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    int bad = 0;
    if (S_ISDIR(st.st_mode)) {
        /* A test may have made a directory read-only; it must still go. */
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = ctome_path_join(path, e->d_name);
            bad |= !p || remove_tree(p) != 0;
            free(p);
        }
        closedir(d);
        return rmdir(path) == 0 && !bad ? 0 : -1;
    }
    return unlink(path) == 0 ? 0 : -1;
}

int tu_rmtree(char *dir)
{
    if (!dir)
        return 0;
    int rc = remove_tree(dir);
    free(dir);
    return rc;
}

char *tu_path(char *buf, size_t sz, const char *dir, const char *name)
{
    int n = snprintf(buf, sz, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sz)
        fail_msg("path too long: %s/%s", dir, name);
    return buf;
}

char *tu_join(const char *dir, const char *name)
{
    char *p = ctome_path_join(dir, name);
    if (!p)
        fail_msg("%s", ctome_error_message());
    return p;
}

char *tu_slurp(const char *path, size_t *n)
{
    char *b = NULL;
    size_t len = 0;
    if (ctome_file_read(path, &b, &len))
        fail_msg("%s", ctome_error_message());
    if (n)
        *n = len;
    return b;
}

void tu_write(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        fail_msg("cannot write %s", path);
    size_t k = fwrite(data, 1, n, fp);
    if (fclose(fp) != 0 || k != n)
        fail_msg("cannot write %s", path);
}

char *tu_write_in(const char *dir, const char *name, const char *text)
{
    char *p = tu_join(dir, name);
    tu_write(p, text, strlen(text));
    return p;
}

ctome_registry *tu_registry(void)
{
    ctome_registry *reg = NULL;
    if (ctome_registry_load(CTOME_TEST_DATA, &reg))
        fail_msg("registry: %s", ctome_error_message());
    return reg;
}

int tu_group_setup(const char *tag, ctome_registry **reg, char **tmp)
{
    ctome_init();
    *reg = tu_registry();
    *tmp = tu_mkdtemp(tag);
    return *tmp ? 0 : -1;
}

int tu_group_teardown(ctome_registry *reg, char *tmp)
{
    ctome_registry_free(reg);
    return tu_rmtree(tmp);
}

int tu_dataset_setup(const char *id, ctome_registry **reg, ctome_connectome **c)
{
    ctome_init();
    *c = NULL;
    if (!(*reg = tu_registry()))
        return -1;
    if (ctome_dataset_load(id, CTOME_TEST_DATA, *reg, c)) {
        fprintf(stderr, "%s: %s\n", id, ctome_error_message());
        return -1;
    }
    return 0;
}

void tu_dataset_teardown(ctome_registry *reg, ctome_connectome *c)
{
    ctome_connectome_free(c);
    ctome_registry_free(reg);
}

int tu_node(ctome_connectome *c, const char *name)
{
    int i;
    if (ctome_connectome_node(c, name, "test", 1, &i))
        fail_msg("node '%s': %s", name, ctome_error_message());
    return i;
}

void tu_add(ctome_connectome *c, const char *layer, const char *a, const char *b, double w)
{
    int s = tu_node(c, a), d = tu_node(c, b);
    if (ctome_connectome_add(c, layer, s, d, w, "test", 1))
        fail_msg("%s %s -> %s: %s", layer, a, b, ctome_error_message());
}

double tu_weight(const ctome_connectome *c, const char *layer, const char *a, const char *b)
{
    const ctome_layer *l = ctome_connectome_get_layer(c, layer);
    if (!l)
        return -1;
    int s = ctome_connectome_find(c, a), d = ctome_connectome_find(c, b);
    if (s < 0 || d < 0)
        fail_msg("no node '%s'", s < 0 ? a : b);
    for (size_t i = 0; i < l->n; i++)
        if ((l->e[i].src == s && l->e[i].dst == d) ||
            (!l->directed && l->e[i].src == d && l->e[i].dst == s))
            return l->e[i].w;
    return 0;
}

double tu_total(const ctome_layer *l)
{
    double t = 0;
    for (size_t i = 0; i < l->n; i++)
        t += l->e[i].w;
    return t;
}

const char *tu_tmp_path(const char *dir, const char *name)
{
    static char buf[4][600];
    static int k;
    k = (k + 1) % 4;
    return tu_path(buf[k], sizeof buf[k], dir, name);
}

int tu_plot_setup(const char *tag, int describe, char **tmp)
{
    ctome_init();
    ctome_plot_describe_files(describe);
    *tmp = tu_mkdtemp(tag);
    return *tmp ? 0 : -1;
}

int tu_plot_teardown(char *tmp)
{
    ctome_plot_cleanup();
    return tu_rmtree(tmp);
}

json_t *tu_desc_of(const char *fig)
{
    char p[700];
    snprintf(p, sizeof p, "%s.json", fig);
    json_error_t e;
    json_t *j = json_load_file(p, 0, &e);
    if (!j)
        fail_msg("%s: %s (line %d)", p, e.text, e.line);
    return j;
}

json_t *tu_desc_panel(json_t *d, size_t k)
{
    json_t *p = json_array_get(json_object_get(d, "panels"), k);
    if (!p)
        fail_msg("no panel %zu", k);
    return p;
}

const char *tu_desc_axis_label(json_t *pn, const char *axis)
{
    return json_string_value(json_object_get(json_object_get(pn, axis), "label"));
}

json_t *tu_desc_art(json_t *pn, const char *kind)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(pn, "arts"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "kind")), kind) == 0)
            return a;
    }
    return NULL;
}

size_t tu_desc_count(json_t *pn, const char *kind)
{
    size_t i, n = 0;
    json_t *a;
    json_array_foreach(json_object_get(pn, "arts"), i, a)
    {
        n += strcmp(json_string_value(json_object_get(a, "kind")), kind) == 0;
    }
    return n;
}

json_t *tu_desc_text(json_t *pn, const char *sub)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(pn, "arts"), i, a)
    {
        const char *t = json_string_value(json_object_get(a, "text"));
        if (t && strstr(t, sub))
            return a;
    }
    return NULL;
}

double tu_desc_num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("'%s' is not a number", key);
    return json_number_value(v);
}

/* igraph: Graph.Famous('Zachary').get_edgelist() */
const int32_t TU_KARATE[78][2] = {
    {0, 1},   {0, 2},   {0, 3},   {0, 4},   {0, 5},   {0, 6},   {0, 7},   {0, 8},   {0, 10},
    {0, 11},  {0, 12},  {0, 13},  {0, 17},  {0, 19},  {0, 21},  {0, 31},  {1, 2},   {1, 3},
    {1, 7},   {1, 13},  {1, 17},  {1, 19},  {1, 21},  {1, 30},  {2, 3},   {2, 7},   {2, 27},
    {2, 28},  {2, 32},  {2, 9},   {2, 8},   {2, 13},  {3, 7},   {3, 12},  {3, 13},  {4, 6},
    {4, 10},  {5, 6},   {5, 10},  {5, 16},  {6, 16},  {8, 30},  {8, 32},  {8, 33},  {9, 33},
    {13, 33}, {14, 32}, {14, 33}, {15, 32}, {15, 33}, {18, 32}, {18, 33}, {19, 33}, {20, 32},
    {20, 33}, {22, 32}, {22, 33}, {23, 25}, {23, 27}, {23, 32}, {23, 33}, {23, 29}, {24, 25},
    {24, 27}, {24, 31}, {25, 31}, {26, 29}, {26, 33}, {27, 33}, {28, 31}, {28, 33}, {29, 32},
    {29, 33}, {30, 32}, {30, 33}, {31, 32}, {31, 33}, {32, 33}};

ctome_graph *tu_karate(void)
{
    int32_t s[78], d[78];
    for (int i = 0; i < 78; i++) {
        s[i] = TU_KARATE[i][0];
        d[i] = TU_KARATE[i][1];
    }
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(34, s, d, NULL, 78, 0, &g), CTOME_OK);
    return g;
}
