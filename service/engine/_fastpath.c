/* The engine's evaluation in C, run from flat tables that service/engine/fastpath.py builds.

   The Python engine (evaluate.py, verdicts.py) is the reference: this module decides, explains,
   scores, ranks and writes the same JSON text byte for byte, which the tests check on every
   example, every rule test profile and generated profiles. Anything it does not expect (a value
   outside the vocabulary, an int where a float should be, a missing number a rule compares)
   makes `run` answer None, and the caller takes the Python path, which reports it as before.
*/
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

/* ---------- text buffers ---------- */


static int
buf_reserve(Buf *b, Py_ssize_t more)
{
    if (b->n + more <= b->cap) {
        return 0;
    }
    Py_ssize_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more) {
        cap *= 2;
    }
    char *p = PyMem_Realloc(b->p, cap);
    if (p == NULL) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

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

static void
put_int(Buf *b, long long value)
{
    char digits[24];
    int at = sizeof digits;
    unsigned long long magnitude = value < 0 ? -(unsigned long long)value : (unsigned long long)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0) {
        digits[--at] = '-';
    }
    put(b, digits + at, (Py_ssize_t)sizeof digits - at);
}

/* ---------- floats, as Python rounds and writes them ---------- */

static const double POWERS[] = {1.0, 10.0, 100.0, 1000.0, 10000.0};

/* round(x, digits) exactly as Python: the product is decided at once unless it lies within a
   hair of a half, where the correctly rounded decimal conversion settles it. */
static double
round_digits(double x, int digits)
{
    double scale = POWERS[digits];
    double y = x * scale;
    if (fabs(y) < 2147483648.0) {
        double whole = floor(y);
        double rest = y - whole;
        if (fabs(rest - 0.5) > 1e-6) {
            return (rest < 0.5 ? whole : whole + 1.0) / scale;
        }
    }
    char *text = PyOS_double_to_string(x, 'f', digits, 0, NULL);
    if (text == NULL) {
        return NAN;
    }
    double rounded = PyOS_string_to_double(text, NULL, NULL);
    PyMem_Free(text);
    return rounded;
}

/* repr(x): a value with at most four decimals below 1e9 is written directly (its shortest form
   is that decimal); anything else goes through Python's own shortest-repr conversion. */
static void
put_float(Buf *b, double x)
{
    if (x >= 0.0 && x < 1e9 && !(x == 0.0 && signbit(x))) {
        double units = nearbyint(x * 10000.0);
        if (units / 10000.0 == x) {
            long long n = (long long)units;
            int fraction = (int)(n % 10000);
            char decimals[5] = {'.', (char)('0' + fraction / 1000),
                                (char)('0' + fraction / 100 % 10),
                                (char)('0' + fraction / 10 % 10), (char)('0' + fraction % 10)};
            int keep = 5;
            while (keep > 2 && decimals[keep - 1] == '0') {
                keep--;
            }
            put_int(b, n / 10000);
            put(b, decimals, keep);
            return;
        }
    }
    char *text = PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (text == NULL) {
        b->failed = 1;
        return;
    }
    put(b, text, (Py_ssize_t)strlen(text));
    PyMem_Free(text);
}

/* ---------- one evaluation ---------- */

typedef struct {
    Py_ssize_t place; /* enum: choice place + 1, 0 for None */
    uint64_t mask;    /* set: bit per choice place */
    double number;
    int present;      /* number: not None */
    Py_ssize_t text_at, text_n; /* its JSON text in the run's scratch, once written */
    int text_ready;
} Fact;

typedef struct {
    Program *program;
    Fact facts[MAX_FIELDS];
    Buf scratch;
    int bail;
} Run;

static int
read_facts(Run *run, PyObject *profile)
{
    Program *P = run->program;
    for (int i = 0; i < P->nfields; i++) {
        Field *field = &P->fields[i];
        Fact *fact = &run->facts[i];
        fact->text_ready = 0;
        PyObject *value = PyDict_GetItemWithError(profile, field->head);
        if (value == NULL && PyErr_Occurred()) {
            return -1;
        }
        if (field->tail != NULL && value != NULL) {
            if (!PyDict_Check(value)) {
                value = NULL;
            }
            else {
                value = PyDict_GetItemWithError(value, field->tail);
                if (value == NULL && PyErr_Occurred()) {
                    return -1;
                }
            }
        }
        if (value == Py_None) {
            value = NULL;
        }
        if (field->kind == KIND_ENUM) {
            fact->place = 0;
            if (value != NULL) {
                PyObject *place = PyDict_GetItemWithError(field->index, value);
                if (place == NULL) {
                    return PyErr_Occurred() ? -1 : 1;
                }
                fact->place = PyLong_AsSsize_t(place);
            }
        }
        else if (field->kind == KIND_SET) {
            fact->mask = 0;
            if (value != NULL) {
                if (!PyList_Check(value) && !PyTuple_Check(value)) {
                    return 1;
                }
                Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
                PyObject **items = PySequence_Fast_ITEMS(value);
                for (Py_ssize_t k = 0; k < n; k++) {
                    PyObject *place = PyDict_GetItemWithError(field->index, items[k]);
                    if (place == NULL) {
                        return PyErr_Occurred() ? -1 : 1;
                    }
                    fact->mask |= (uint64_t)1 << (PyLong_AsSsize_t(place) - 1);
                }
            }
        }
        else {
            fact->present = value != NULL;
            if (value != NULL) {
                if (!PyFloat_CheckExact(value)) {
                    return 1;
                }
                fact->number = PyFloat_AS_DOUBLE(value);
            }
        }
    }
    return 0;
}

static void
put_set(Buf *b, Field *field, uint64_t mask)
{
    put(b, "[", 1);
    int first = 1;
    for (Py_ssize_t place = 1; mask != 0; place++, mask >>= 1) {
        if (mask & 1) {
            if (!first) {
                put(b, ",", 1);
            }
            put_text(b, field->texts[place]);
            first = 0;
        }
    }
    put(b, "]", 1);
}

