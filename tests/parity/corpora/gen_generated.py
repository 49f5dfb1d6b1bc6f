#!/usr/bin/env python3
"""The `generated` corpus: 15,000 templates from a small random grammar over random payloads.

Each case draws a payload (a JSON object of 3 to 7 keys: ints, among them negative, zero, 2**63
and 30-digit ones, floats, strings with Unicode, quotes and escapes, booleans, null, lists,
dicts and lists of dicts) and a template of 1 to 4 statements (prints, `if`/`elif`/`else`,
`for` with `loop.*` and `else`, `set`, `set` blocks, `with`, `namespace` accumulators, macros
with defaults and `caller`, `filter` blocks, whitespace control), whose expressions nest the
operators, tests, filters with arguments, slices, printf and `str.format`, Python methods of
str/list/dict, tuple/list/dict literals and conditionals up to four deep. The expressions are
typed (int, float, str, bool, list, dict; every compound one in parentheses) so that most
render, with a share of any-typed
operands and undefined names so that errors are exercised too.

The generator is a `random.Random` with a fixed seed: the same cases every run (on any Python 3
from 3.2, whose `random` methods used here are stable). It never uses Jinja2's `random` filter
or the time, and keeps every operation Python can make slow small: exponents are literals of
at most 2, repetition counts literals of at most 3, `range` bounds literals of at most 6, widths at most 40.

`cases()` returns them; run as a script it writes them as JSON lines to stdout.
See docs/parity-corpora.md.
"""

import json
import random
import sys

SEED = 20261204
COUNT = 15000
MAX_DEPTH = 4

INT_LITS = ["0", "1", "2", "3", "7", "-1", "-7", "10", "255", "9223372036854775808",
            "123456789012345678901234567890"]
FLOAT_LITS = ["0.0", "-0.0", "0.1", "2.5", "3.0", "1e20", "1.5e-7", "-2.75", "100.0",
              "0.30000000000000004"]
STR_LITS = ["''", "'a'", "'abc'", "'Hello World'", "' padded '", "'a,b,,c'", "'x-y_z'",
            "'42'", "'3.5'", "'\u00e9t\u00e9'", "'\u2603 snow'", "'it\\'s'", "'tab\\there'",
            "'line\\nbreak'", "'\\u00e9'", "'<b>&amp;</b>'", "'%s'", "'{}'", "\"dq'\"",
            "'UPPER'", "'mIxEd CaSe'", "'a@b.com'", "'2026-12-04T10:00:00Z'"]
SEPS = ["','", "', '", "'-'", "''", "' | '", "'\\n'"]
TEXT = ["", "", " ", "\n", ", ", " | ", "{\"k\": ", "\"}", "\u00e9", "\t", "[", "]", "x"]

PAYLOAD_INTS = [0, 1, -1, 7, -7, 42, 255, 1000, 2**31, 2**63 - 1, 2**63,
                123456789012345678901234567890, -(2**40), 1772446491123]
PAYLOAD_FLOATS = [0.0, -0.0, 0.1, 2.5, 3.0, 1e20, 1.5e-7, -2.75, 1e16, 123.456,
                  0.30000000000000004, 1e-5, 12345678.9]
PAYLOAD_STRS = ["", "a", "abc", "Ann Lee", "ann.lee@example.com", "  spaced  ", "\u00e9t\u00e9",
                "\u2603", "it's \"quoted\"", "back\\slash", "line\nbreak", "tab\there",
                "<b>bold</b> & co", "42", "-3", "2026-12-04T10:00:00Z", "UPPER", "a,b,,c",
                "\U0001F600 emoji", "null", "True"]
KEYS = ["name", "email", "id", "count", "ratio", "active", "tags", "user", "items", "meta",
        "title", "n", "score", "flag", "note", "dept", "level", "uid", "values", "extra"]
