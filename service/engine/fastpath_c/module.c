/* The extension module: the Program type over tables.c and evaluate.c, and two helpers tests use. */
#include "fastpath.h"

static void
Program_dealloc(Program *P)
{
    program_free(P);
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
    if (program_load(P, spec) < 0) {
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
