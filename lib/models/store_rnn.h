/* store_rnn.h — RNNs and their training state in the ctome HDF5 store
 * (docs/store.md):
 *
 *   /runs/rnn/<id>/          attrs: n_in, n, n_out (int64), activation ("relu"|"tanh"),
 *                            alpha, gain (float64), init ("normal"|"torch"), seed (uint64),
 *                            has_trainer (int64); with a trainer also step (int64),
 *                            optimizer ("adam"|"sgd"), lr, beta1, beta2, eps, momentum, clip,
 *                            sigma_in, sigma_rec (float64), T, B, chunk (int64),
 *                            loss ("ce"|"mse"), train_seed (uint64)
 *   /runs/rnn/<id>/W_in      float32 [n][n_in]
 *   /runs/rnn/<id>/W         float32 [n][n]    raw (trainable) recurrent weights
 *   /runs/rnn/<id>/W_eff     float32 [n][n]    the weights the dynamics use (read-only copy)
 *   /runs/rnn/<id>/b         float32 [n]
 *   /runs/rnn/<id>/W_out     float32 [n_out][n]
 *   /runs/rnn/<id>/b_out     float32 [n_out]
 *   /runs/rnn/<id>/sign      int8 [n]          only with Dale's law
 *   /runs/rnn/<id>/mask      uint8 [n][n]      only with a sparsity mask
 *   /runs/rnn/<id>/opt_m, opt_v  float32 [n_params]  only with a trainer
 *
 * A sweep can put many networks into one store (one id each).
 */
#ifndef CTOME_STORE_RNN_H
#define CTOME_STORE_RNN_H

#include "store.h"
#include "rnn.h"
#include "train.h"

/* Write `net` (and, if tr != NULL, tr's optimiser state, step and options)
 * under /runs/rnn/<id> of a store open for writing. */
int ctome_store_put_rnn(ctome_store *s, const char *id, const ctome_rnn *net, const ctome_trainer *tr);
/* Ids under /runs/rnn in name order, in a new array (caller frees each and the array). */
int ctome_store_list_rnns(ctome_store *s, char ***ids, size_t *n);
/* Read a network back (a new ctome_rnn).  Shapes of every dataset are
 * checked against the attributes: CTOME_EFORMAT naming the dataset. */
int ctome_store_get_rnn(ctome_store *s, const char *id, ctome_rnn **out);
/* Load parameters, optimiser state and step into an existing trainer; its
 * network shapes and options must match the stored ones (CTOME_EVALUE naming
 * the field). */
int ctome_store_get_trainer(ctome_store *s, const char *id, ctome_trainer *tr);

/* Convenience: open the store at `path`, read network `id` (NULL: "rnn"), close. */
int ctome_rnn_load(const char *path, const char *id, ctome_rnn **out);

#endif