/* The fact's JSON text, as the explanations show it: written once per evaluation. */
static void
put_fact(Run *run, Buf *b, int index)
{
    Fact *fact = &run->facts[index];
    Field *field = &run->program->fields[index];
    if (field->kind == KIND_ENUM) {
        put_text(b, field->texts[fact->place]);
        return;
    }
    if (!fact->text_ready) {
        Py_ssize_t at = run->scratch.n;
        if (field->kind == KIND_SET) {
            put_set(&run->scratch, field, fact->mask);
        }
        else if (fact->present) {
            put_float(&run->scratch, fact->number);
        }
        else {
            PUT_LITERAL(&run->scratch, "null");
        }
        if (run->scratch.failed) {
            b->failed = 1;
            return;
        }
        fact->text_at = at;
        fact->text_n = run->scratch.n - at;
        fact->text_ready = 1;
    }
    put(b, run->scratch.p + fact->text_at, fact->text_n);
}

static int
test_leaf(Run *run, int index)
{
    Leaf *leaf = &run->program->leaves[index];
    Fact *fact = &run->facts[leaf->field];
    switch (leaf->op) {
    case OP_TABLE:
        return fact->place < leaf->ntable ? leaf->table[fact->place] : 0;
    case OP_ANY:
        return (fact->mask & leaf->mask) != 0;
    case OP_ALL:
        return (fact->mask & leaf->mask) == leaf->mask;
    case OP_NONEMPTY:
        return fact->mask != 0;
    case OP_EMPTY:
        return fact->mask == 0;
    case OP_PRESENT:
        return fact->present;
    case OP_ABSENT:
        return !fact->present;
    default:
        break;
    }
    if (!fact->present) { /* Python cannot compare None with a number either */
        run->bail = 1;
        return 0;
    }
    double x = fact->number;
    switch (leaf->op) {
    case OP_EQ:
        return x == leaf->a;
    case OP_NE:
        return x != leaf->a;
    case OP_GT:
        return x > leaf->a;
    case OP_GTE:
        return x >= leaf->a;
    case OP_LT:
        return x < leaf->a;
    case OP_LTE:
        return x <= leaf->a;
    case OP_BETWEEN:
        return leaf->a <= x && x <= leaf->b;
    default:
        run->bail = 1;
        return 0;
    }
}

static int
test_node(Run *run, int index)
{
    Node *node = &run->program->nodes[index];
    const int *children = run->program->children + node->first;
    switch (node->kind) {
    case NODE_LEAF:
        return test_leaf(run, node->leaf);
    case NODE_NOT:
        return !test_node(run, children[0]);
    case NODE_ALL:
        for (int i = 0; i < node->count; i++) {
            if (!test_node(run, children[i])) {
                return 0;
            }
        }
        return 1;
    default:
        for (int i = 0; i < node->count; i++) {
            if (test_node(run, children[i])) {
                return 1;
            }
        }
        return 0;
    }
}

/* The explainer of the first test that keeps the node from coming out as `want`, or -1. */
static int
first_failure(Run *run, int index, int want)
{
    Node *node = &run->program->nodes[index];
    const int *children = run->program->children + node->first;
    switch (node->kind) {
    case NODE_LEAF:
        return test_leaf(run, node->leaf) == want ? -1 : 2 * node->leaf + want;
    case NODE_NOT:
        return first_failure(run, children[0], !want);
    default:
        break;
    }
    if ((node->kind == NODE_ALL) == want) { /* needs every child */
        for (int i = 0; i < node->count; i++) {
            int failure = first_failure(run, children[i], want);
            if (failure >= 0) {
                return failure;
            }
        }
        return -1;
    }
    if (test_node(run, index) == want) {
        return -1;
    }
    return first_failure(run, children[0], want);
}

static void
put_matched(Run *run, Buf *b, int index, int want)
{
    Node *node = &run->program->nodes[index];
    const int *children = run->program->children + node->first;
    if (node->kind == NODE_LEAF) {
        Explainer *explainer = &run->program->explainers[2 * node->leaf + want];
        put_text(b, explainer->item_pre);
        put_fact(run, b, run->program->leaves[node->leaf].field);
        put_text(b, explainer->item_post);
        return;
    }
    if (node->kind == NODE_NOT) {
        put_matched(run, b, children[0], !want);
        return;
    }
    if ((node->kind == NODE_ALL) == want) {
        for (int i = 0; i < node->count; i++) {
            if (i) {
                put(b, ",", 1);
            }
            put_matched(run, b, children[i], want);
        }
        return;
    }
    for (int i = 0; i < node->count; i++) {
        if (i == node->count - 1 || test_node(run, children[i]) == want) {
            put_matched(run, b, children[i], want);
            return;
        }
    }
}

static void
put_near_miss(Run *run, Buf *b, int which)
{
    Program *P = run->program;
    Explainer *explainer = &P->explainers[which];
    int field_index = P->leaves[which / 2].field;
    Fact *fact = &run->facts[field_index];
    put_text(b, explainer->fail_pre);
    put_fact(run, b, field_index);
    put_text(b, explainer->fail_mid);
    if (explainer->witness == WITNESS_SET) {
        put_set(b, &P->fields[field_index], (fact->mask | explainer->add) & ~explainer->remove);
    }
    else if (explainer->witness == WITNESS_CLAMP) {
        if (!fact->present) {
            run->bail = 1;
            return;
        }
        if (fact->number < explainer->lo) {
            put_text(b, explainer->lo_text);
        }
        else if (fact->number > explainer->hi) {
            put_text(b, explainer->hi_text);
        }
        else {
            put_fact(run, b, field_index);
        }
    }
    put_text(b, explainer->fail_post);
}

typedef struct Fired {
    int rule, units; /* the score, in steps of its last decimal */
    Py_ssize_t matched_at, matched_n, priority_at, priority_n;
} Fired;

typedef struct AreaTerms {
    int ready;
    double weight, capacity_factor;
    Py_ssize_t weight_at, weight_n, terms_at, terms_n; /* texts in the run's scratch */
} AreaTerms;

static int
ranks_before(Program *P, const Fired *a, const Fired *b)
{
    if (a->units != b->units) {
        return a->units > b->units;
    }
    Rule *ra = &P->rules[a->rule], *rb = &P->rules[b->rule];
    if (ra->area != rb->area) {
        return ra->area < rb->area;
    }
    return ra->order < rb->order;
}

