/* recording.c — the ctome_recording container (recording.h): allocation,
 * labels placed in the registry, provenance steps and the invariants every
 * reader checks before handing a recording out.
 */
#include "recording.h"
#include "error.h"
#include "io.h"
#include "names.h"

#include <jansson.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest canonical name kept; registry names are < 16 bytes, but a
 * foreign label ("AVAL?", "unk_17") may be longer and is still kept. */
#define REC_NAME_MAX 128

int ctome_recording_set_string(char **field, const char *value)
{
    if (!field)
        return ctome_error(CTOME_EINVAL, NULL, 0, "recording: no string field given");
    char *c = ctome_strdup(value ? value : "");
    if (!c)
        return CTOME_ENOMEM;
    free(*field);
    *field = c;
    return CTOME_OK;
}

int ctome_recording_new(const char *id, size_t n_neurons, size_t n_time, ctome_recording **out)
{
    *out = NULL;
    if (n_time && n_neurons > SIZE_MAX / sizeof(double) / n_time)
        return ctome_error(CTOME_EINVAL, NULL, 0, "recording '%s': %zu x %zu samples is too large",
                           id ? id : "", n_neurons, n_time);
    ctome_recording *r = calloc(1, sizeof *r);
    if (!r)
        return ctome_error_nomem();
    size_t nn = n_neurons ? n_neurons : 1, nt = n_time ? n_time : 1;
    r->n_neurons = n_neurons;
    r->n_time = n_time;
    r->traces = malloc(nn * nt * sizeof *r->traces);
    r->time = calloc(nt, sizeof *r->time);
    r->labels = calloc(nn, sizeof *r->labels);
    r->reg = malloc(nn * sizeof *r->reg);
    r->id = ctome_strdup(id ? id : "");
    r->dataset = ctome_strdup("");
    r->worm = ctome_strdup("");
    r->indicator = ctome_strdup("");
    r->source_file = ctome_strdup("");
    r->provenance = ctome_strdup("[]");
    int bad = !r->traces || !r->time || !r->labels || !r->reg || !r->id || !r->dataset || !r->worm ||
              !r->indicator || !r->source_file || !r->provenance;
    for (size_t i = 0; !bad && i < n_neurons; i++) {
        r->reg[i] = -1;
        bad = !(r->labels[i] = ctome_strdup(""));
    }
    if (bad) {
        ctome_recording_free(r);
        return ctome_error_nomem();
    }
    for (size_t k = 0; k < n_neurons * n_time; k++)
        r->traces[k] = NAN;
    *out = r;
    return CTOME_OK;
}

void ctome_recording_free(ctome_recording *r)
{
    if (!r)
        return;
    if (r->labels)
        for (size_t i = 0; i < r->n_neurons; i++)
            free(r->labels[i]);
    free(r->labels);
    free(r->reg);
    free(r->traces);
    free(r->time);
    free(r->id);
    free(r->dataset);
    free(r->worm);
    free(r->indicator);
    free(r->source_file);
    free(r->provenance);
    free(r);
}

int ctome_recording_set_label(ctome_recording *r, size_t i, const char *raw, const ctome_registry *reg)
{
    if (!r || i >= r->n_neurons)
        return ctome_error(CTOME_EINVAL, NULL, 0, "recording: label index %zu out of range (%zu neurons)", i,
                           r ? r->n_neurons : 0);
    char name[REC_NAME_MAX] = "";
    /* An empty (or blank) raw name marks an unlabelled ROI, not an error. */
    const char *p = raw ? raw : "";
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p) {
        int rc = ctome_name_normalise(raw, name, sizeof name);
        if (rc)
            return ctome_error(rc, r->source_file && r->source_file[0] ? r->source_file : NULL, 0,
                               "recording '%s': neuron %zu: bad name '%s'", r->id, i, raw);
    }
    int rc = ctome_recording_set_string(&r->labels[i], name);
    if (rc)
        return rc;
    r->reg[i] = name[0] && reg ? ctome_registry_find(reg, name) : -1;
    return CTOME_OK;
}

