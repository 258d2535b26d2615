/* ei_neurons.c — neuron lists of the E/I model by name or class, for the
 * atlas's stimulation lists (ctome_ei_parse_neurons, declared in
 * ei_atlas.h). */
#include "ei_atlas.h"
#include "ei_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

int ctome_ei_parse_neurons(const ctome_ei *m, const char *list, size_t **out, size_t *k)
{
    *out = NULL;
    *k = 0;
    if (!list || !*list)
        return ctome_error(CTOME_EVALUE, NULL, 0, "empty neuron list");
    size_t *idx = malloc(m->n * sizeof *idx);
    unsigned char *seen = calloc(m->n, 1);
    char *copy = malloc(strlen(list) + 1);
    if (!idx || !seen || !copy) {
        free(idx);
        free(seen);
        free(copy);
        return ctome_error_nomem();
    }
    strcpy(copy, list);
    int rc = CTOME_OK;
    size_t cnt = 0;
    for (char *p = copy; !rc;) {
        char *e = strchr(p, ',');
        if (e)
            *e = 0;
        if (!*p) {
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "empty name in neuron list '%s'", list);
            break;
        }
        int i = ctome_ei_find(m, p);
        size_t hits = 0;
        if (i >= 0) {
            hits = 1;
            if (!seen[i]) {
                seen[i] = 1;
                idx[cnt++] = (size_t)i;
            }
        } else if (m->registry) {
            for (size_t a = 0; a < m->n; a++)
                if (m->reg[a] >= 0 &&
                    ctome_neuron_in_class(ctome_registry_neuron(m->registry, (size_t)m->reg[a]), p)) {
                    hits++;
                    if (!seen[a]) {
                        seen[a] = 1;
                        idx[cnt++] = a;
                    }
                }
        }
        if (!hits)
            rc = ctome_error(CTOME_ENOTFOUND, NULL, 0,
                             "'%s' is not a neuron or class of the model (%zu neurons)", p, m->n);
        if (!e)
            break;
        p = e + 1;
    }
    free(seen);
    free(copy);
    if (rc) {
        free(idx);
        return rc;
    }
    *out = idx;
    *k = cnt;
    return CTOME_OK;
}
