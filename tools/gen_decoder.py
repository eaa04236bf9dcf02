#!/usr/bin/env python3
"""Generate a 32-bit instruction decoder from a .decode spec.

Usage: gen_decoder.py SPEC.decode OUT_BASENAME DECODER_NAME

Writes OUT_BASENAME.h (argument structs, trans_* prototypes) and
OUT_BASENAME.c (the decoder function `bool DECODER_NAME(DisasContext *s,
uint32_t insn)`).

Spec format, one pattern a line, `#` starts a comment:

    NAME   token token ...

Tokens, most significant bit first, must add up to 32 bits:
    0 1 .      literal bits; `.` is a bit the pattern ignores
               (runs may be written together: 100010 or 0.1)
    f:N        an unsigned field `f` of N bits
    f:sN       a signed field (sign-extended)
A field name may repeat in one pattern: the parts are concatenated, the
first part most significant (for split immediates such as immhi:immlo).

A line whose name is `!feature` is a gate, not a pattern (fields may be
written but are ignored):

    !atomics  size:2 111 0 00 a:1 r:1 1 rs:5 0 opc:3 00 rn:5 rt:5

a word matching it is UNDEFINED (the decoder returns false at once) when
the selected CPU model lacks the feature: the generated code calls
`a64_has_feat(A64_FEAT_<FEATURE>)` (xlat/aarch64/sysregs.h).  A gate acts
where it stands in file order, so it goes before the patterns it guards.
This keeps "which model has which instruction" in the specs, one line per
feature encoding, instead of checks in the trans functions.

Patterns are tried in file order; the first whose fixed bits match and
whose `trans_NAME(s, &args)` returns true wins.  A trans function returns
false for an encoding it does not accept (unallocated field values), and
the search goes on with later patterns.  The decoder returns false if no
pattern accepted the word.  A decision tree over bits that all candidate
patterns fix keeps the number of tests small.
"""
import re
import sys


class Pattern:
    def __init__(self, name, mask, value, fields, line, gate=None):
        self.name, self.mask, self.value, self.fields, self.line = name, mask, value, fields, line
        self.gate = gate    # feature name for a gate line, else None