/* The profile's area weights, its type's defaults overridden by its own; 1 when it is usable. */
static int
read_weights(Program *P, Run *run, PyObject *profile, double *weights, double *top)
{
    Py_ssize_t type_place = run->facts[P->type_field].place;
    if (type_place <= 0 || type_place >= P->ntypes) {
        return 0;
    }
    const double *defaults = P->type_weights + type_place * P->nareas;
    PyObject *overrides = PyDict_GetItemWithError(profile, P->key_weights);
    if (overrides == NULL || !PyDict_Check(overrides)) {
        return 0;
    }
    Py_ssize_t found = 0;
    for (int a = 0; a < P->nareas; a++) {
        weights[a] = defaults[a];
        if (isnan(weights[a])) {
            return 0;
        }
        PyObject *value = PyDict_GetItemWithError(overrides, P->areas[a].name);
        if (value != NULL) {
            if (!PyFloat_CheckExact(value)) {
                return 0;
            }
            weights[a] = PyFloat_AS_DOUBLE(value);
            found++;
        }
    }
    if (found != PyDict_GET_SIZE(overrides)) {
        return 0;
    }
    *top = weights[0];
    for (int a = 1; a < P->nareas; a++) {
        if (weights[a] > *top) {
            *top = weights[a];
        }
    }
    return 1;
}

static int
area_terms(Program *P, Run *run, PyObject *capacities, const double *weights, double top,
           int area, AreaTerms *terms)
{
    PyObject *value = PyDict_GetItemWithError(capacities, P->areas[area].capacity_key);
    if (value == NULL || !PyFloat_CheckExact(value)) {
        return 0;
    }
    double capacity = PyFloat_AS_DOUBLE(value);
    terms->weight = top > 0 ? round_digits(weights[area] / top, 4) : 0.0;
    terms->capacity_factor = round_digits(P->floor + (1 - P->floor) * capacity, 4);
    Buf *s = &run->scratch;
    terms->weight_at = s->n;
    put_float(s, terms->weight);
    PUT_LITERAL(s, ",\"boost\":");
    terms->weight_n = s->n - terms->weight_at;
    terms->terms_at = s->n;
    PUT_LITERAL(s, ",\"capacity\":");
    put_float(s, round_digits(capacity, 4));
    PUT_LITERAL(s, ",\"capacity_factor\":");
    put_float(s, terms->capacity_factor);
    PUT_LITERAL(s, ",\"horizon_factor\":");
    terms->terms_n = s->n - terms->terms_at;
    terms->ready = 1;
    return 1;
}

/* The tensions between fired rules: each pair where one names the other, once, with the first
   note given, higher-ranked first. */
static void
put_tensions(Program *P, Buf *out, const Fired *fired, int nfired)
{
    int pairs = 0;
    int *pair_first = P->pairs, *pair_second = P->pairs + P->ntensions;
    for (int i = 0; i < nfired; i++) {
        Rule *rule = &P->rules[fired[i].rule];
        for (int t = 0; t < rule->ntensions; t++) {
            int other = -1;
            for (int j = 0; j < nfired; j++) {
                if (fired[j].rule == rule->tension_with[t]) {
                    other = j;
                    break;
                }
            }
            if (other < 0) {
                continue;
            }
            int first = i < other ? i : other, second = i < other ? other : i, seen = 0;
            for (int k = 0; k < pairs && !seen; k++) {
                seen = pair_first[k] == first && pair_second[k] == second;
            }
            if (seen) {
                continue;
            }
            pair_first[pairs] = first;
            pair_second[pairs] = second;
            if (pairs++) {
                put(out, ",", 1);
            }
            PUT_LITERAL(out, "{\"between\":[");
            put_text(out, P->rules[fired[first].rule].id_text);
            put(out, ",", 1);
            put_text(out, P->rules[fired[second].rule].id_text);
            PUT_LITERAL(out, "],\"note\":");
            put_text(out, rule->tension_note[t]);
            put(out, "}", 1);
        }
    }
}

static void
put_summary(Program *P, Buf *out, const Fired *fired, int nfired)
{
    PUT_LITERAL(out, "\"summary\":{\"areas\":[");
    for (int a = 0; a < P->nareas; a++) {
        if (a) {
            put(out, ",", 1);
        }
        int count = 0, best = -1;
        for (int i = 0; i < nfired; i++) {
            if (P->rules[fired[i].rule].area == a) {
                best = best < 0 ? i : best;
                count++;
            }
        }
        if (best < 0) {
            put_text(out, P->areas[a].empty);
            continue;
        }
        put_text(out, P->areas[a].head);
        put_text(out, P->score_text[fired[best].units]);
        PUT_LITERAL(out, ",\"count\":");
        put_int(out, count);
        PUT_LITERAL(out, ",\"top_recommendation\":");
        put_text(out, P->rules[fired[best].rule].id_text);
        put(out, "}", 1);
    }
    PUT_LITERAL(out, "],\"top_area\":");
    if (nfired) {
        put_text(out, P->areas[P->rules[fired[0].rule].area].text);
    }
    else {
        PUT_LITERAL(out, "null");
    }
    put(out, "}", 1);
}

