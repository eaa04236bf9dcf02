#!/usr/bin/env python3
"""Generate the large, self-contained C file the `gcc -O2 -c` start-up
workload compiles (bench/run.py calls gen(); run alone it prints the file).

No #include at all: the arm64 gcc under an emulator and the amd64-hosted
cross gcc (the native side) must see exactly the same input and no header
search paths, so the object files they write can be compared byte for
byte.  The code is deterministic (fixed seed) and shaped like ordinary
application C: structs, loops over arrays, switch-based state machines,
string scanning, integer hashing, double-precision arithmetic, small
static helpers that get inlined, and function-pointer tables, so that
cc1's optimisers (inlining, loop and SSA passes, register allocation)
all do real work."""

import random
import sys

TYPES = ("int", "long", "unsigned", "unsigned long", "short", "double")


def _expr(rng, vars_, depth=0):
    if depth > 2 or rng.random() < 0.3:
        return rng.choice(vars_ + [str(rng.randint(1, 97))])
    op = rng.choice(("+", "-", "*", "^", "&", "|", "<<", ">>", "%", "/"))
    a, b = _expr(rng, vars_, depth + 1), _expr(rng, vars_, depth + 1)
    if op in ("<<", ">>"):
        b = str(rng.randint(1, 7))
    if op in ("%", "/"):
        b = "(%s | 1)" % b
    return "(%s %s %s)" % (a, op, b)


def _int_func(rng, name, helpers):
    v = ["a", "b", "c", "i", "acc"]
    lines = ["static long %s(long a, long b, const long *tab, int n)" % name, "{",
             "    long acc = a ^ b, c = b + 3;", "    int i;"]
    for _ in range(rng.randint(2, 5)):
        kind = rng.randrange(4)
        if kind == 0:
            lines += ["    for (i = 0; i < n; i++) {",
                      "        acc += tab[i] * %s;" % _expr(rng, v),
                      "        if (acc > %d) acc -= %s;" % (rng.randint(1000, 99999), _expr(rng, v)),
                      "    }"]
        elif kind == 1:
            lines += ["    switch ((acc >> %d) & 7) {" % rng.randint(0, 9)]
            for k in range(8):
                lines.append("    case %d: c = %s; break;" % (k, _expr(rng, v)))
            lines += ["    }"]
        elif kind == 2 and helpers:
            h = rng.choice(helpers)
            lines.append("    acc += %s(%s, %s, tab, n / 2);" % (h, _expr(rng, v), _expr(rng, v)))
        else:
            lines += ["    while (c > 1 && i-- > 0)",
                      "        c = (c & 1) ? 3 * c + 1 : c / 2;",
                      "    acc ^= %s;" % _expr(rng, v)]
    lines += ["    return acc + c;", "}", ""]
    return lines


def _fp_func(rng, name):
    lines = ["static double %s(const double *x, int n, double k)" % name, "{",
             "    double s = 0.0, p = 1.0;", "    int i;",
             "    for (i = 0; i < n; i++) {"]
    for _ in range(rng.randint(2, 4)):
        lines.append("        s += x[i] * %r + p * k;" % round(rng.uniform(-3, 3), 4))
        lines.append("        p = p * %r + (s > %r ? 1.0 : -0.5);" % (
            round(rng.uniform(0.5, 1.5), 3), round(rng.uniform(-10, 10), 2)))
    lines += ["    }", "    return s / (p == 0.0 ? 1.0 : p);", "}", ""]
    return lines


