#!/usr/bin/env python3
"""The `grid` corpus: systematic templates, every operator, test, common filter, slice, printf
format and Python method Jinja2 allows, crossed with a spread of operand values, plus small
hand-written sets for tuples, macros, `loop.*`, `with`, `set` blocks, `namespace` and string
literal escapes.

Nothing here is random: the cases are the cross products below, in a fixed order, so their
ids (`grid-NNNNN`) are stable as long as the lists are. `cases()` returns them; run as a script
it writes them as JSON lines to stdout. See docs/parity-corpora.md.
"""

import json
import sys

# One payload for the whole grid. Big integers are written as JSON digits, which Python reads
# exactly (2**63 is one past i64's range, i30 is beyond 64 and near 100 bits).
PAYLOAD = {
    "i0": 0,
    "i1": 1,
    "ineg": -7,
    "ibig": 2**63,
    "i30": 123456789012345678901234567890,
    "f": 2.5,
    "f01": 0.1,
    "fneg0": -0.0,
    "f1e20": 1e20,
    "fwhole": 3.0,
    "fsmall": 1.5e-7,
    "f17": 0.30000000000000004,
    "s": "abc",
    "se": "",
    "su": "h\u00e9llo w\u00f6rld \u2603",
    "sesc": "a\"b'c\\d\n\te<f>&",
    "sspace": "  Mixed Case text  ",
    "snum": "42",
    "scsv": "a,b,,c",
    "n": None,
    "t": True,
    "fa": False,
    "l": [3, 1, 2],
    "le": [],
    "ls": ["b", "a", "C"],
    "lm": [1, "a", None, True, 2.5],
    "d": {"b": 1, "a": 2},
    "de": {},
    "dn": {"x": {"y": [1, {"z": "deep"}]}, "k": None},
    "users": [
        {"name": "Ann", "age": 41, "active": True, "dept": "IT"},
        {"name": "Bob", "age": 17, "active": False, "dept": "HR"},
        {"name": "Cy", "age": 30, "dept": "IT"},
    ],
}
PAYLOAD_TEXT = json.dumps(PAYLOAD, ensure_ascii=False)

# Operands of the binary operators: ints (zero, negative, 2**63, 30 digits), floats (a
# fraction, -0.0, 1e20), strings (ASCII, Unicode), None, True, a list, a tuple, a dict and an
# undefined name.
BIN_ATOMS = [
    "0", "-7", "ibig", "i30", "2.5", "fneg0", "f1e20", "'abc'", "none", "true", "[1, 2]",
    "(1, 'a')", "nope",
]
BIN_OPS = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "and", "or", "in"]
# The remaining comparisons over the ordered values only.
CMP_ATOMS = ["0", "-7", "ibig", "2.5", "'abc'", "su", "[1, 2]", "(1, 'a')"]
CMP_OPS = ["<=", ">", ">=", "not in"]

# Values printed, tested and filtered: every kind of value the payload or a literal gives.
ATOMS = [
    "0", "1", "-7", "ibig", "i30", "-ibig", "2.5", "f01", "fneg0", "f1e20", "fwhole",
    "fsmall", "f17", "(f1e20 * 1e300)", "'abc'", "''", "su", "sesc", "sspace", "snum", "none",
    "true", "false", "[1, 2]", "l", "ls", "lm", "le", "(1, 'a')", "d", "de", "dn", "users",
    "nope",
]
# The filters and tests see a subset, to keep the grid near 6,500 cases.
FT_ATOMS = [
    "0", "-7", "ibig", "i30", "2.5", "fneg0", "f1e20", "(f1e20 * 1e300)", "'abc'", "''",
    "su", "sesc", "sspace", "snum", "none", "true", "[1, 2]", "l", "ls", "lm", "le",
    "(1, 'a')", "d", "users", "nope",
]

PRINT_FORMS = [
    "{{ X }}", "{{ X ~ '|' }}", "{{ [X] }}", "{{ {'k': X} }}", "{{ (X,) }}", "{{ -X }}",
    "{{ not X }}", "{{ X if X else 'no' }}", "{% if X %}T{% else %}F{% endif %}",
    "{% set v = X %}{{ v }}",
]

TESTS = [
    "defined", "undefined", "none", "number", "string", "mapping", "sequence", "iterable",
    "integer", "float", "boolean", "true", "false", "odd", "even", "divisibleby(3)", "lower",
    "upper", "callable", "sameas(none)", "eq(0)", "gt(1)", "in([1, 'abc'])", "escaped",
]