def parse(path):
    pats, seen = [], set()
    for lineno, raw in enumerate(open(path), 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        toks = line.split()
        name, toks = toks[0], toks[1:]
        gate = None
        if name.startswith('!'):
            gate = name[1:]
            if not re.fullmatch(r'[a-z][a-z0-9_]*', gate):
                sys.exit(f'{path}:{lineno}: bad gate feature {gate!r}')
            name = f'gate_{gate}_{lineno}'
        if not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', name):
            sys.exit(f'{path}:{lineno}: bad pattern name {name!r}')
        if name in seen:
            sys.exit(f'{path}:{lineno}: duplicate pattern {name}')
        seen.add(name)
        pos, mask, value = 32, 0, 0
        fields = {}  # name -> (signed, [(lsb, width), ...])
        for t in toks:
            m = re.fullmatch(r'([A-Za-z_][A-Za-z0-9_]*):(s?)(\d+)', t)
            if m:
                w = int(m.group(3))
                pos -= w
                f = fields.setdefault(m.group(1), [bool(m.group(2)), []])
                f[0] = f[0] or bool(m.group(2))
                f[1].append((pos, w))
            elif re.fullmatch(r'[01.]+', t):
                for ch in t:
                    pos -= 1
                    if ch != '.':
                        mask |= 1 << pos
                        value |= int(ch) << pos
            else:
                sys.exit(f'{path}:{lineno}: bad token {t!r}')
            if pos < 0:
                break
        if pos != 0:
            sys.exit(f'{path}:{lineno}: {name} has {32 - pos} bits, not 32')
        pats.append(Pattern(name, mask, value, fields if gate is None else {}, lineno, gate))
    return pats


def extract_expr(signed, parts):
    total = sum(w for _, w in parts)
    terms, shift = [], total
    for lsb, w in parts:
        shift -= w
        e = f'((insn >> {lsb}) & 0x{(1 << w) - 1:x}u)'
        terms.append(f'({e} << {shift})' if shift else e)
    expr = ' | '.join(terms)
    if signed:
        return f'(int32_t)((uint32_t)({expr}) << {32 - total}) >> {32 - total}'
    return f'(int32_t)({expr})'


def emit_leaf(out, pats, ind):
    for p in pats:
        if p.gate:
            out.append(f'{ind}if ((insn & 0x{p.mask:08x}u) == 0x{p.value:08x}u && '
                       f'!a64_has_feat(A64_FEAT_{p.gate.upper()})) return false;')
            continue
        out.append(f'{ind}if ((insn & 0x{p.mask:08x}u) == 0x{p.value:08x}u) {{')
        out.append(f'{ind}    arg_{p.name} a;' if p.fields else f'{ind}    arg_{p.name} a = {{ 0 }};')
        for fname, (signed, parts) in p.fields.items():
            out.append(f'{ind}    a.{fname} = {extract_expr(signed, parts)};')
        out.append(f'{ind}    if (trans_{p.name}(s, &a)) return true;')
        out.append(f'{ind}}}')


def emit_tree(out, pats, tested, ind, depth=0):
    common = 0xffffffff
    for p in pats:
        common &= p.mask
    common &= ~tested
    if len(pats) <= 2 or common == 0 or depth > 8:
        emit_leaf(out, pats, ind)
        return
    bits = [b for b in range(31, -1, -1) if common >> b & 1][:6]
    groups = {}
    for p in pats:
        key = 0
        for i, b in enumerate(bits):
            key |= ((p.value >> b) & 1) << i
        groups.setdefault(key, []).append(p)
    sel = ' | '.join(f'(((insn >> {b}) & 1u) << {i})' if i else f'((insn >> {b}) & 1u)'
                     for i, b in enumerate(bits))
    newtested = tested
    for b in bits:
        newtested |= 1 << b
    out.append(f'{ind}switch ({sel}) {{')
    for key in sorted(groups):
        out.append(f'{ind}case 0x{key:x}:')
        emit_tree(out, groups[key], newtested, ind + '    ', depth + 1)
        out.append(f'{ind}    break;')
    out.append(f'{ind}default:')
    out.append(f'{ind}    break;')
    out.append(f'{ind}}}')


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    spec, base, fn = sys.argv[1:]
    pats = parse(spec)
    guard = re.sub(r'\W', '_', base.upper()) + '_H'
    hdr = [f'/* Generated by tools/gen_decoder.py from {spec}; do not edit. */',
           f'#ifndef {guard}', f'#define {guard}', '#include <stdbool.h>',
           '#include <stdint.h>', 'typedef struct DisasContext DisasContext;', '']
    real = [p for p in pats if not p.gate]
    for p in real:
        members = ' '.join(f'int32_t {f};' for f in p.fields) or 'char unused_;'
        hdr.append(f'typedef struct {{ {members} }} arg_{p.name};')
    hdr.append('')
    for p in real:
        hdr.append(f'bool trans_{p.name}(DisasContext *s, const arg_{p.name} *a);')
    hdr += ['', f'bool {fn}(DisasContext *s, uint32_t insn);', f'#endif', '']
    src = [f'/* Generated by tools/gen_decoder.py from {spec}; do not edit. */',
           f'#include "{base}.h"'] + \
          (['#include "xlat/aarch64/sysregs.h"'] if len(real) != len(pats) else []) + ['',
           f'bool {fn}(DisasContext *s, uint32_t insn)', '{', '    (void)s;', '    (void)insn;']
    emit_tree(src, pats, 0, '    ')
    src += ['    return false;', '}', '']
    with open(base + '.h', 'w') as f:
        f.write('\n'.join(hdr))
    with open(base + '.c', 'w') as f:
        f.write('\n'.join(src))


if __name__ == '__main__':
    main()