def _struct_module(rng, m):
    n = rng.randint(3, 8)
    fields = [(rng.choice(TYPES), "f%d" % i) for i in range(n)]
    lines = ["struct rec%d {" % m] + ["    %s %s;" % f for f in fields] + [
        "    struct rec%d *next;" % m, "};", "",
        "static unsigned long rec%d_hash(const struct rec%d *r)" % (m, m), "{",
        "    unsigned long h = 1469598103934665603UL;",
        "    for (; r; r = r->next) {"]
    for t, f in fields:
        lines.append("        h = (h ^ (unsigned long)r->%s) * 1099511628211UL;" % f)
    lines += ["    }", "    return h;", "}", "",
              "static int rec%d_cmp(const struct rec%d *a, const struct rec%d *b)" % (m, m, m), "{"]
    for t, f in fields:
        lines.append("    if (a->%s != b->%s) return a->%s < b->%s ? -1 : 1;" % (f, f, f, f))
    lines += ["    return 0;", "}", "",
              "static void rec%d_sort(struct rec%d *v, int n)" % (m, m), "{",
              "    int i, j;",
              "    for (i = 1; i < n; i++) {",
              "        struct rec%d t = v[i];" % m,
              "        for (j = i; j > 0 && rec%d_cmp(&v[j - 1], &t) > 0; j--)" % m,
              "            v[j] = v[j - 1];",
              "        v[j] = t;",
              "    }", "}", ""]
    return lines


def _lexer(rng, m):
    states = rng.randint(4, 9)
    lines = ["static int lex%d(const char *s, int *out, int max)" % m, "{",
             "    int st = 0, n = 0, val = 0;",
             "    for (; *s && n < max; s++) {",
             "        char ch = *s;",
             "        switch (st) {"]
    for k in range(states):
        lo, hi = sorted((rng.randint(32, 126), rng.randint(32, 126)))
        lines += ["        case %d:" % k,
                  "            if (ch >= %d && ch <= %d) { val = val * %d + (ch - %d); st = %d; }" % (
                      lo, hi, rng.randint(2, 37), lo, rng.randrange(states)),
                  "            else if (ch == '%s') { out[n++] = val; val = 0; st = %d; }" % (
                      rng.choice("abcdefxyz;,.+-"), rng.randrange(states)),
                  "            else st = %d;" % rng.randrange(states),
                  "            break;"]
    lines += ["        default: st = 0;", "        }", "    }", "    return n;", "}", ""]
    return lines


def gen(modules=400, seed=20261122):
    rng = random.Random(seed)
    out = ["/* Generated by bench/gen_c.py (seed %d, %d modules): input of the"
           " gcc -O2 -c benchmark. */" % (seed, modules), ""]
    names, fps, lexers = [], [], []
    for m in range(modules):
        out += _struct_module(rng, m)
        out += _lexer(rng, m)
        lexers.append("lex%d" % m)
        for k in range(3):
            name = "m%d_f%d" % (m, k)
            out += _int_func(rng, name, names[-6:])
            names.append(name)
        fp = "m%d_fp" % m
        out += _fp_func(rng, fp)
        fps.append(fp)
    out += ["typedef long (*ifn)(long, long, const long *, int);",
            "static const ifn int_table[] = {"] + ["    %s," % n for n in names] + ["};", ""]
    out += ["typedef double (*ffn)(const double *, int, double);",
            "static const ffn fp_table[] = {"] + ["    %s," % n for n in fps] + ["};", ""]
    out += ["typedef int (*lfn)(const char *, int *, int);",
            "static const lfn lex_table[] = {"] + ["    %s," % n for n in lexers] + ["};", ""]
    for m in range(modules):
        out += ["unsigned long use_rec%d(struct rec%d *v, int n)" % (m, m), "{",
                "    rec%d_sort(v, n);" % m,
                "    return n ? rec%d_hash(v) : 0;" % m, "}", ""]
    out += ["long run_all(const long *tab, const double *x, const char *s, int *tok, int n)", "{",
            "    long acc = 0;", "    unsigned i;",
            "    for (i = 0; i < sizeof int_table / sizeof int_table[0]; i++)",
            "        acc += int_table[i](acc, (long)i, tab, n);",
            "    for (i = 0; i < sizeof fp_table / sizeof fp_table[0]; i++)",
            "        acc += (long)fp_table[i](x, n, (double)i);",
            "    for (i = 0; i < sizeof lex_table / sizeof lex_table[0]; i++)",
            "        acc += lex_table[i](s, tok, n);",
            "    return acc;", "}", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(gen(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
