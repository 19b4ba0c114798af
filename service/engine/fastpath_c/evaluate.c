/* One evaluation: read the profile's facts, decide and explain every rule, score, rank, write.

   It does what the Python engine does, in the same order, so that the text is the same byte for
   byte. Anything it does not expect (a value outside the vocabulary, an int where a float should
   be, a missing number a rule compares) makes it answer None, and the caller takes the Python
   path, which answers or fails as before.
*/
#include "fastpath.h"

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

/* The profile's facts, as Engine.facts flattens them: 0 when read, 1 when the profile holds
   something the tables do not expect, -1 with an exception set. */
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

/* A set of choices as explanations show it: a JSON list in vocabulary order. */
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
PyObject *
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
