/* A program from fastpath.py's tables: checked as they are read, so evaluation need not check. */
#include "fastpath.h"

/* Zeroed room for n items (at least one, so an empty table still has somewhere to point); NULL
   with MemoryError set when there is no memory. */
static void *
zeroed(Py_ssize_t n, size_t size)
{
    void *space = PyMem_Calloc(n > 0 ? (size_t)n : 1, size);
    if (space == NULL) {
        PyErr_NoMemory();
    }
    return space;
}

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
    P->fields = zeroed(n, sizeof(Field));
    if (P->fields == NULL) {
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
        field->texts = zeroed(field->ntexts, sizeof(Text));
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
    P->leaves = zeroed(n, sizeof(Leaf));
    P->explainers = P->leaves ? zeroed(2 * n, sizeof(Explainer)) : NULL;
    if (P->explainers == NULL) {
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
    P->nodes = zeroed(n, sizeof(Node));
    P->children = P->nodes ? zeroed(total, sizeof(int)) : NULL;
    if (P->children == NULL) {
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
    P->rules = zeroed(n, sizeof(Rule));
    if (P->rules == NULL) {
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
        rule->ntensions = (int)PyTuple_GET_SIZE(tensions);
        if (!(rule->boost_root = zeroed(rule->nboosts, sizeof(int))) ||
            !(rule->boost_by = zeroed(rule->nboosts, sizeof(double))) ||
            !(rule->boost_text = zeroed(rule->nboosts, sizeof(Text))) ||
            !(rule->tension_with = zeroed(rule->ntensions, sizeof(int))) ||
            !(rule->tension_note = zeroed(rule->ntensions, sizeof(Text))) ||
            !(rule->factors = zeroed(P->nhorizons, sizeof(Factors)))) {
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
    P->areas = zeroed(n, sizeof(Area));
    if (P->areas == NULL) {
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
    P->type_weights = zeroed(ntypes * n, sizeof(double));
    if (P->type_weights == NULL) {
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
    if (!(P->fired = zeroed(P->nrules, sizeof(Fired))) ||
        !(P->failures = zeroed(P->nrules, sizeof(int))) ||
        !(P->pairs = zeroed(2 * P->ntensions, sizeof(int))) ||
        !(P->terms = zeroed(P->nareas, sizeof(AreaTerms))) ||
        !(P->weights = zeroed(P->nareas, sizeof(double)))) {
        return -1;
    }
    return 0;
}

int
program_load(Program *P, PyObject *tables)
{
    P->keep = PyList_New(0);
    P->key_weights = PyUnicode_InternFromString("area_weights");
    P->key_capacities = PyUnicode_InternFromString("capacities");
    if (P->keep == NULL || P->key_weights == NULL || P->key_capacities == NULL) {
        return -1;
    }
    /* Scoring before rules: a rule's area and horizons are checked against it. */
    if (load_fields(P, tables) < 0 || load_leaves(P, tables) < 0 || load_nodes(P, tables) < 0 ||
        load_scoring(P, tables) < 0 || load_rules(P, tables) < 0 || check_references(P) < 0 ||
        allocate_working_space(P) < 0) {
        return -1;
    }
    return 0;
}

void
program_free(Program *P)
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
}