/* Scores a fired rule and writes its priority; 0 when the profile is not one the tables expect. */
static int
score(Program *P, Run *run, PyObject *capacities, Py_ssize_t horizon, Fired *f, Buf *priority)
{
    Rule *rule = &P->rules[f->rule];
    Factors *factors = &rule->factors[horizon];
    AreaTerms *area = &P->terms[rule->area];
    if (!factors->known ||
        (!area->ready && !area_terms(P, run, capacities, P->weights, P->top, rule->area, area))) {
        return 0;
    }
    double boost = 0.0;
    int held = 0;
    Py_ssize_t boosts_at = run->scratch.n;
    for (int k = 0; k < rule->nboosts; k++) {
        if (test_node(run, rule->boost_root[k])) {
            if (held++) {
                put(&run->scratch, ",", 1);
            }
            put_text(&run->scratch, rule->boost_text[k]);
            boost += rule->boost_by[k];
        }
    }
    Py_ssize_t boosts_n = run->scratch.n - boosts_at;
    if (held) {
        boost = round_digits(boost, 4);
    }
    double fit = round_digits((1 + boost) * area->capacity_factor * factors->horizon_factor, 4);
    double value = factors->scaled_severity * area->weight * fit;
    value = value > 0.0 ? value : 0.0;
    value = round_digits(value < 100.0 ? value : 100.0, 1);
    double units = nearbyint(value * SCORE_STEPS);
    if (!(units >= 0 && units <= 100 * SCORE_STEPS && units / SCORE_STEPS == value)) {
        return 0;
    }
    f->units = (int)units;
    f->priority_at = priority->n;
    put_text(priority, P->score_head[f->units]);
    put_text(priority, factors->severity_text);
    put(priority, run->scratch.p + area->weight_at, area->weight_n);
    if (held) {
        put_float(priority, boost);
    }
    else {
        PUT_LITERAL(priority, "0.0");
    }
    put(priority, run->scratch.p + area->terms_at, area->terms_n);
    put_text(priority, factors->horizon_text);
    put_float(priority, fit);
    PUT_LITERAL(priority, ",\"boosts\":[");
    put(priority, run->scratch.p + boosts_at, boosts_n);
    PUT_LITERAL(priority, "]}}");
    f->priority_n = priority->n - f->priority_at;
    return 1;
}

static PyObject *
finish(Program *P, Buf *out, const Fired *fired, int nfired)
{
    PyObject *text = PyUnicode_New(out->n, 127);
    PyObject *ids = PyTuple_New(nfired);
    PyObject *areas = PyTuple_New(nfired);
    if (text == NULL || ids == NULL || areas == NULL) {
        Py_XDECREF(text);
        Py_XDECREF(ids);
        Py_XDECREF(areas);
        return NULL;
    }
    memcpy(PyUnicode_DATA(text), out->p, out->n);
    for (int i = 0; i < nfired; i++) {
        Rule *rule = &P->rules[fired[i].rule];
        PyObject *area = P->areas[rule->area].name;
        Py_INCREF(rule->id);
        PyTuple_SET_ITEM(ids, i, rule->id);
        Py_INCREF(area);
        PyTuple_SET_ITEM(areas, i, area);
    }
    PyObject *top_area = nfired ? P->areas[P->rules[fired[0].rule].area].name : Py_None;
    return Py_BuildValue("(NNNO)", text, ids, areas, top_area);
}

/* One evaluation; None when the profile holds something the tables do not expect. */
static PyObject *
evaluate(Program *P, PyObject *profile, int explain, int fired_only)
{
    if (!PyDict_Check(profile) || P->busy) {
        Py_RETURN_NONE;
    }
    /* The program's buffers and arrays are reused: the GIL is held throughout, and `busy` sends
       a re-entrant call (only possible from a key's own __eq__) to the Python path. */
    P->busy = 1;
    Run run;
    run.program = P;
    run.bail = 0;
    run.scratch = P->scratch;
    run.scratch.n = 0;
    Buf out = P->out, matched = P->matched, priority = P->priority;
    out.n = matched.n = priority.n = 0;
    Fired *fired = P->fired;
    int *failures = P->failures;
    PyObject *result = NULL;
    int nfired = 0, usable = 0;

    int facts = read_facts(&run, profile);
    if (facts != 0) {
        usable = facts > 0 ? 0 : -1;
        goto done;
    }
    for (int r = 0; r < P->nrules; r++) {
        failures[r] = first_failure(&run, P->rules[r].root, 1);
        if (failures[r] < 0) {
            Fired *f = &fired[nfired++];
            f->rule = r;
            if (!fired_only) {
                f->matched_at = matched.n;
                put_matched(&run, &matched, P->rules[r].root, 1);
                f->matched_n = matched.n - f->matched_at;
            }
        }
    }
    if (run.bail) {
        goto done;
    }
    if (fired_only) {
        result = PyList_New(nfired);
        for (int i = 0; result != NULL && i < nfired; i++) {
            PyObject *id = P->rules[fired[i].rule].id;
            Py_INCREF(id);
            PyList_SET_ITEM(result, i, id);
        }
        usable = result != NULL ? 1 : -1;
        goto done;
    }
    /* Everything the Python evaluation reads of the profile to score is read here, fired or not. */
    PyObject *capacities = PyDict_GetItemWithError(profile, P->key_capacities);
    Py_ssize_t horizon = run.facts[P->horizon_field].place;
    if (capacities == NULL || !PyDict_Check(capacities) || horizon <= 0 ||
        horizon >= P->nhorizons || !read_weights(P, &run, profile, P->weights, &P->top)) {
        usable = PyErr_Occurred() ? -1 : 0;
        goto done;
    }
    for (int a = 0; a < P->nareas; a++) {
        P->terms[a].ready = 0;
    }
    for (int i = 0; i < nfired; i++) {
        if (!score(P, &run, capacities, horizon, &fired[i], &priority)) {
            usable = PyErr_Occurred() ? -1 : 0;
            goto done;
        }
    }
    if (run.bail) {
        goto done;
    }
    /* Rank: score, then area order, then id (insertion sort: a few dozen at most). */
    for (int i = 1; i < nfired; i++) {
        Fired moving = fired[i];
        int j = i;
        for (; j > 0 && ranks_before(P, &moving, &fired[j - 1]); j--) {
            fired[j] = fired[j - 1];
        }
        fired[j] = moving;
    }
    put_summary(P, &out, fired, nfired);
    PUT_LITERAL(&out, ",\"recommendations\":[");
    for (int i = 0; i < nfired; i++) {
        Rule *rule = &P->rules[fired[i].rule];
        put_text(&out, i ? P->rank_other : P->rank_first);
        put_int(&out, i + 1);
        put_text(&out, rule->text);
        put(&out, priority.p + fired[i].priority_at, fired[i].priority_n);
        PUT_LITERAL(&out, ",\"matched\":[");
        put(&out, matched.p + fired[i].matched_at, fired[i].matched_n);
        put_text(&out, rule->tail);
    }
    PUT_LITERAL(&out, "],\"tensions\":[");
    put_tensions(P, &out, fired, nfired);
    put(&out, "]", 1);
    if (explain) {
        PUT_LITERAL(&out, ",\"not_applicable\":[");
        int written = 0;
        for (int r = 0; r < P->nrules; r++) {
            if (failures[r] >= 0) {
                if (written++) {
                    put(&out, ",", 1);
                }
                put_near_miss(&run, &out, failures[r]);
            }
        }
        put(&out, "]", 1);
    }
    if (run.bail) {
        goto done;
    }
    if (out.failed || matched.failed || priority.failed || run.scratch.failed) {
        PyErr_NoMemory();
        usable = -1;
        goto done;
    }
    result = finish(P, &out, fired, nfired);
    usable = result != NULL ? 1 : -1;

done:
    P->out = out;
    P->matched = matched;
    P->priority = priority;
    P->scratch = run.scratch;
    P->out.failed = P->matched.failed = P->priority.failed = P->scratch.failed = 0;
    P->busy = 0;
    if (usable < 0) {
        Py_XDECREF(result);
        return NULL;
    }
    if (usable == 0) {
        Py_XDECREF(result);
        Py_RETURN_NONE;
    }
    return result;
}

