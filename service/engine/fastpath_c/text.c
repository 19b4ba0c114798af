/* Text buffers, and floats written and rounded exactly as Python writes and rounds them. */
#include "fastpath.h"

int
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


void
put_int(Buf *b, long long value)
{
    char digits[24];
    int at = sizeof digits;
    unsigned long long magnitude = (unsigned long long)value;
    if (value < 0) {
        magnitude = -magnitude;
    }
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
double
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
void
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

