/* bench_ingest — time reading every bundled dataset (primary source) into
 * finalised connectomes, per dataset and in total, on one core.
 *   taskset -c 0 ./build/tests/bench/bench_ingest [repeats]
 * Prints a TSV: dataset, best-of-N milliseconds. Results: docs/performance.md. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctome.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv)
{
    ctome_init();
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    const char *dir = getenv("CTOME_DATA") ? getenv("CTOME_DATA") : CTOME_BENCH_DATA;
    double t0 = now();
    ctome_registry *reg;
    if (ctome_registry_load(dir, &reg)) {
        fprintf(stderr, "bench_ingest: %s\n", ctome_error_message());
        return 1;
    }
    double t_reg = now() - t0, total = 0;
    printf("dataset\tbest_ms\n");
    for (size_t i = 0; i < ctome_datasets_count(); i++) {
        const ctome_dataset *d = ctome_dataset_at(i);
        double best = 1e9;
        for (int r = 0; r < repeats; r++) {
            ctome_connectome *c;
            double t = now();
            if (ctome_dataset_load(d->id, dir, reg, &c)) {
                fprintf(stderr, "bench_ingest: %s\n", ctome_error_message());
                return 1;
            }
            t = now() - t;
            ctome_connectome_free(c);
            if (t < best)
                best = t;
        }
        total += best;
        printf("%s\t%.2f\n", d->id, 1e3 * best);
    }
    /* Every source of every dataset: what tests/ref/reference.py reads. */
    double all = 0;
    for (size_t i = 0; i < ctome_datasets_count(); i++) {
        const ctome_dataset *d = ctome_dataset_at(i);
        for (size_t k = 0; k < ctome_dataset_n_sources(d); k++) {
            double best = 1e9;
            for (int r = 0; r < repeats; r++) {
                ctome_connectome *c;
                double t = now();
                if (ctome_dataset_load_source(d, k, dir, reg, &c)) {
                    fprintf(stderr, "bench_ingest: %s\n", ctome_error_message());
                    return 1;
                }
                t = now() - t;
                ctome_connectome_free(c);
                if (t < best)
                    best = t;
            }
            all += best;
        }
    }
    printf("registry\t%.2f\n", 1e3 * t_reg);
    printf("total_primary_sources\t%.2f\n", 1e3 * (total + t_reg));
    printf("total_every_source\t%.2f\n", 1e3 * (all + t_reg));
    ctome_registry_free(reg);
    return 0;
}