/* ---------- building a program from fastpath.py's tables ---------- */

static int
keep_text(Program *P, PyObject *value, Text *out)
{
    if (!PyUnicode_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "a table text must be a str");
        return -1;
    }
    PyObject *bytes = PyUnicode_AsASCIIString(value);
    if (bytes == NULL) {
        return -1;
    }
    int failed = PyList_Append(P->keep, bytes);
    Py_DECREF(bytes);
    if (failed) {
        return -1;
    }
    out->p = PyBytes_AS_STRING(bytes);
    out->n = PyBytes_GET_SIZE(bytes);
    return 0;
}

static int
keep_object(Program *P, PyObject *value, PyObject **out)
{
    if (PyList_Append(P->keep, value) < 0) {
        return -1;
    }
    *out = value;
    return 0;
}

static PyObject *
table(PyObject *spec, const char *key, Py_ssize_t *n)
{
    PyObject *value = PyDict_GetItemString(spec, key);
    if (value == NULL || !PyTuple_Check(value)) {
        PyErr_Format(PyExc_ValueError, "the program needs a tuple %s", key);
        return NULL;
    }
    *n = PyTuple_GET_SIZE(value);
    return value;
}

#define ITEM(row, i) PyTuple_GET_ITEM((row), (i))

static int
check_row(PyObject *row, Py_ssize_t n, const char *what)
{
    if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != n) {
        PyErr_Format(PyExc_ValueError, "each %s must be a tuple of %zd", what, n);
        return -1;
    }
    return 0;
}

