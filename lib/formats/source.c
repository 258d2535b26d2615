/* source.c — connectome arguments resolved (source.h). */
#include "source.h"
#include "datasets.h"
#include "error.h"
#include "io.h"
#include "readers.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int push(ctome_connectomes *in, ctome_connectome *c)
{
    ctome_connectome **v = realloc(in->c, (in->n + 1) * sizeof *v);
    if (!v) {
        ctome_connectome_free(c);
        return ctome_error_nomem();
    }
    in->c = v;
    in->c[in->n++] = c;
    return CTOME_OK;
}

/* Every connectome of the store at `path`, or only `want`. */
static int load_store(const char *path, const char *want, ctome_connectomes *in, const ctome_registry *reg)
{
    ctome_store *s;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    char **ids = NULL;
    size_t n = 0, first = in->n;
    rc = ctome_store_list(s, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        if (want && strcmp(want, ids[i]) != 0)
            continue;
        ctome_connectome *c;
        rc = ctome_store_get_connectome(s, ids[i], reg, &c);
        if (!rc)
            rc = push(in, c);
    }
    if (!rc && want && in->n == first)
        rc = ctome_error(CTOME_ENOTFOUND, path, 0, "no connectome '%s' in the store", want);
    if (!rc && in->n == first)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "the store holds no connectome");
    ctome_store_close(s);   /* owns ids */
    return rc;
}

static int load_file(const char *path, ctome_connectomes *in, const ctome_registry *reg)
{
    ctome_format f;
    int rc = ctome_format_detect(path, &f);
    if (rc)
        return rc;
    if (f == CTOME_FMT_STORE)
        return load_store(path, NULL, in, reg);
    const char *base = strrchr(path, '/');
    ctome_connectome *c;
    if ((rc = ctome_connectome_new(base ? base + 1 : path, reg, &c)))
        return rc;
    rc = ctome_read_format(f, path, NULL, c);
    if (!rc) {
        free(c->source_file);
        c->source_file = ctome_strdup(path);
        rc = c->source_file ? ctome_sha256_file(path, c->source_sha256) : ctome_error_nomem();
    }
    if (!rc)
        rc = ctome_connectome_finalise(c);
    if (rc) {
        ctome_connectome_free(c);
        return rc;
    }
    return push(in, c);
}

int ctome_connectomes_load(const char *datadir, const char *source, const ctome_registry *reg,
                           ctome_connectomes *out)
{
    if (!source || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no connectome source");
    size_t first = out->n;
    int rc;
    const char *colon = strstr(source, ".h5:");
    struct stat st;
    if (ctome_dataset_find(source)) {
        ctome_connectome *c;
        rc = ctome_dataset_load(source, datadir, reg, &c);
        if (!rc)
            rc = push(out, c);
    } else if (colon) {
        size_t n = (size_t)(colon - source) + 3;
        char *path = malloc(n + 1);
        if (!path)
            return ctome_error_nomem();
        memcpy(path, source, n);
        path[n] = '\0';
        const char *want = colon + 4;
        if (strncmp(want, "/connectomes/", 13) == 0)
            want += 13;
        rc = load_store(path, want, out, reg);
        free(path);
    } else if (stat(source, &st) != 0 && !strchr(source, '/') && !strchr(source, '.')) {
        rc = ctome_error(CTOME_ENOTFOUND, NULL, 0,
                         "'%s' is neither a bundled dataset id (see 'ctome datasets') nor a file", source);
    } else {
        rc = load_file(source, out, reg);
    }
    if (rc)   /* nothing appended on error */
        while (out->n > first)
            ctome_connectome_free(out->c[--out->n]);
    return rc;
}

void ctome_connectomes_free(ctome_connectomes *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        ctome_connectome_free(list->c[i]);
    free(list->c);
    list->c = NULL;
    list->n = 0;
}
