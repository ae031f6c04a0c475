/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval.h - the evaluator: a pull-based tree of iterators built from
 * optimised algebra (sparql/algebra.h), producing solutions as rows of term
 * ids over the store's indexes. Private to libkg.
 *
 * A row has one kg_id per slot, 0 = unbound. Terms that are not in the
 * store (computed by expressions, written in VALUES or templates) get ids
 * above KG_ID_STORE_MAX from the evaluation's overlay dictionary, so rows
 * stay arrays of ids everywhere.
 *
 * Every iterator is opened with a row of bindings and yields the solutions
 * of its pattern that are compatible with those bindings, merged with them
 * (the algebra's Join with one row); the node's unsafe slots are cleared
 * before opening and joined back afterwards (see optimize.c). A join opens
 * its right side with each row of its left side: an index nested loop.
 * Errors and interrupts set kg_eval.status and end the stream. */
#ifndef KG_SPARQL_EVAL_H
#define KG_SPARQL_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kg/query.h"
#include "sparql/algebra.h"
#include "sparql/idtab.h"
#include "sparql/num.h"
#include "sparql/value.h"
#include "store/quads.h"
#include "util/arena.h"

/* The graph triple patterns match in: one graph, the default graph, the
 * union of all graphs, or the merge of a list of graphs (FROM). */
typedef struct kg_active_graph {
    kg_graph_mode mode; /* when list is NULL: KG_GRAPHS_UNION, _DEFAULT, _ONE,
                           or _NAMED (below) */
    kg_id g;            /* KG_GRAPHS_ONE; KG_GRAPHS_NAMED: a graph left out, or 0 */
    const kg_id *list;  /* not NULL: the RDF merge of these graphs (maybe none) */
    size_t nlist;
    /* KG_GRAPHS_NAMED, only ever given to a BGP of triple patterns: GRAPH ?g
     * over every named graph evaluated as quad patterns. Each scan binds
     * this slot to the graph of its quad, and once it is bound the scans
     * are of that one graph, so one index range serves every graph instead
     * of one scan per graph. */
    unsigned slot;
} kg_active_graph;

/* Whether two active graphs are the same graphs (what a probe table read
 * under one may answer for the other). */
static inline bool kg_active_graph_same(const kg_active_graph *a, const kg_active_graph *b)
{
    return a->mode == b->mode && a->g == b->g && a->list == b->list && a->nlist == b->nlist;
}

/* The dataset of a query (13.2). */
typedef struct kg_dataset {
    kg_active_graph dflt;
    bool named_all;     /* GRAPH ranges over every named graph of the store */
    kg_id hidden;       /* with named_all: a graph GRAPH ?g leaves out (the
                           hidden graph of kg_query_options), or KG_ID_NONE */
    const kg_id *named; /* otherwise over these (graphs the store has) */
    size_t nnamed;
} kg_dataset;

typedef struct kg_overlay kg_overlay;
typedef struct kg_numcache kg_numcache;
typedef struct kg_iter kg_iter;

typedef struct kg_eval {
    kg_store *store;
    kg_view *view;
    kg_status status;   /* first failure; KG_OK while all is well */
    kg_error *err;      /* where a failure's message goes */
    unsigned nslots;
    kg_arena *arena;    /* lives as long as the evaluation */
    kg_arena *scratch;  /* expression temporaries, reset per evaluation */
    unsigned expr_depth;
    kg_overlay *overlay;
    kg_numcache *nums;  /* parsed numbers by term id (FILTER, ORDER BY) */
    kg_value_ctx vctx;
    uint64_t bnode_counter, rand_state;
    kg_dataset ds;
    kg_active_graph graph; /* the active graph of the patterns being opened */
    const kg_alg_plan *plan;
    kg_iter **exists;      /* per EXISTS pattern, built on first use */
    kg_iter **iters;       /* every iterator built, for freeing */
    size_t niters, cap_iters;
    unsigned poll;
    uint64_t scans;     /* index scans opened: counted work, for the tests */
    uint64_t estimates; /* index ranges counted by the planner, likewise */
    unsigned access; /* kg_access flags: what SERVICE may reach (0: nothing) */
    size_t charged;    /* bytes held outside the arenas (kg_eval_charge) */
    size_t max_memory; /* 0: no limit */
    struct timespec deadline; /* CLOCK_MONOTONIC; tv_sec 0: none */
    unsigned timeout_ms;
} kg_eval;

/* Sets up an evaluation of plan over the store's current view with the
 * dataset ds (copied). base_iri may be NULL. Free with kg_eval_free. */
kg_status kg_eval_init(kg_eval *ev, kg_store *store, const kg_alg_plan *plan, const kg_dataset *ds,
                       const char *base_iri, kg_error *err);
void kg_eval_free(kg_eval *ev);

/* Records a failure (the first one wins) and returns its status. */
kg_status kg_eval_fail(kg_eval *ev, kg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The limits of kg_query_options (max_memory 0: none; timeout_ms 0:
 * none), the time counted from now. */
void kg_eval_set_limits(kg_eval *ev, size_t max_memory, unsigned timeout_ms);
/* Counts bytes of intermediate results held outside the evaluation's
 * arenas (kg_idvec rows of ORDER BY, GROUP BY, caches, path results; 0 to
 * check the arenas' growth only). False, with KG_ERR_LIMIT, once the total
 * passes the memory limit. */
bool kg_eval_charge(kg_eval *ev, size_t bytes);
/* Gives back bytes charged earlier that are no longer held. */
void kg_eval_release(kg_eval *ev, size_t bytes);
/* Polls the store's interrupt flag now and then (kg_iter_next does, for
 * every row; loops that skip many candidates inside one next call must
 * too); false once interrupted or failed. */
bool kg_eval_poll(kg_eval *ev);

/* ------------------------------------------------------------ terms */

/* The id of a term: the store's, or an overlay id (made on first use).
 * KG_ID_NONE on ENOMEM (status set). */
kg_id kg_eval_intern(kg_eval *ev, const kg_term *term);
/* The term of an id; false for 0 or an unknown id. Strings are owned by the
 * store view or the overlay and live as long as the evaluation. */
bool kg_eval_term(kg_eval *ev, kg_id id, kg_term *out);
/* A new blank node (for CONSTRUCT templates and INSERT), never equal to
 * a store node. */
kg_id kg_eval_fresh_bnode(kg_eval *ev);

/* --------------------------------------------------------- iterators */

typedef struct kg_iter_ops {
    void (*open)(kg_iter *it, const kg_id *in);
    bool (*next)(kg_iter *it, kg_id *row);
    void (*close)(kg_iter *it);   /* releases scans; may be opened again */
    void (*destroy)(kg_iter *it); /* frees what open/next allocated */
} kg_iter_ops;

struct kg_iter {
    const kg_iter_ops *ops;
    kg_eval *ev;
    const kg_alg *node;
    kg_id *in;     /* the bindings given to open (nslots) */
    kg_id *masked; /* in with the unsafe slots cleared */
    bool masking;  /* some unsafe slot was bound in in */
    bool is_open;  /* opened and not closed since */
};

/* Builds the iterator tree of a node (in ev->arena). NULL on ENOMEM or an
 * unsupported node (status set). */
kg_iter *kg_iter_build(kg_eval *ev, const kg_alg *node);
/* Allocates an iterator of size bytes with the common fields set. */
kg_iter *kg_iter_alloc(kg_eval *ev, const kg_alg *node, const kg_iter_ops *ops, size_t size);

void kg_iter_open(kg_iter *it, const kg_id *in);
/* The next solution into row (nslots ids); false at the end or on failure
 * (check ev->status). */
bool kg_iter_next(kg_iter *it, kg_id *row);
/* Closes it unless it is closed already (NULL too). */
void kg_iter_close(kg_iter *it);

/* True when the two rows agree on every slot bound in both. */
bool kg_rows_compatible(const kg_id *a, const kg_id *b, unsigned n);

/* Iterators implemented in their own files. */
kg_iter *kg_iter_bgp(kg_eval *ev, const kg_alg *node);       /* eval_bgp.c */
kg_iter *kg_iter_group(kg_eval *ev, const kg_alg *node);     /* eval_group.c */
kg_iter *kg_iter_order(kg_eval *ev, const kg_alg *node);     /* eval_group.c */

/* -------------------------------------------------------- expressions */

/* Evaluates an expression over a row. False on an expression error (the
 * SPARQL error value). The term may live in ev->scratch until the next
 * top-level evaluation, or be borrowed from the store or overlay. */
bool kg_eval_expr(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out);
/* Evaluates an expression and interns its value; 0 on error. */
kg_id kg_eval_expr_id(kg_eval *ev, const kg_alg_expr *e, const kg_id *row);
/* True when every condition's effective boolean value is true. */
bool kg_eval_filter(kg_eval *ev, kg_alg_expr *const *exprs, size_t n, const kg_id *row);
/* The number term id stands for, parsed once per evaluation; NULL when it
 * is not a numeric literal (or on ENOMEM: then parse it yourself). Valid
 * until the next call. */
const kg_num *kg_eval_num(kg_eval *ev, kg_id id);
/* The cache behind kg_eval_num (eval_expr.c). NULL on ENOMEM; free
 * accepts NULL. */
kg_numcache *kg_numcache_new(void);
void kg_numcache_free(kg_numcache *cache);

/* ------------------------------------------------------------ scans */

/* A scan of triple patterns in an active graph: the store's index scans,
 * merged over the graphs of a FROM list. */
enum { KG_DSCAN_BATCH = 32 };
typedef struct kg_dscan {
    kg_eval *ev;
    kg_active_graph graph;
    kg_id s, p, o;
    kg_scan *scan;
    size_t gi; /* graph of list being scanned */
    /* Quads read ahead from the scan, [pos, n) not given yet: read in
     * batches, the store's scan and the evaluator's polling cost once a
     * batch, not once a quad. */
    unsigned pos, n;
    kg_quad batch[KG_DSCAN_BATCH];
} kg_dscan;

/* s, p, o: ids or 0 for "any". An id above KG_ID_STORE_MAX matches
 * nothing. */
void kg_dscan_open(kg_dscan *d, kg_eval *ev, const kg_active_graph *graph, kg_id s, kg_id p,
                   kg_id o);
bool kg_dscan_next(kg_dscan *d, kg_quad *out);
/* The next quads, up to max, into out: fewer only at the end (0 then). */
size_t kg_dscan_next_many(kg_dscan *d, kg_quad *out, size_t max);
void kg_dscan_close(kg_dscan *d);
uint64_t kg_dscan_estimate(kg_eval *ev, const kg_active_graph *graph, kg_id s, kg_id p, kg_id o);

/* A probe table (probe.c): the quads of a triple pattern with one
 * position (key: 0 s, 1 p, 2 o) left unbound, sorted on it, and a directory
 * of the key range in buckets of 2^shift ids: bucket b's quads are
 * [first[b], first[b + 1]). */
typedef struct kg_probe {
    kg_quad *quads; /* n, malloc'd and charged to the evaluation */
    size_t n;
    int key;
    kg_id lowest;   /* the smallest key */
    unsigned shift;
    size_t nbuckets;
    uint32_t *first; /* nbuckets + 1, malloc'd and charged likewise */
    size_t charged;  /* the bytes charged for the two */
    size_t next;     /* where the last range found ended */
} kg_probe;

/* Reads the pattern v (0: unbound; v[key] is ignored) in graph by one scan
 * into *t. False on failure (status set; *t empty). */
bool kg_probe_build(kg_probe *t, kg_eval *ev, const kg_active_graph *graph, const kg_id v[3],
                    int key);
/* [*from, *to): the quads whose key position is id. */
void kg_probe_find(kg_probe *t, kg_id id, const kg_quad **from, const kg_quad **to);
void kg_probe_free(kg_probe *t);

/* The probe table of a pattern looked up again and again (a BGP's triple
 * pattern, a path's link), built on demand: lookups are counted, and at
 * the 64th and each doubling after, the pattern is read into a table when
 * it is small enough against the lookups made and announced and a quarter
 * of the evaluation's memory left holds it. Zeroed, then
 * kg_probe_slot_init. */
typedef struct kg_probe_slot {
    uint64_t lookups, next_check;
    bool built;
    kg_probe table;
    kg_active_graph graph; /* the table's */
} kg_probe_slot;

void kg_probe_slot_init(kg_probe_slot *ps);
/* The slot's table when it is built for graph and key, else NULL; counts
 * nothing. */
kg_probe *kg_probe_slot_table(kg_probe_slot *ps, const kg_active_graph *graph, int key);
/* Counts a lookup of the pattern v in graph (v[key] the value looked up,
 * key -1 when no single position is: never a table), with announced more
 * to come, and returns the table that answers it, built now when due and
 * worth it. NULL: use the index (also on failure, with the status set). */
kg_probe *kg_probe_slot_lookup(kg_probe_slot *ps, kg_eval *ev, const kg_active_graph *graph,
                               const kg_id v[3], int key, uint64_t announced);
/* Whether the slot's next lookup may build its table, so that a caller
 * computes what it announces only then. */
bool kg_probe_slot_due(const kg_probe_slot *ps);
void kg_probe_slot_free(kg_probe_slot *ps);

/* ------------------------------------------------------------ paths */

typedef struct kg_path_prog kg_path_prog;
/* Resolves a path's IRIs to ids for this evaluation (in its arena). NULL
 * on ENOMEM. */
kg_path_prog *kg_path_compile(kg_eval *ev, const kg_alg_path *path);
/* The bytes charged to the evaluation for the probe tables the path's
 * links built, which live as long as the path. */
size_t kg_path_prog_tables(const kg_path_prog *prog);
/* Frees those tables (the rest is the arena's). */
void kg_path_prog_free(kg_path_prog *prog);
/* Appends to out the (subject, object) pairs of the path in the active
 * graph with the given ends (0 = unbound, but not both), with the spec's
 * multiplicities. free is the end written as a constant in the query (0 if
 * none): a zero-length path matches it even when the graph lacks it; the
 * caller may also pass a bound end it knows to be a node of the graph, which
 * is then not looked up. False on failure (status set). */
bool kg_path_eval(kg_eval *ev, kg_path_prog *prog, kg_id s, kg_id o, kg_id free,
                  kg_idvec *out);

/* A path with both ends unbound, walked one start node at a time so that
 * rows come before the whole closure is known (a LIMIT stops it early) and
 * only one start node's pairs are held. */
typedef struct kg_path_walk {
    kg_path_prog *prog;
    kg_idtab *nodes; /* the candidate start nodes */
    size_t next;     /* the next of them to expand */
    size_t held;     /* bytes of the last pairs, charged to the evaluation */
} kg_path_walk;

/* Lists the start nodes (one pass over the active graph). False on
 * failure (status set); close it either way. */
bool kg_path_walk_open(kg_path_walk *w, kg_eval *ev, kg_path_prog *prog);
/* Replaces out's contents with the pairs of the next start node that has
 * any; false when none is left or on failure (status set). */
bool kg_path_walk_next(kg_path_walk *w, kg_eval *ev, kg_idvec *out);
void kg_path_walk_close(kg_path_walk *w, kg_eval *ev);

#endif