int ctome_recording_add_step(ctome_recording *r, const char *json_object)
{
    json_error_t jerr;
    json_t *o = json_object ? json_loads(json_object, 0, &jerr) : NULL;
    int is_obj = o && json_is_object(o);
    json_decref(o);
    if (!is_obj)
        return ctome_error(CTOME_EINVAL, NULL, 0, "recording '%s': provenance step is not a JSON object: '%s'",
                           r->id, json_object ? json_object : "(null)");
    /* Keep the caller's text verbatim (its key order is the documentation
     * order of the step's parameters); only splice it into the array. */
    size_t old = strlen(r->provenance), add = strlen(json_object);
    if (old < 2 || r->provenance[old - 1] != ']')
        return ctome_error(CTOME_EINVAL, NULL, 0, "recording '%s': provenance is not a JSON array", r->id);
    int empty = old == 2;   /* "[]" */
    char *p = malloc(old + add + 2);
    if (!p)
        return ctome_error_nomem();
    memcpy(p, r->provenance, old - 1);
    size_t k = old - 1;
    if (!empty)
        p[k++] = ',';
    memcpy(p + k, json_object, add);
    k += add;
    p[k++] = ']';
    p[k] = '\0';
    free(r->provenance);
    r->provenance = p;
    return CTOME_OK;
}

/* Invariants (recording.h) plus two that keep later steps honest: samples
 * are finite or NaN (an infinity is a broken conversion, not a missing
 * value), and no canonical label appears twice (a duplicated neuron would
 * be averaged or correlated with itself downstream). */
int ctome_recording_validate(const ctome_recording *r, const char *file)
{
    if (!r)
        return ctome_error(CTOME_EINVAL, file, 0, "no recording");
    if (r->n_time < 1)
        return ctome_error(CTOME_EFORMAT, file, 0, "recording '%s': no time points", r->id);
    if (r->n_neurons < 1)
        return ctome_error(CTOME_EFORMAT, file, 0, "recording '%s': no neurons", r->id);
    for (size_t t = 0; t < r->n_time; t++) {
        if (!isfinite(r->time[t]))
            return ctome_error(CTOME_EVALUE, file, 0, "recording '%s': time stamp %zu is not finite (%g)", r->id,
                               t, r->time[t]);
        if (t > 0 && !(r->time[t] > r->time[t - 1]))
            return ctome_error(CTOME_EVALUE, file, 0,
                               "recording '%s': time stamps not strictly increasing at index %zu: %.9g after %.9g",
                               r->id, t, r->time[t], r->time[t - 1]);
    }
    for (size_t i = 0; i < r->n_neurons; i++) {
        const double *x = r->traces + i * r->n_time;
        size_t ok = 0;
        for (size_t t = 0; t < r->n_time; t++) {
            if (isinf(x[t]))
                return ctome_error(CTOME_EVALUE, file, 0, "recording '%s': neuron %zu ('%s'): infinite sample at index %zu",
                                   r->id, i, r->labels[i], t);
            ok += !isnan(x[t]);
        }
        if (!ok)
            return ctome_error(CTOME_EVALUE, file, 0, "recording '%s': neuron %zu ('%s') has no values (all NaN)",
                               r->id, i, r->labels[i][0] ? r->labels[i] : "unlabelled");
    }
    /* O(n^2) over at most a few hundred labels: cheaper than a hash set. */
    for (size_t i = 0; i < r->n_neurons; i++) {
        if (!r->labels[i][0])
            continue;
        for (size_t j = i + 1; j < r->n_neurons; j++)
            if (strcmp(r->labels[i], r->labels[j]) == 0)
                return ctome_error(CTOME_EVALUE, file, 0, "recording '%s': neuron '%s' appears twice (columns %zu and %zu)",
                                   r->id, r->labels[i], i, j);
    }
    return CTOME_OK;
}

int ctome_recording_find(const ctome_recording *r, const char *name)
{
    char canon[REC_NAME_MAX];
    if (!r || !name || ctome_name_normalise(name, canon, sizeof canon))
        return -1;
    for (size_t i = 0; i < r->n_neurons; i++)
        if (strcmp(r->labels[i], canon) == 0)
            return (int)i;
    return -1;
}

int ctome_recordings_push(ctome_recordings *list, ctome_recording *r)
{
    ctome_recording **p = realloc(list->r, (list->n + 1) * sizeof *p);
    if (!p) {
        ctome_recording_free(r);
        return ctome_error_nomem();
    }
    p[list->n++] = r;
    list->r = p;
    return CTOME_OK;
}

void ctome_recordings_free(ctome_recordings *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        ctome_recording_free(list->r[i]);
    free(list->r);
    list->r = NULL;
    list->n = 0;
}