FILTERS = [
    "string", "tojson", "tojson(indent=2)", "pprint", "length", "count", "int",
    "int(default=-1)", "int(base=16)", "float", "float(1.5)", "abs", "round",
    "round(1, 'floor')", "round(2, 'ceil')", "list", "first", "last", "sort",
    "sort(reverse=true)", "sum", "min", "max", "unique|list", "reverse|list", "join(',')",
    "join", "upper", "lower", "title", "capitalize", "trim", "default('D')",
    "default('D', true)", "e", "center(9)", "indent(2)", "truncate(5)", "replace('a', 'b')",
    "items|list", "dictsort", "filesizeformat", "urlencode", "wordcount", "wordwrap(5)",
    "batch(2)|list", "slice(2)|list", "map('string')|list", "select|list",
    "reject('none')|list", "selectattr('name')|list", "map(attribute='name')|list",
    "groupby('dept')|list", "attr('real')", "format", "xmlattr", "striptags", "string|length",
]

STR_ATOMS = ["'abc'", "''", "su", "sesc", "sspace", "snum", "scsv", "'Hello World'"]
STR_METHODS = [
    "upper()", "lower()", "title()", "capitalize()", "swapcase()", "casefold()", "strip()",
    "lstrip()", "rstrip()", "strip('a ')", "split()", "split(',')", "split(',', 1)",
    "rsplit(',', 1)", "splitlines()", "replace('a', 'X')", "replace('', '-')",
    "replace('l', 'L', 1)", "startswith('a')", "startswith(('H', 'a'))", "endswith('c')",
    "find('l')", "rfind('l')", "index('a')", "count('l')", "join(['1', '2'])",
    "format(1, 'x')", "center(11, '*')", "ljust(6, '.')", "rjust(6)", "zfill(6)",
    "isdigit()", "isalpha()", "isalnum()", "isupper()", "islower()", "isspace()",
    "istitle()", "partition(',')", "rpartition(' ')", "expandtabs(4)", "removeprefix('a')",
    "removesuffix('c')", "encode()", "__len__()", "upper", "split()[0]", "split(',')|length",
]
# The same methods asked of values that are not strings.
NONSTR_FOR_METHODS = ["3", "none", "[1, 2]", "d", "nope"]
NONSTR_METHODS = ["upper()", "split()", "startswith('a')", "replace('a', 'b')", "join(['1'])"]

LIST_BASES = ["[3, 1, 2]", "l", "le", "ls", "(3, 1, 2)"]
LIST_METHODS = [
    "append(4)", "extend([5, 6])", "insert(0, 'z')", "pop()", "pop(0)", "pop(9)",
    "remove(1)", "remove(9)", "index(2)", "index(9)", "count(1)", "reverse()", "sort()",
    "sort(reverse=true)", "copy()", "clear()",
]
DICT_BASES = ["{'b': 1, 'a': 2}", "d", "de", "dn"]
DICT_METHODS = [
    "items()", "keys()", "values()", "get('a')", "get('z')", "get('z', 'dflt')",
    "get('a', 0)", "pop('a')", "pop('z', 0)", "pop('z')", "update({'c': 3})", "update(c=3)",
    "setdefault('c', 3)", "setdefault('a', 9)", "copy()", "clear()", "popitem()",
    "items()|list", "keys()|list", "values()|sort", "get('x', {}).get('y', 'none')",
]

SEQS = ["'abcdef'", "su", "[1, 2, 3, 4, 5]", "l", "(1, 2, 3)", "users", "le", "''"]
SLICES = [
    "[0]", "[-1]", "[10]", "[1:]", "[:2]", "[::-1]", "[1:-1]", "[::2]", "[-10:]", "[:0:-1]",
    "[-10::-1]", "[1:3:2]", "[3:1]", "[3:1:-1]", "[::0]", "[:-1]", "[-2:]", "[1:100]",
    "[None:2]", "[2:None]", "[i1:]", "[:ineg]", "['a']", "[1.0]", "[true]", ".0", ".1",
    "|first", "|last", "[-1:][0]",
]