static int
as_int(PyObject *value, int *out)
{
    long v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int
load_fields(Program *P, PyObject *spec)
{
    Py_ssize_t n;
    PyObject *rows = table(spec, "fields", &n);
    if (rows == NULL) {
        return -1;
    }
    if (n > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "too many fields");
        return -1;
    }
    P->nfields = (int)n;
    P->fields = PyMem_Calloc(n ? n : 1, sizeof(Field));
    if (P->fields == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyTuple_GET_ITEM(rows, i);
        Field *field = &P->fields[i];
        if (check_row(row, 5, "field") < 0 || keep_object(P, ITEM(row, 0), &field->head) < 0 ||
            as_int(ITEM(row, 2), &field->kind) < 0) {
            return -1;
        }
        if (ITEM(row, 1) != Py_None && keep_object(P, ITEM(row, 1), &field->tail) < 0) {
            return -1;
        }
        if (field->kind == KIND_NUMBER) {
            continue;
        }
        PyObject *index = ITEM(row, 3), *texts = ITEM(row, 4);
        if (!PyDict_Check(index) || !PyTuple_Check(texts)) {
            PyErr_SetString(PyExc_ValueError, "a choice field needs its index and texts");
            return -1;
        }
        if (field->kind == KIND_SET && PyTuple_GET_SIZE(texts) > 65) {
            PyErr_SetString(PyExc_ValueError, "a set field may have 64 choices at most");
            return -1;
        }
        field->ntexts = PyTuple_GET_SIZE(texts);
        field->texts = PyMem_Calloc(field->ntexts, sizeof(Text));
        if (field->texts == NULL || keep_object(P, index, &field->index) < 0) {
            return -1;
        }
        for (Py_ssize_t k = 0; k < field->ntexts; k++) {
            if (keep_text(P, PyTuple_GET_ITEM(texts, k), &field->texts[k]) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static int
load_leaves(Program *P, PyObject *spec)
{
    Py_ssize_t n, nexplainers;
    PyObject *rows = table(spec, "leaves", &n);
    PyObject *explainers = rows ? table(spec, "explainers", &nexplainers) : NULL;
    if (explainers == NULL) {
        return -1;
    }
    if (nexplainers != 2 * n) {
        PyErr_SetString(PyExc_ValueError, "each leaf needs two explainers");
        return -1;
    }
    P->nleaves = (int)n;
    P->leaves = PyMem_Calloc(n ? n : 1, sizeof(Leaf));
    P->explainers = PyMem_Calloc(n ? 2 * n : 1, sizeof(Explainer));
    if (P->leaves == NULL || P->explainers == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyTuple_GET_ITEM(rows, i);
        Leaf *leaf = &P->leaves[i];
        if (check_row(row, 6, "leaf") < 0 || as_int(ITEM(row, 0), &leaf->field) < 0 ||
            as_int(ITEM(row, 1), &leaf->op) < 0) {
            return -1;
        }
        if (leaf->field < 0 || leaf->field >= P->nfields) {
            PyErr_SetString(PyExc_ValueError, "a leaf names an unknown field");
            return -1;
        }
        if (ITEM(row, 2) != Py_None) {
            if (!PyBytes_Check(ITEM(row, 2)) || PyList_Append(P->keep, ITEM(row, 2)) < 0) {
                PyErr_SetString(PyExc_ValueError, "a leaf's table must be bytes");
                return -1;
            }
            leaf->table = (const unsigned char *)PyBytes_AS_STRING(ITEM(row, 2));
            leaf->ntable = PyBytes_GET_SIZE(ITEM(row, 2));
        }
        leaf->mask = PyLong_AsUnsignedLongLong(ITEM(row, 3));
        leaf->a = PyFloat_AsDouble(ITEM(row, 4));
        leaf->b = PyFloat_AsDouble(ITEM(row, 5));
        if (PyErr_Occurred()) {
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < 2 * n; i++) {
        PyObject *row = PyTuple_GET_ITEM(explainers, i);
        Explainer *e = &P->explainers[i];
        if (check_row(row, 12, "explainer") < 0 || keep_text(P, ITEM(row, 0), &e->item_pre) < 0 ||
            keep_text(P, ITEM(row, 1), &e->item_post) < 0 ||
            keep_text(P, ITEM(row, 2), &e->fail_pre) < 0 ||
            keep_text(P, ITEM(row, 3), &e->fail_mid) < 0 ||
            keep_text(P, ITEM(row, 4), &e->fail_post) < 0 ||
            as_int(ITEM(row, 5), &e->witness) < 0 ||
            keep_text(P, ITEM(row, 10), &e->lo_text) < 0 ||
            keep_text(P, ITEM(row, 11), &e->hi_text) < 0) {
            return -1;
        }
        e->add = PyLong_AsUnsignedLongLong(ITEM(row, 6));
        e->remove = PyLong_AsUnsignedLongLong(ITEM(row, 7));
        e->lo = PyFloat_AsDouble(ITEM(row, 8));
        e->hi = PyFloat_AsDouble(ITEM(row, 9));
        if (PyErr_Occurred()) {
            return -1;
        }
    }
    return 0;
}

static int
load_nodes(Program *P, PyObject *spec)
{
    Py_ssize_t n;
    PyObject *rows = table(spec, "nodes", &n);
    if (rows == NULL) {
        return -1;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyTuple_GET_ITEM(rows, i);
        if (check_row(row, 3, "node") < 0 || !PyTuple_Check(ITEM(row, 2))) {
            PyErr_SetString(PyExc_ValueError, "each node must be (kind, leaf, children)");
            return -1;
        }
        total += PyTuple_GET_SIZE(ITEM(row, 2));
    }
    P->nnodes = (int)n;
    P->nodes = PyMem_Calloc(n ? n : 1, sizeof(Node));
    P->children = PyMem_Calloc(total ? total : 1, sizeof(int));
    if (P->nodes == NULL || P->children == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int at = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyTuple_GET_ITEM(rows, i), *children = ITEM(row, 2);
        Node *node = &P->nodes[i];
        if (as_int(ITEM(row, 0), &node->kind) < 0 || as_int(ITEM(row, 1), &node->leaf) < 0) {
            return -1;
        }
        node->first = at;
        node->count = (int)PyTuple_GET_SIZE(children);
        for (int k = 0; k < node->count; k++) {
            int child;
            if (as_int(PyTuple_GET_ITEM(children, k), &child) < 0) {
                return -1;
            }
            /* Children come before their parents, so evaluation always terminates. */
            if (child < 0 || child >= i) {
                PyErr_SetString(PyExc_ValueError, "a node's children must come before it");
                return -1;
            }
            P->children[at++] = child;
        }
        int leafless = node->kind != NODE_LEAF;
        if ((node->kind == NODE_LEAF && (node->leaf < 0 || node->leaf >= P->nleaves)) ||
            (node->kind == NODE_NOT && node->count != 1) ||
            (leafless && node->kind != NODE_NOT && node->count < 1) || node->kind < 0 ||
            node->kind > NODE_ANY) {
            PyErr_SetString(PyExc_ValueError, "a node is malformed");
            return -1;
        }
    }
    return 0;
}

static int
node_index(Program *P, PyObject *value, int *out)
{
    if (as_int(value, out) < 0) {
        return -1;
    }
    if (*out < 0 || *out >= P->nnodes) {
        PyErr_SetString(PyExc_ValueError, "a rule names an unknown node");
        return -1;
    }
    return 0;
}

static int
load_rules(Program *P, PyObject *spec)
{
    Py_ssize_t n;
    PyObject *rows = table(spec, "rules", &n);
    if (rows == NULL) {
        return -1;
    }
    P->nrules = (int)n;
    P->rules = PyMem_Calloc(n ? n : 1, sizeof(Rule));
    if (P->rules == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyTuple_GET_ITEM(rows, i);
        Rule *rule = &P->rules[i];
        if (check_row(row, 10, "rule") < 0 || node_index(P, ITEM(row, 0), &rule->root) < 0 ||
            as_int(ITEM(row, 1), &rule->area) < 0 || as_int(ITEM(row, 2), &rule->order) < 0 ||
            keep_text(P, ITEM(row, 4), &rule->text) < 0 ||
            keep_text(P, ITEM(row, 5), &rule->tail) < 0 ||
            keep_text(P, ITEM(row, 6), &rule->id_text) < 0 ||
            keep_object(P, ITEM(row, 9), &rule->id) < 0) {
            return -1;
        }
        if (rule->area < 0 || rule->area >= P->nareas) {
            PyErr_SetString(PyExc_ValueError, "a rule names an unknown area");
            return -1;
        }
        PyObject *boosts = ITEM(row, 3), *factors = ITEM(row, 7), *tensions = ITEM(row, 8);
        if (!PyTuple_Check(boosts) || !PyTuple_Check(factors) || !PyTuple_Check(tensions) ||
            PyTuple_GET_SIZE(factors) != P->nhorizons) {
            PyErr_SetString(PyExc_ValueError, "a rule's boosts, factors or tensions are malformed");
            return -1;
        }
        rule->nboosts = (int)PyTuple_GET_SIZE(boosts);
        rule->boost_root = PyMem_Calloc(rule->nboosts + 1, sizeof(int));
        rule->boost_by = PyMem_Calloc(rule->nboosts + 1, sizeof(double));
        rule->boost_text = PyMem_Calloc(rule->nboosts + 1, sizeof(Text));
        rule->ntensions = (int)PyTuple_GET_SIZE(tensions);
        rule->tension_with = PyMem_Calloc(rule->ntensions + 1, sizeof(int));
        rule->tension_note = PyMem_Calloc(rule->ntensions + 1, sizeof(Text));
        rule->factors = PyMem_Calloc(P->nhorizons, sizeof(Factors));
        if (!rule->boost_root || !rule->boost_by || !rule->boost_text || !rule->tension_with ||
            !rule->tension_note || !rule->factors) {
            PyErr_NoMemory();
            return -1;
        }
        for (int k = 0; k < rule->nboosts; k++) {
            PyObject *boost = PyTuple_GET_ITEM(boosts, k);
            if (check_row(boost, 3, "boost") < 0 ||
                node_index(P, ITEM(boost, 0), &rule->boost_root[k]) < 0 ||
                keep_text(P, ITEM(boost, 2), &rule->boost_text[k]) < 0) {
                return -1;
            }
            rule->boost_by[k] = PyFloat_AsDouble(ITEM(boost, 1));
            if (PyErr_Occurred()) {
                return -1;
            }
        }
        for (int k = 0; k < rule->ntensions; k++) {
            PyObject *tension = PyTuple_GET_ITEM(tensions, k);
            if (check_row(tension, 2, "tension") < 0 ||
                as_int(ITEM(tension, 0), &rule->tension_with[k]) < 0 ||
                keep_text(P, ITEM(tension, 1), &rule->tension_note[k]) < 0) {
                return -1;
            }
        }
        for (int h = 0; h < P->nhorizons; h++) {
            PyObject *factor = PyTuple_GET_ITEM(factors, h);
            Factors *f = &rule->factors[h];
            if (factor == Py_None) {
                continue;
            }
            if (check_row(factor, 4, "factor") < 0 ||
                keep_text(P, ITEM(factor, 2), &f->severity_text) < 0 ||
                keep_text(P, ITEM(factor, 3), &f->horizon_text) < 0) {
                return -1;
            }
            f->scaled_severity = PyFloat_AsDouble(ITEM(factor, 0));
            f->horizon_factor = PyFloat_AsDouble(ITEM(factor, 1));
            if (PyErr_Occurred()) {
                return -1;
            }
            f->known = 1;
        }
    }
    return 0;
}

static int
load_scoring(Program *P, PyObject *spec)
{
    Py_ssize_t n;
    PyObject *areas = table(spec, "areas", &n);
    if (areas == NULL) {
        return -1;
    }
    P->nareas = (int)n;
    P->areas = PyMem_Calloc(n ? n : 1, sizeof(Area));
    if (P->areas == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t a = 0; a < n; a++) {
        PyObject *row = PyTuple_GET_ITEM(areas, a);
        Area *area = &P->areas[a];
        if (check_row(row, 5, "area") < 0 || keep_object(P, ITEM(row, 0), &area->name) < 0 ||
            keep_text(P, ITEM(row, 1), &area->text) < 0 ||
            keep_text(P, ITEM(row, 2), &area->head) < 0 ||
            keep_text(P, ITEM(row, 3), &area->empty) < 0 ||
            keep_object(P, ITEM(row, 4), &area->capacity_key) < 0) {
            return -1;
        }
    }
    Py_ssize_t ntypes;
    PyObject *types = table(spec, "type_weights", &ntypes);
    if (types == NULL) {
        return -1;
    }
    P->ntypes = (int)ntypes;
    P->type_weights = PyMem_Calloc((ntypes ? ntypes : 1) * (n ? n : 1), sizeof(double));
    if (P->type_weights == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t t = 0; t < ntypes; t++) {
        PyObject *row = PyTuple_GET_ITEM(types, t);
        for (Py_ssize_t a = 0; a < n; a++) {
            double weight = NAN;
            if (row != Py_None) {
                if (check_row(row, n, "type's weights") < 0) {
                    return -1;
                }
                weight = PyFloat_AsDouble(PyTuple_GET_ITEM(row, a));
            }
            P->type_weights[t * n + a] = weight;
        }
    }
    Py_ssize_t nscores;
    PyObject *scores = table(spec, "scores", &nscores);
    if (scores == NULL) {
        return -1;
    }
    if (nscores != 100 * SCORE_STEPS + 1) {
        PyErr_SetString(PyExc_ValueError, "the score table must hold 0 to 100 in tenths");
        return -1;
    }
    for (Py_ssize_t k = 0; k < nscores; k++) {
        PyObject *row = PyTuple_GET_ITEM(scores, k);
        if (check_row(row, 2, "score") < 0 || keep_text(P, ITEM(row, 0), &P->score_text[k]) < 0 ||
            keep_text(P, ITEM(row, 1), &P->score_head[k]) < 0) {
            return -1;
        }
    }
    PyObject *heads = PyDict_GetItemString(spec, "rank_heads");
    PyObject *floor_value = PyDict_GetItemString(spec, "capacity_floor");
    PyObject *type_field = PyDict_GetItemString(spec, "type_field");
    PyObject *horizon_field = PyDict_GetItemString(spec, "horizon_field");
    PyObject *nhorizons = PyDict_GetItemString(spec, "horizon_places");
    if (heads == NULL || floor_value == NULL || type_field == NULL || horizon_field == NULL ||
        nhorizons == NULL || check_row(heads, 2, "rank_heads") < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "the program lacks its scoring settings");
        }
        return -1;
    }
    if (keep_text(P, ITEM(heads, 0), &P->rank_first) < 0 ||
        keep_text(P, ITEM(heads, 1), &P->rank_other) < 0 ||
        as_int(type_field, &P->type_field) < 0 || as_int(horizon_field, &P->horizon_field) < 0 ||
        as_int(nhorizons, &P->nhorizons) < 0) {
        return -1;
    }
    P->floor = PyFloat_AsDouble(floor_value);
    if (PyErr_Occurred()) {
        return -1;
    }
    if (P->type_field < 0 || P->type_field >= P->nfields || P->horizon_field < 0 ||
        P->horizon_field >= P->nfields) {
        PyErr_SetString(PyExc_ValueError, "the type or horizon field is unknown");
        return -1;
    }
    return 0;
}

static int
check_references(Program *P)
{
    for (int r = 0; r < P->nrules; r++) {
        for (int k = 0; k < P->rules[r].ntensions; k++) {
            int with = P->rules[r].tension_with[k];
            if (with < 0 || with >= P->nrules) {
                PyErr_SetString(PyExc_ValueError, "a tension names an unknown rule");
                return -1;
            }
        }
    }
    for (int i = 0; i < P->nleaves; i++) {
        Leaf *leaf = &P->leaves[i];
        int kind = P->fields[leaf->field].kind;
        int ok = leaf->op == OP_TABLE ? kind == KIND_ENUM && leaf->table != NULL
                 : leaf->op <= OP_EMPTY ? kind == KIND_SET
                 : leaf->op <= OP_BETWEEN && kind == KIND_NUMBER;
        if (!ok) {
            PyErr_SetString(PyExc_ValueError, "a leaf's operator does not fit its field");
            return -1;
        }
    }
    return 0;
}

static int
allocate_working_space(Program *P)
{
    P->ntensions = 0;
    for (int r = 0; r < P->nrules; r++) {
        P->ntensions += P->rules[r].ntensions;
    }
    int rules = P->nrules ? P->nrules : 1, areas = P->nareas ? P->nareas : 1;
    P->fired = PyMem_Calloc(rules, sizeof(Fired));
    P->failures = PyMem_Calloc(rules, sizeof(int));
    P->pairs = PyMem_Calloc(2 * (P->ntensions + 1), sizeof(int));
    P->terms = PyMem_Calloc(areas, sizeof(AreaTerms));
    P->weights = PyMem_Calloc(areas, sizeof(double));
    if (!P->fired || !P->failures || !P->pairs || !P->terms || !P->weights) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void
Program_dealloc(Program *P)
{
    if (P->rules != NULL) {
        for (int r = 0; r < P->nrules; r++) {
            Rule *rule = &P->rules[r];
            PyMem_Free(rule->boost_root);
            PyMem_Free(rule->boost_by);
            PyMem_Free(rule->boost_text);
            PyMem_Free(rule->tension_with);
            PyMem_Free(rule->tension_note);
            PyMem_Free(rule->factors);
        }
    }
    if (P->fields != NULL) {
        for (int i = 0; i < P->nfields; i++) {
            PyMem_Free(P->fields[i].texts);
        }
    }
    PyMem_Free(P->fields);
    PyMem_Free(P->leaves);
    PyMem_Free(P->explainers);
    PyMem_Free(P->nodes);
    PyMem_Free(P->children);
    PyMem_Free(P->rules);
    PyMem_Free(P->areas);
    PyMem_Free(P->type_weights);
    PyMem_Free(P->fired);
    PyMem_Free(P->failures);
    PyMem_Free(P->pairs);
    PyMem_Free(P->terms);
    PyMem_Free(P->weights);
    PyMem_Free(P->out.p);
    PyMem_Free(P->matched.p);
    PyMem_Free(P->priority.p);
    PyMem_Free(P->scratch.p);
    Py_XDECREF(P->keep);
    Py_XDECREF(P->key_weights);
    Py_XDECREF(P->key_capacities);
    Py_TYPE(P)->tp_free((PyObject *)P);
}

static PyObject *
Program_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *spec;
    static char *keywords[] = {"tables", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!:Program", keywords, &PyDict_Type, &spec)) {
        return NULL;
    }
    Program *P = (Program *)type->tp_alloc(type, 0);
    if (P == NULL) {
        return NULL;
    }
    P->keep = PyList_New(0);
    P->key_weights = PyUnicode_InternFromString("area_weights");
    P->key_capacities = PyUnicode_InternFromString("capacities");
    if (P->keep == NULL || P->key_weights == NULL || P->key_capacities == NULL ||
        load_fields(P, spec) < 0 || load_leaves(P, spec) < 0 || load_nodes(P, spec) < 0 ||
        load_scoring(P, spec) < 0 || load_rules(P, spec) < 0 || check_references(P) < 0 ||
        allocate_working_space(P) < 0) {
        Py_DECREF(P);
        return NULL;
    }
    return (PyObject *)P;
}

static PyObject *
Program_run(Program *P, PyObject *args)
{
    PyObject *profile;
    int explain = 0;
    if (!PyArg_ParseTuple(args, "O|p:run", &profile, &explain)) {
        return NULL;
    }
    return evaluate(P, profile, explain, 0);
}

static PyObject *
Program_fired(Program *P, PyObject *profile)
{
    return evaluate(P, profile, 0, 1);
}

static PyMethodDef Program_methods[] = {
    {"run", (PyCFunction)Program_run, METH_VARARGS,
     "run(profile, explain=False) -> (text, ids, areas, top_area), or None to use Python."},
    {"fired", (PyCFunction)Program_fired, METH_O,
     "fired(profile) -> the fired rule ids in rule order, or None to use Python."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ProgramType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "service.engine._fastpath.Program",
    .tp_basicsize = sizeof(Program),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Compiled rules as flat tables, evaluated in C.",
    .tp_new = Program_new,
    .tp_dealloc = (destructor)Program_dealloc,
    .tp_methods = Program_methods,
};

static PyObject *
module_round(PyObject *module, PyObject *args)
{
    double x;
    int digits;
    if (!PyArg_ParseTuple(args, "di:round_digits", &x, &digits)) {
        return NULL;
    }
    if (digits < 0 || digits > 4) {
        PyErr_SetString(PyExc_ValueError, "digits must be 0 to 4");
        return NULL;
    }
    return PyFloat_FromDouble(round_digits(x, digits));
}

static PyObject *
module_repr(PyObject *module, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    if (x == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Buf b = {0};
    put_float(&b, x);
    PyObject *text = b.failed ? PyErr_NoMemory() : PyUnicode_FromStringAndSize(b.p, b.n);
    PyMem_Free(b.p);
    return text;
}

static PyMethodDef module_methods[] = {
    {"round_digits", module_round, METH_VARARGS,
     "round(x, digits) as the fast path computes it (for tests)."},
    {"float_repr", module_repr, METH_O, "repr(x) as the fast path writes it (for tests)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastpath", "The engine's evaluation in C (see fastpath.py).", -1,
    module_methods,
};

PyMODINIT_FUNC
PyInit__fastpath(void)
{
    if (PyType_Ready(&ProgramType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&ProgramType);
    if (PyModule_AddObject(m, "Program", (PyObject *)&ProgramType) < 0) {
        Py_DECREF(&ProgramType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
