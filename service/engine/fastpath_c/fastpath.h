/* What the C evaluator's files share: the program's tables, text buffers, and their entry points.

   service/engine/fastpath.py builds the tables from the Python engine's compiled rules; the
   Python engine (evaluate.py, verdicts.py) is the reference, which the tests compare with byte
   for byte. tables.c loads a program, evaluate.c runs it, text.c writes what it says.
*/
#ifndef ADVISOR_FASTPATH_H
#define ADVISOR_FASTPATH_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define MAX_FIELDS 64
#define SCORE_STEPS 10

/* Kept in step with fastpath.py. */
enum { KIND_ENUM = 0, KIND_SET = 1, KIND_NUMBER = 2 };
enum {
    OP_TABLE = 0, OP_ANY, OP_ALL, OP_NONEMPTY, OP_EMPTY, OP_PRESENT, OP_ABSENT,
    OP_EQ, OP_NE, OP_GT, OP_GTE, OP_LT, OP_LTE, OP_BETWEEN
};
enum { NODE_LEAF = 0, NODE_NOT, NODE_ALL, NODE_ANY };
enum { WITNESS_NONE = 0, WITNESS_SET, WITNESS_CLAMP };

typedef struct {
    const char *p;
    Py_ssize_t n;
} Text;

typedef struct {
    char *p;
    Py_ssize_t n, cap;
    int failed;
} Buf;

typedef struct {
    PyObject *head, *tail; /* keys into the profile; tail may be NULL */
    int kind;
    PyObject *index;       /* choice -> its place + 1 (0 stands for None) */
    Text *texts;           /* [0] "null", then each choice as JSON */
    Py_ssize_t ntexts;
} Field;

typedef struct {
    int field, op;
    const unsigned char *table; /* OP_TABLE: outcome per choice place (0 = None) */
    Py_ssize_t ntable;
    uint64_t mask;
    double a, b;
} Leaf;

typedef struct {
    Text item_pre, item_post, fail_pre, fail_mid, fail_post, lo_text, hi_text;
    int witness;
    uint64_t add, remove;
    double lo, hi;
} Explainer;

typedef struct {
    int kind, leaf, first, count;
} Node;

typedef struct {
    double scaled_severity, horizon_factor;
    Text severity_text, horizon_text;
    int known;
} Factors;

typedef struct {
    int root, area, order, nboosts, ntensions;
    int *boost_root, *tension_with;
    double *boost_by;
    Text *boost_text, *tension_note;
    Text text, tail, id_text;
    Factors *factors; /* per place of the horizon field */
    PyObject *id;
} Rule;

typedef struct {
    Text text, head, empty;
    PyObject *name, *capacity_key;
} Area;

typedef struct {
    PyObject_HEAD
    PyObject *keep; /* every object the tables point into */
    Field *fields;
    Leaf *leaves;
    Explainer *explainers; /* two per leaf: wanted false, wanted true */
    Node *nodes;
    int *children;
    Rule *rules;
    Area *areas;
    double *type_weights; /* per place of the type field, per area; NaN row: unknown */
    Text score_text[100 * SCORE_STEPS + 1], score_head[100 * SCORE_STEPS + 1];
    Text rank_first, rank_other;
    double floor;
    int nfields, nleaves, nnodes, nrules, nareas, ntypes, nhorizons;
    int type_field, horizon_field;
    PyObject *key_weights, *key_capacities;
    /* Working space, reused by every evaluation (see evaluate). */
    Buf out, matched, priority, scratch;
    struct Fired *fired;
    struct AreaTerms *terms;
    int *failures, *pairs, ntensions, busy;
    double *weights, top;
} Program;

typedef struct Fired {
    int rule, units; /* the score, in steps of its last decimal */
    Py_ssize_t matched_at, matched_n, priority_at, priority_n;
} Fired;

typedef struct AreaTerms {
    int ready;
    double weight, capacity_factor;
    Py_ssize_t weight_at, weight_n, terms_at, terms_n; /* texts in the run's scratch */
} AreaTerms;

/* ---------- text buffers (text.c) ---------- */

/* Room for `more` bytes; on failure the buffer is marked failed and writes are dropped. */
int buf_reserve(Buf *b, Py_ssize_t more);

static inline void
put(Buf *b, const char *s, Py_ssize_t n)
{
    if (b->n + n > b->cap && buf_reserve(b, n) < 0) {
        return;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static inline void
put_text(Buf *b, Text t)
{
    put(b, t.p, t.n);
}

#define PUT_LITERAL(b, s) put((b), (s), (Py_ssize_t)(sizeof(s) - 1))

void put_int(Buf *b, long long value);
/* round(x, digits) exactly as Python rounds it, for digits 0 to 4. */
double round_digits(double x, int digits);
/* repr(x) exactly as Python writes it. */
void put_float(Buf *b, double x);

/* ---------- programs (tables.c) and their evaluation (evaluate.c) ---------- */

/* Fills a new program from fastpath.py's tables; -1 with an exception set when they are malformed. */
int program_load(Program *P, PyObject *tables);
/* Frees what program_load allocated (not the object itself). */
void program_free(Program *P);
/* The evaluation of one profile: (text, ids, areas, top_area), or the fired ids in rule order with
   `fired_only`; None when the profile holds something the tables do not expect. */
PyObject *evaluate(Program *P, PyObject *profile, int explain, int fired_only);

#endif