PRINTF_FORMATS = [
    "%s", "%r", "%d", "%i", "%5d", "%-5d|", "%05d", "%x", "%X", "%o", "%e", "%.2e", "%f",
    "%.1f", "%05.1f", "%+d", "%g", "%10.3f", "%c", "%%", "%.3s", "%a", "% d", "%#x", "%5s|",
    "%-6s|", "%.0f", "%u",
]
PRINTF_VALUES = [
    "0", "-7", "255", "ibig", "i30", "2.5", "fneg0", "f1e20", "f17", "'abc'", "su", "none",
    "true", "[1, 2]", "(1, 'a')", "(1,)",
]
PRINTF_EXTRA = [
    "'%s %s' % (s, snum)", "'%s-%s' % (1, 2.0)", "'%s' % (l,)", "'%s' % l", "'%s' % d",
    "'%(a)s' % d", "'%(a)s/%(b)05.1f' % d", "'%(z)s' % d", "'%s %s' % 'a'",
    "'%s' % ()", "'%s %s' % (1, 2, 3)", "'%d%%' % 50", "'%.2f%%' % f17", "'%*d' % (5, 3)",
    "'%-*s|' % (4, 'a')", "'%c' % 'a'", "'%c' % 9731", "'%s' % users[0]",
    "'%(name)s is %(age)d' % users[0]", "'%5.1f|%-8s|%03d' % (f, s, i1)",
]

FORMAT_SPECS = [
    "'{}'", "'{:>5}'", "'{:<5}|'", "'{:^9}'", "'{:05.1f}'", "'{0}-{0}'", "'{:,}'", "'{!r}'",
    "'{:x}'", "'{:.2%}'", "'{:+}'", "'{:e}'", "'{!s:>4}'", "'{:d}'",
]
FORMAT_VALUES = ["0", "-7", "ibig", "2.5", "f17", "'abc'", "su", "none", "true", "[1, 2]"]
FORMAT_EXTRA = [
    "'{a}-{b}'.format(a=1, b='x')", "'{0[name]}'.format(users[0])", "'{0.real}'.format(3)",
    "'{}{}'.format(1)", "'{x}'.format(1)", "'{{}}{}'.format(1)", "'%s-%s'|format(1, 'a')",
    "'%(a)s'|format(a=1)", "'{:%Y}'.format(1)", "'%s'|format(users)",
]

ITERABLES = [
    "[10, 20, 30]", "'abc'", "{'b': 1, 'a': 2}", "d.items()", "le", "users", "range(3)",
    "(1, 2)", "su", "d", "l|sort", "users|map(attribute='name')",
]
LOOP_ATTRS = [
    "loop.index", "loop.index0", "loop.revindex", "loop.revindex0", "loop.first",
    "loop.last", "loop.length", "loop.cycle('a', 'b')", "loop.previtem", "loop.nextitem",
    "loop.depth", "loop.changed(1)",
]
LOOP_EXTRA = [
    "{% for x in l %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}",
    "{% for x in le %}{{ x }}{% else %}empty{% endfor %}",
    "{% for x in l if x > 1 %}{{ loop.index }}:{{ x }} {% endfor %}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{% for k, v in d|dictsort %}{{ k }}={{ v }};{% endfor %}",
    "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}",
    "{% for a, b in ['ab', 'cd'] %}{{ b }}{{ a }}{% endfor %}",
    "{% for a, b in [[1]] %}{{ a }}{% endfor %}",
    "{% for x in dn recursive %}{{ x }}{% endfor %}",
    "{% for x in [[1, [2]], 3] recursive %}[{% if x is iterable %}{{ loop(x) }}{% else %}"
    "{{ x }}@{{ loop.depth }}{% endif %}]{% endfor %}",
    "{% for x in users %}{% if loop.changed(x.dept) %}{{ x.dept }}:{% endif %}{{ x.name }} "
    "{% endfor %}",
    "{% for x in users %}{{ loop.cycle('odd', 'even') }}{% endfor %}",
    "{% for x in l %}{% set y = x %}{% endfor %}{{ y }}",
    "{% for x in l %}{{ loop.index }}{% for y in ls %}{{ loop.index }}{% endfor %}{% endfor %}",
    "{% for x in 3 %}{% endfor %}",
    "{% for x in none %}{% endfor %}",
    "{% for x in nope %}{{ x }}{% endfor %}",
    "{% for x in range(1, 10, 3) %}{{ x }}{% endfor %}",
    "{% for x in range(5)|batch(2, 'p') %}{{ x }}{% endfor %}",
    "{% for g in users|groupby('dept') %}{{ g.grouper }}={{ g.list|length }} {% endfor %}",
    "{% for x in users|sort(attribute='age') %}{{ x.name }}{% endfor %}",
    "{% for x in users|sort(attribute='age', reverse=true) %}{{ x.name }}{% endfor %}",
    "{% for x in ls|sort(case_sensitive=true) %}{{ x }}{% endfor %}",
]