SUBKEYS = ["a", "b", "name", "id", "n", "k", "status", "email"]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.vars = {}  # type -> list of expressions naming payload values of that type
        self.locals = []  # names a statement bound, usable as any

    def pick(self, seq):
        return self.r.choice(seq)

    # ---- payloads -----------------------------------------------------------------------
    def scalar_value(self):
        k = self.r.random()
        if k < 0.3:
            return self.pick(PAYLOAD_INTS)
        if k < 0.5:
            return self.pick(PAYLOAD_FLOATS)
        if k < 0.85:
            return self.pick(PAYLOAD_STRS)
        if k < 0.95:
            return self.r.random() < 0.5
        return None

    def value(self, depth=0):
        k = self.r.random()
        if depth >= 2 or k < 0.55:
            return self.scalar_value()
        if k < 0.7:
            return [self.scalar_value() for _ in range(self.r.randint(0, 4))]
        if k < 0.85:
            keys = self.r.sample(SUBKEYS, self.r.randint(0, 4))
            return {kk: self.value(depth + 1) for kk in keys}
        keys = self.r.sample(SUBKEYS, self.r.randint(1, 3))
        return [{kk: self.scalar_value() for kk in keys} for _ in range(self.r.randint(1, 4))]

    def payload(self):
        keys = self.r.sample(KEYS, self.r.randint(3, 7))
        p = {k: self.value() for k in keys}
        self.vars = {t: [] for t in ("int", "float", "str", "bool", "list", "dict", "none",
                                     "lod")}
        for k, v in p.items():
            self._register(self._access_top(k), v, 0)
        return p

    def _access_top(self, k):
        return self.pick([k, k, k, f"payload.{k}", f"payload[{k!r}]"])

    def _register(self, expr, v, depth):
        if isinstance(v, bool):
            self.vars["bool"].append(expr)
        elif isinstance(v, int):
            self.vars["int"].append(expr)
        elif isinstance(v, float):
            self.vars["float"].append(expr)
        elif isinstance(v, str):
            self.vars["str"].append(expr)
        elif v is None:
            self.vars["none"].append(expr)
        elif isinstance(v, list):
            if v and all(isinstance(x, dict) for x in v):
                self.vars["lod"].append((expr, sorted(set().union(*[set(x) for x in v]))))
            self.vars["list"].append(expr)
            if v and depth < 2:
                self._register(f"{expr}[0]", v[0], depth + 1)
        elif isinstance(v, dict):
            self.vars["dict"].append(expr)
            if depth < 2:
                for kk, vv in v.items():
                    self._register(self.pick([f"{expr}.{kk}", f"{expr}[{kk!r}]"]), vv,
                                   depth + 1)

    # ---- expressions --------------------------------------------------------------------
    def var(self, t):
        names = self.vars.get(t) or []
        if t == "any" or not names:
            return None
        return self.pick(names)

    def expr(self, t, d=0):
        """An expression that (mostly) yields a value of type t."""
        if d >= MAX_DEPTH or self.r.random() < 0.25 + 0.15 * d:
            return self.leaf(t)
        # Parenthesized, so that the value has the type asked for whatever the operators
        # around it: `'%s' % a * n` would repeat a string n times, n maybe 2**31.
        return "(" + getattr(self, "e_" + t)(d + 1) + ")"

    def leaf(self, t):
        if t == "any" and self.locals and self.r.random() < 0.3:
            return self.pick(self.locals)
        if t == "any":
            t = self.pick(["int", "float", "str", "bool", "list", "dict", "none"])
        if self.r.random() < 0.02:
            return self.pick(["missing", "undefined_name", "payload.missing"])
        v = self.var(t) if self.r.random() < 0.6 else None
        if v:
            return v
        if t == "int":
            return self.pick(INT_LITS)
        if t == "float":
            return self.pick(FLOAT_LITS)
        if t == "str":
            return self.pick(STR_LITS)
        if t == "bool":
            return self.pick(["true", "false", "True", "none"])
        if t == "list":
            return self.pick(["[]", "[1, 2, 3]", "['b', 'a', 'c']", "[1, 'a', none]",
                              "(1, 2)", "[[1, 2], [3]]", "[0.5, -1]", "('x',)"])
        if t == "dict":
            return self.pick(["{}", "{'a': 1}", "{'b': 2, 'a': 1}", "{'name': 'Ann', 'n': none}",
                              "{'k': [1, 2]}"])
        return "none"

    def small(self):
        return str(self.r.randint(0, 3))

    def exponent(self):
        # At most 2, so that nested powers stay far below the 4,300 digits Python 3.11+
        # refuses to print.
        return str(self.r.randint(0, 2))

    def e_int(self, d):
        x = lambda: self.expr("int", d)  # noqa: E731
        n = lambda: self.expr(self.pick(["int", "float"]), d)  # noqa: E731
        c = self.r.randint(0, 19)
        return [
            lambda: f"{x()} + {x()}", lambda: f"{x()} - {x()}", lambda: f"{x()} * {x()}",
            lambda: f"{x()} // {x()}", lambda: f"{x()} % {x()}",
            lambda: f"{x()} ** {self.exponent()}", lambda: f"{self.expr('str', d)}|length",
            lambda: f"{self.expr('list', d)}|length", lambda: f"{n()}|int",
            lambda: f"-{x()}", lambda: f"{self.expr('str', d)}.count({self.pick(STR_LITS)})",
            lambda: f"{self.expr('str', d)}.find({self.pick(STR_LITS)})",
            lambda: f"{x()}|abs", lambda: f"({self.expr('float', d)})|round|int",
            lambda: f"[{x()}, {x()}]|max", lambda: f"[{x()}, {x()}, {x()}]|sum",
            lambda: f"{self.expr('str', d)}|int(-1)",
            lambda: f"range({self.r.randint(0, 6)})|sum",
            lambda: f"({x()} if {self.expr('bool', d)} else {x()})",
            lambda: f"{self.expr('str', d)}|wordcount",
        ][c]()

    def e_float(self, d):
        f = lambda: self.expr("float", d)  # noqa: E731
        n = lambda: self.expr(self.pick(["int", "float"]), d)  # noqa: E731
        c = self.r.randint(0, 11)
        return [
            lambda: f"{n()} / {n()}", lambda: f"{f()} + {n()}", lambda: f"{f()} * {n()}",
            lambda: f"{n()}|float", lambda: f"{f()}|round({self.r.randint(0, 3)})",
            lambda: f"{f()}|round({self.r.randint(0, 2)}, {self.pick(['floor', 'ceil', 'common'])!r})",
            lambda: f"{f()} ** {self.exponent()}", lambda: f"{f()} - {f()}",
            lambda: f"{self.expr('str', d)}|float(0.5)", lambda: f"-{f()}",
            lambda: f"{f()} // {n()}", lambda: f"{f()} % {n()}",
        ][c]()

    def e_str(self, d):
        s = lambda: self.expr("str", d)  # noqa: E731
        a = lambda: self.expr("any", d)  # noqa: E731
        c = self.r.randint(0, 35)
        return [
            lambda: f"{s()} ~ {a()}", lambda: f"{s()} + {s()}",
            lambda: f"{s()} * {self.small()}", lambda: f"{s()}|upper",
            lambda: f"{s()}|lower", lambda: f"{s()}|title", lambda: f"{s()}|capitalize",
            lambda: f"{s()}|trim",
            lambda: f"{s()}.replace({self.pick(STR_LITS)}, {self.pick(STR_LITS)})",
            lambda: f"{s()}[{self.pick(['1:', ':2', '::-1', '-1', '0', '1:-1', '::2', '-3:'])}]",
            lambda: f"'%s-%s' % ({a()}, {a()})",
            lambda: f"'%05.1f' % {self.expr(self.pick(['int', 'float']), d)}",
            lambda: f"'%d' % {self.expr('int', d)}",
            lambda: f"'{{}}:{{}}'.format({a()}, {a()})",
            lambda: f"{self.expr('list', d)}|join({self.pick(SEPS)})",
            lambda: f"{a()}|string", lambda: f"{a()}|tojson",
            lambda: f"{s()}.split({self.pick(SEPS[:3])})|join('+')",
            lambda: f"{s()}|center({self.r.randint(0, 20)})",
            lambda: f"{s()}|truncate({self.r.randint(3, 20)})",
            lambda: f"{s()}|replace({self.pick(STR_LITS)}, {self.pick(STR_LITS)})",
            lambda: f"{s()}|default({self.pick(STR_LITS)}, true)", lambda: f"{a()}|pprint",
            lambda: f"{s()}.strip()", lambda: f"{s()}.zfill({self.r.randint(0, 8)})",
            lambda: f"{s()}|indent({self.r.randint(0, 4)})",
            lambda: f"{s()}|wordwrap({self.r.randint(5, 20)})", lambda: f"{a()} ~ ''",
            lambda: f"{s()}|e", lambda: f"'%s' % ({a()},)",
            lambda: f"'{{:>{self.r.randint(0, 12)}}}'.format({a()})",
            lambda: f"{s()}.split()[{self.r.randint(-2, 2)}]",
            lambda: f"{s()}.lower().startswith({self.pick(STR_LITS)})|string",
            lambda: f"({a()}, {a()})|join",
            lambda: f"{s()}|urlencode",
            lambda: f"{s()}.title().swapcase()",
        ][c]()

    def e_bool(self, d):
        a = lambda: self.expr("any", d)  # noqa: E731
        n = lambda: self.expr(self.pick(["int", "float"]), d)  # noqa: E731
        tests = ["defined", "undefined", "none", "number", "string", "mapping", "sequence",
                 "iterable", "integer", "float", "odd", "even", "divisibleby 3", "lower",
                 "upper", "true", "false", "boolean", "eq 0", "gt 1", "in [1, 'a']"]
        c = self.r.randint(0, 13)
        return [
            lambda: f"{n()} < {n()}", lambda: f"{a()} == {a()}", lambda: f"{n()} >= {n()}",
            lambda: f"{self.expr('str', d)} in {self.expr('str', d)}",
            lambda: f"{a()} in {self.expr('list', d)}",
            lambda: f"{self.pick(STR_LITS)} in {self.expr('dict', d)}",
            lambda: f"{a()} is {self.pick(tests)}", lambda: f"not {a()}",
            lambda: f"{self.expr('bool', d)} and {a()}", lambda: f"{a()} or {self.expr('bool', d)}",
            lambda: f"{self.expr('str', d)}.startswith({self.pick(STR_LITS)})",
            lambda: f"{a()} != {a()}", lambda: f"{self.expr('str', d)}.isdigit()",
            lambda: f"{a()} is not {self.pick(tests)}",
        ][c]()

    def e_list(self, d):
        a = lambda: self.expr("any", d)  # noqa: E731
        li = lambda: self.expr("list", d)  # noqa: E731
        lod = self.var("lod")
        c = self.r.randint(0, 17 if lod else 15)
        opts = [
            lambda: f"[{a()}, {a()}]", lambda: f"{li()} + {li()}",
            lambda: f"{self.expr('str', d)}.split()", lambda: f"{li()}|sort",
            lambda: f"{li()}|unique|list", lambda: f"{li()}|reverse|list",
            lambda: f"{li()}|map('string')|list", lambda: f"{li()}|select|list",
            lambda: f"range({self.r.randint(0, 6)})|list", lambda: f"{li()}[1:]",
            lambda: f"{self.expr('dict', d)}.keys()|list", lambda: f"{self.expr('dict', d)}|dictsort",
            lambda: f"({a()}, {a()})", lambda: f"{li()}|batch(2)|list",
            lambda: f"{self.expr('str', d)}|list", lambda: f"{li()} * {self.small()}",
        ]
        if lod:
            expr, keys = lod
            opts += [lambda: f"{expr}|map(attribute={self.pick(keys)!r})|list",
                     lambda: f"{expr}|selectattr({self.pick(keys)!r})|list"]
        return opts[c]()

    def e_dict(self, d):
        a = lambda: self.expr("any", d)  # noqa: E731
        c = self.r.randint(0, 5)
        return [
            lambda: f"{{'k': {a()}, 'z': {a()}}}", lambda: f"dict(a={a()})",
            lambda: f"{self.expr('dict', d)}.get({self.pick(SUBKEYS)!r}, {{}})",
            lambda: f"{{{self.expr('str', d)}: {a()}}}",
            lambda: f"dict({self.expr('dict', d)}, extra={a()})",
            lambda: f"({self.expr('dict', d)} or {{'empty': true}})",
        ][c]()

    def e_none(self, d):
        return "none"

    def e_any(self, d):
        c = self.r.randint(0, 11)
        if c < 6:
            return self.expr(self.pick(["int", "float", "str", "bool", "list", "dict"]), d)
        a = lambda: self.expr("any", d)  # noqa: E731
        return [
            lambda: f"({a()} if {self.expr('bool', d)} else {a()})",
            lambda: f"{self.expr('dict', d)}.get({self.pick(SUBKEYS)!r}, {a()})",
            lambda: f"{self.expr('list', d)}|first",
            lambda: f"{self.expr('list', d)}|last",
            lambda: f"{a()}|default({a()})",
            lambda: f"{self.expr('dict', d)}.{self.pick(SUBKEYS)}",
        ][c - 6]()

    # ---- statements ---------------------------------------------------------------------
    def ws(self):
        return self.pick(["", "", "", "-"])

    def tag(self, body):
        return "{%" + self.ws() + " " + body + " " + self.ws() + "%}"

    def out(self, e):
        return "{{" + self.ws() + " " + e + " " + self.ws() + "}}"

    def stmt(self, depth=0):
        c = self.r.randint(0, 14) if depth < 2 else 0
        text = self.pick(TEXT)
        if c <= 4:
            return text + self.out(self.expr(self.pick(["any", "str", "int", "float", "list"])))
        if c == 5:
            return (self.tag(f"if {self.expr('bool')}") + self.stmt(depth + 1)
                    + (self.tag(f"elif {self.expr('any')}") + self.stmt(depth + 1)
                       if self.r.random() < 0.4 else "")
                    + (self.tag("else") + self.stmt(depth + 1) if self.r.random() < 0.5 else "")
                    + self.tag("endif"))
        if c in (6, 7):
            it = self.pick(["list", "list", "str", "dict"])
            target = "x"
            src = self.expr(it, 2)
            if it == "dict" and self.r.random() < 0.5:
                target, src = "k, v", f"{src}.items()"
            self.locals.append("x" if target == "x" else "k")
            attr = self.pick(["loop.index", "loop.index0", "loop.first", "loop.last",
                              "loop.length", "loop.revindex", "loop.cycle('a', 'b')",
                              "loop.previtem", "loop.nextitem", "loop.depth"])
            body = (self.out(self.expr("any")) + self.pick(["", self.out(attr)])
                    + self.pick(["", "{% if not loop.last %}, {% endif %}"]))
            cond = f" if {self.expr('bool', 3)}" if self.r.random() < 0.15 else ""
            els = self.tag("else") + "empty" if self.r.random() < 0.2 else ""
            s = (self.tag(f"for {target} in {src}{cond}") + body + els + self.tag("endfor"))
            self.locals.pop()
            return text + s
        if c == 8:
            name = self.pick(["v", "w", "tmp"])
            s = self.tag(f"set {name} = {self.expr('any')}")
            self.locals.append(name)
            return s + self.stmt(depth + 1)
        if c == 9:
            return (self.tag("set blk") + self.stmt(depth + 1) + self.tag("endset")
                    + self.out(self.pick(["blk", "blk|length", "blk|trim|upper", "blk ~ '|'"])))
        if c == 10:
            self.locals.append("a")
            s = (self.tag(f"with a = {self.expr('any')}") + self.stmt(depth + 1)
                 + self.tag("endwith"))
            self.locals.pop()
            return s
        if c == 11:
            src = self.expr("list", 2)
            op = self.pick(["ns.acc + [x]", "ns.acc ~ x", "ns.acc + 1"])
            init = {"ns.acc + [x]": "[]", "ns.acc ~ x": "''", "ns.acc + 1": "0"}[op]
            return (self.tag(f"set ns = namespace(acc={init})") + self.tag(f"for x in {src}")
                    + self.tag(f"set ns.acc = {op}") + self.tag("endfor") + self.out("ns.acc"))
        if c == 12:
            self.locals.append("p")
            body = self.out(self.expr("any"))
            self.locals.pop()
            call = self.pick([f"m({self.expr('any')})", "m()", f"m(p={self.expr('any')})"])
            if self.r.random() < 0.3:
                return (self.tag(f"macro m(p={self.leaf('any')})") + body
                        + "{{ caller() }}" + self.tag("endmacro")
                        + self.tag(f"call {call}") + self.pick(TEXT) + self.tag("endcall"))
            return (self.tag(f"macro m(p={self.leaf('any')})") + body + self.tag("endmacro")
                    + self.out(self.pick([call, f"{call}|trim", f"{call} ~ {call}"])))
        if c == 13:
            flt = self.pick(["upper", "trim", "replace('a', 'o')", "title", "indent(2)",
                             "center(20)"])
            return self.tag(f"filter {flt}") + self.stmt(depth + 1) + self.tag("endfilter")
        # list-building in the Python way
        src = self.expr("list", 2)
        return (self.tag("set l = []") + self.tag(f"for x in {src}")
                + self.tag(f"set _ = l.append({self.pick(['x', 'x|string', '(x, loop.index)'])})")
                + self.tag("endfor") + self.out(self.pick(["l", "l|join(',')", "l|length",
                                                           "l|tojson"])))

    def template(self):
        self.locals = []
        parts = [self.stmt() for _ in range(self.r.randint(1, 4))]
        end = self.pick(["", "", "\n", "\n\n", " "])
        return "".join(parts) + end


def cases():
    rng = random.Random(SEED)
    g = Gen(rng)
    out = []
    for i in range(COUNT):
        payload = g.payload()
        template = g.template()
        out.append({"id": f"generated-{i:05d}", "group": "generated", "template": template,
                    "payload_text": json.dumps(payload, ensure_ascii=False)})
    return out


if __name__ == "__main__":
    for c in cases():
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