MACROS = [
    "{% macro m(a, b='B') %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}|{{ m(1, 2) }}|{{ m(b=3, a=4) }}",
    "{% macro m(a, b=a) %}{{ b }}{% endmacro %}{{ m(3) }}",
    "{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, x=3) }}",
    "{% macro m(a) %}{{ a }}{{ varargs|join(',') }}{% endmacro %}{{ m(1, 2, 3) }}",
    "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",
    "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}",
    "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}",
    "{% macro m(a) %}{{ kwargs }}{% endmacro %}{{ m(1, z=2) }}",
    "{% macro m(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ m(1, a=2) }}",
    "{% macro m() %}<{{ caller() }}>{% endmacro %}{% call m() %}inner{% endcall %}",
    "{% macro m(x) %}{{ caller(x * 2) }}{% endmacro %}{% call(v) m(4) %}got {{ v }}{% endcall %}",
    "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}",
    "{% macro m() %}x{% endmacro %}{{ m }}",
    "{% macro m() %}x{% endmacro %}{{ m.name }}|{{ m.arguments }}|{{ m.catch_kwargs }}",
    "{% macro m(a, b=2) %}{% endmacro %}{{ m.arguments }}|{{ m.defaults }}",
    "{% macro m() %} spaced {% endmacro %}[{{ m() }}]",
    "{% macro m() %}x{% endmacro %}{{ m()|upper }}{{ m() ~ m() }}{{ m()|length }}",
    "{% macro m(n) %}{% if n > 0 %}{{ n }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(3) }}",
    "{% macro m() %}{{ s }}{% endmacro %}{% set s = 'local' %}{{ m() }}",
    "{% macro m(l=[]) %}{% set _ = l.append(1) %}{{ l }}{% endmacro %}{{ m() }}{{ m() }}",
    "{% macro m(d={}) %}{{ d.get('k', 'none') }}{% endmacro %}{{ m() }}{{ m({'k': 1}) }}",
    "{% macro m(a, *b) %}{% endmacro %}",
    "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}",
    "{% macro m() %}{% set x = 5 %}{{ x }}{% endmacro %}{% set x = 1 %}{{ m() }}{{ x }}",
    "{% macro m(a) %}{{ a|tojson }}{% endmacro %}{{ m(users[0]) }}",
    "{% macro m() %}{{ varargs|length }}{% endmacro %}{{ m(*[1, 2]) }}",
    "{% macro m(a, b) %}{{ a }}-{{ b }}{% endmacro %}{{ m(**{'a': 1, 'b': 2}) }}",
    "{% macro m(a) %}{{ caller is defined }}{% endmacro %}{{ m(1) }}",
]

WITH_SET_NS = [
    "{% with a = 1 %}{{ a }}{% endwith %}{{ a is defined }}",
    "{% with a = 1, b = a %}{{ b }}{% endwith %}",
    "{% with x = 'i', y = x %}{{ y }}{% endwith %}",
    "{% with %}{% set a = 2 %}{{ a }}{% endwith %}{{ a is defined }}",
    "{% set a = 1 %}{% with a = a + 1 %}{{ a }}{% endwith %}{{ a }}",
    "{% set a, b = 1, 2 %}{{ a }}{{ b }}",
    "{% set a, b = [3, 4] %}{{ b }}",
    "{% set a, b = 'xy' %}{{ a }}",
    "{% set a, b = 1, 2, 3 %}{{ a }}",
    "{% set t = 1, 2 %}{{ t }}",
    "{% set x %}block {{ 1 + 1 }}{% endset %}[{{ x }}]{{ x|length }}",
    "{% set x | upper %}shout{% endset %}{{ x }}",
    "{% set x %}{% endset %}[{{ x }}]{{ x is string }}",
    "{% set x = 1 %}{% for i in l %}{% set x = i %}{% endfor %}{{ x }}",
    "{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}",
    "{% set ns = namespace(total=0) %}{% for i in l %}{% set ns.total = ns.total + i %}"
    "{% endfor %}{{ ns.total }}",
    "{% set ns = namespace() %}{% set ns.a = 'x' %}{{ ns.a }}",
    "{% set ns = namespace(a=1) %}{{ ns.b }}|{{ ns.b is defined }}",
    "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}",
    "{% set ns = namespace(items=[]) %}{% for u in users %}{% set _ = ns.items.append(u.name)"
    " %}{% endfor %}{{ ns.items|join(',') }}",
    "{% set ns = namespace(found=false) %}{% for u in users %}{% if u.age < 18 %}"
    "{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}",
    "{% set ns = namespace(s='') %}{% for c in 'abc' %}{% set ns.s = ns.s ~ c ~ loop.index %}"
    "{% endfor %}{{ ns.s }}",
    "{% set x = 1 %}{% set x = x + 1 %}{{ x }}",
    "{% set d2 = dict(a=1, b='x') %}{{ d2 }}",
    "{% set d2 = dict(d, c=3) %}{{ d2 }}",
    "{% set d2 = dict([('a', 1)]) %}{{ d2 }}",
    "{% set l2 = l + [4] %}{% set _ = l2.append(5) %}{{ l2 }}{{ l }}",
    "{% set l2 = [] %}{% for u in users %}{% set _ = l2.append(u.name|upper) %}{% endfor %}"
    "{{ l2|join(', ') }}",
    "{% set d2 = {} %}{% for u in users %}{% set _ = d2.update({u.name: u.age}) %}"
    "{% endfor %}{{ d2|tojson }}",
    "{% set l2 = l|list %}{% set _ = l2.append(0) %}{{ l2 }}",
    "{% set l2 = l|sort %}{% set _ = l2.append(0) %}{{ l2 }}",
    "{% set _ = l.append(9) %}{{ l }}",
    "{% set _ = d.update({'z': 0}) %}{{ d }}",
    "{% set _ = payload.l.append(9) %}{{ payload.l|length }}",
    "{% set x = 'a' %}{% filter upper %}{{ x }}b{% endfilter %}",
    "{% filter replace('a', 'o') %}banana{% endfilter %}",
    "{% raw %}{{ not rendered }}{% endraw %}",
    "a {#- comment -#} b",
    "  {%- if true %} x {% endif -%}  ",
    "{{ 1 }}\n{{ 2 }}\n",
    "line\r\n{{ s }}\r\n",
    "{% if true %}\n  x\n{% endif %}\n",
    "{{ '{{' }}{{ '}}' }}",
    "{{ range(3) }}|{{ range(1, 5, 2)|list }}",
    "{{ lipsum is defined }}{{ cycler('a', 'b').next() }}",
    "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}",
    "{% set j = joiner(', ') %}{% for x in l %}{{ j() }}{{ x }}{% endfor %}",
    "{{ dict(a=1) }}{{ dict() }}",
    "{{ payload.s }}|{{ payload['i0'] }}|{{ headers }}|{{ headers.get('x', 'none') }}",
    "{{ payload.payload is defined }}{{ payload is mapping }}",
    "{{ users[0].name }}{{ users[0]['age'] }}{{ users[5] is defined }}{{ users[0].nope is "
    "defined }}",
    "{{ dn.x.y[1].z }}{{ dn['x']['y'][0] }}{{ dn.k.z is defined }}",
    "{{ dn.k.z }}",
    "{{ dn.nope.z }}",
    "{{ d.items }}",
    "{{ d.a }}{{ d['a'] }}{{ d.get }}",
    "{{ 'abc'.upper }}",
    "{{ s.nope }}|{{ s.nope is defined }}",
]

ESCAPES = [
    r"\n", r"\t", r"\r", r"\x41", r"\u00e9", r"\U0001F600", r"\N{BULLET}", r"\101", r"\0",
    r"\a", r"\v", r"\b", r"\f", r"\\", r"\'", r"\"", r"\q", r"\u2603\u2603", "\u00e9", "\U0001F600",
]
ESCAPE_FORMS = ["{{ 'A{E}B' }}", "{{ 'A{E}B'|length }}", "{{ 'A{E}B'|tojson }}", "{{ ('A{E}B',) }}"]
ESCAPE_DQ_FORMS = ['{{ "A{E}B" }}', '{{ ["A{E}B"] }}']

TUPLES = [
    "(1,)", "()", "(1, 'a', none)", "((1, 2), [3])", "(s, snum)", "1, 2", "(1, 2)[0]",
    "(1, 2) + (3,)", "(1, 2) * 2", "(1, 2)|list", "[1, 2]|tuple", "(1, 2) == [1, 2]",
    "(1, 2) < (1, 3)", "('a',)|join", "(1, (2,))|tojson", "(d, l)", "('it''s',)",
    "(\"it's\",)", "('a\"b',)", "(1.0, 1e20, -0.0)", "(none, true, false)", "(('x',),)",
    "[(1, 2)]|map('first')|list", "(1, 2)|length", "(su,)", "(i30,)", "{'t': (1, 2)}",
    "{(1, 2): 'x'}", "{1: 'a', true: 'b'}", "{'b': 1, 'a': 2}|tojson", "{'a': none}",
    "{'a': 1}.a", "[1, [2, [3]]]", "[]", "{}", "[1,]", "{'a': 1,}",
]


def _case(group, template, payload_text=PAYLOAD_TEXT):
    return {"group": group, "template": template, "payload_text": payload_text}


def _make():
    out = []
    for op in BIN_OPS:
        for a in BIN_ATOMS:
            for b in BIN_ATOMS:
                # Python computes any power of its unbounded integers: a big exponent of a
                # big base takes forever, so big exponents are left out.
                if op == "**" and b in ("ibig", "i30"):
                    continue
                out.append(_case(f"op {op}", "{{ %s %s %s }}" % (a, op, b)))
    for op in CMP_OPS:
        for a in CMP_ATOMS:
            for b in CMP_ATOMS:
                out.append(_case(f"op {op}", "{{ %s %s %s }}" % (a, op, b)))
    for form in PRINT_FORMS:
        for a in ATOMS:
            out.append(_case(f"print {form}", form.replace("X", a)))
    for test in TESTS:
        for a in FT_ATOMS:
            out.append(_case(f"test {test.split('(')[0]}", "{{ %s is %s }}" % (a, test)))
    for flt in FILTERS:
        name = flt.split("(")[0].split("|")[0]
        for a in FT_ATOMS:
            out.append(_case(f"filter {name}", "{{ %s|%s }}" % (a, flt)))
    for m in STR_METHODS:
        name = m.split("(")[0].split("[")[0].split("|")[0]
        for a in STR_ATOMS:
            out.append(_case(f"str.{name}", "{{ %s.%s }}" % (a, m)))
    for m in NONSTR_METHODS:
        for a in NONSTR_FOR_METHODS:
            out.append(_case("method of a non-string", "{{ %s.%s }}" % (a, m)))
    for m in LIST_METHODS:
        for base in LIST_BASES:
            t = "{%% set x = %s %%}{{ x.%s }}|{{ x }}" % (base, m)
            out.append(_case(f"list.{m.split('(')[0]}", t))
    for m in DICT_METHODS:
        for base in DICT_BASES:
            t = "{%% set x = %s %%}{{ x.%s }}|{{ x }}" % (base, m)
            out.append(_case(f"dict.{m.split('(')[0]}", t))
    for seq in SEQS:
        for sl in SLICES:
            group = "slice" if ":" in sl else "index"
            out.append(_case(group, "{{ %s%s }}" % (seq, sl)))
    for fmt in PRINTF_FORMATS:
        for v in PRINTF_VALUES:
            out.append(_case("printf", "{{ '%s' %% %s }}" % (fmt, v)))
    for t in PRINTF_EXTRA:
        out.append(_case("printf", "{{ %s }}" % t))
    for spec in FORMAT_SPECS:
        for v in FORMAT_VALUES:
            out.append(_case("str.format", "{{ %s.format(%s) }}" % (spec, v)))
    for t in FORMAT_EXTRA:
        out.append(_case("str.format", "{{ %s }}" % t))
    for it in ITERABLES:
        for attr in LOOP_ATTRS:
            out.append(_case(f"loop {attr.split('(')[0]}",
                             "{%% for x in %s %%}{{ %s }},{%% endfor %%}" % (it, attr)))
    for t in LOOP_EXTRA:
        out.append(_case("loop other", t))
    for t in MACROS:
        out.append(_case("macro", t))
    for t in WITH_SET_NS:
        out.append(_case("with/set/namespace/misc", t))
    for e in ESCAPES:
        for form in ESCAPE_FORMS:
            out.append(_case("string escape", form.replace("{E}", e)))
        if e != r"\'":
            for form in ESCAPE_DQ_FORMS:
                out.append(_case("string escape", form.replace("{E}", e.replace(r"\"", r"\'"))))
    for t in TUPLES:
        out.append(_case("tuple/list/dict literal", "{{ %s }}" % t))
    for i, c in enumerate(out):
        c["id"] = f"grid-{i:05d}"
    return out


def cases():
    return _make()


if __name__ == "__main__":
    for c in cases():
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
