#!/usr/bin/env python3
"""The `vendor` corpus: realistic body templates over the real vendor sample payloads in
presets/*/samples/*.json.

Two parts, both deterministic:
- every preset's own body (presets/*/*.yaml) over each of its samples, with `oomnitza_event`
  set to the preset's event, and for a batching preset (`items`) `item`/`item_index` set to
  each item in turn, as a delivery renders them (presets/README.md);
- Python-flavoured bodies of the kind admins write, made by the recipes below from the fields
  each sample has (its strings, numbers, booleans, dates, dicts and lists of dicts):
  `'%s %s' % (a, b)`, `d.get('x', '')`, `{% set l = [] %}{% set _ = l.append(...) %}`,
  `|join`, `|default`, `|tojson`, `replace`, `split`, conditionals on missing keys, loops with
  `loop.last` commas, `|selectattr`, `|map(attribute=)`, dates as strings, and so on. The
  recipes are taken in turn over the samples (sorted by path), so every recipe is used.

`cases()` returns them; run as a script it writes them as JSON lines to stdout. Needs PyYAML.
See docs/parity-corpora.md.
"""

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
PRESETS = ROOT / "presets"
VARIANTS = 110
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _access(base, key):
    if IDENT.match(key) and key not in ("items", "keys", "values", "get", "update", "pop"):
        return f"{base}.{key}"
    return f"{base}[{key!r}]"


def _walk(value, expr, out, depth=0):
    """Every (expression, value) reachable from `expr`, following the first item of lists."""
    out.append((expr, value))
    if depth > 6:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, _access(expr, k), out, depth + 1)
    elif isinstance(value, list) and value:
        _walk(value[0], f"{expr}[0]", out, depth + 1)


class Fields:
    """The sample's fields by kind, each an expression a template can use."""

    def __init__(self, payload):
        found = []
        if isinstance(payload, dict):
            for k, v in payload.items():
                # Top-level keys are variables of their own (a key named `payload` or
                # `headers` wins over the context's); others are reached through `payload`.
                if IDENT.match(k):
                    _walk(v, k, found)
                elif "payload" not in payload:
                    _walk(v, _access("payload", k), found)
        self.strings = [e for e, v in found if isinstance(v, str) and v and not DATE.match(v)]
        self.dates = [e for e, v in found if isinstance(v, str) and DATE.match(v)]
        self.numbers = [e for e, v in found
                        if isinstance(v, (int, float)) and not isinstance(v, bool)]
        self.bools = [e for e, v in found if isinstance(v, bool)]
        self.dicts = [(e, v) for e, v in found if isinstance(v, dict) and v]
        self.lists = [(e, v) for e, v in found
                      if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        self.scalar_lists = [e for e, v in found
                             if isinstance(v, list) and v
                             and all(isinstance(x, (str, int, float)) for x in v)]
        names = [e for e in self.strings if re.search(r"name|login|email|mail", e, re.I)]
        self.names = names or self.strings

    def s(self, i=0):
        return self.names[i % len(self.names)] if self.names else "'n/a'"

    def any_str(self, i):
        return self.strings[i % len(self.strings)] if self.strings else "'n/a'"


def _str_keys(d):
    return [k for k, v in d.items() if isinstance(v, str) and IDENT.match(k)]


# Each recipe takes the sample's fields and returns a template, or None when the sample has no
# field of the kind it needs (then the next recipe is tried).
def r_fullname_printf(f):
    return ('{"full_name": {{ (\'%%s %%s\' %% (%s, %s)).strip()|tojson }}}'
            % (f.s(0), f.s(1)))


def r_get_default(f):
    if not f.dicts:
        return None
    expr, d = f.dicts[-1]
    key = next(iter(d))
    return ('{\n  "a": {{ %s.get(%r, \'\')|tojson }},\n  "b": {{ %s.get(\'no_such_key\', '
            '\'n/a\')|tojson }},\n  "c": {{ %s.get(\'no_such_key\') }}\n}' % (expr, key, expr, expr))


def r_append_join(f):
    if not f.strings:
        return None
    parts = ", ".join(f.strings[:4])
    return ("{% set l = [] %}{% for v in [" + parts + "] %}{% if v %}"
            "{% set _ = l.append(v|string|trim) %}{% endif %}{% endfor %}"
            '{"summary": {{ l|join(" / ")|tojson }}, "count": {{ l|length }}}')


def r_default(f):
    return ('{"name": {{ %s|default(\'unknown\')|tojson }}, "missing": '
            '{{ no_such_field|default(\'\')|tojson }}, "empty": {{ \'\'|default(\'x\', true)|tojson }}, '
            '"nested": {{ payload.nope|default(none)|tojson }}}' % f.s(0))


def r_tojson_subtree(f):
    if not f.dicts:
        return None
    expr, _ = f.dicts[len(f.dicts) // 2]
    return "{{ %s|tojson }}\n{{ %s|tojson(indent=2) }}" % (expr, expr)


def r_email_split(f):
    mail = [e for e in f.strings if re.search(r"mail|login|alternateId|username", e, re.I)]
    e = mail[0] if mail else f.s(0)
    return ("{%% set local = %s.split('@')[0] %%}"
            '{"display": {{ local.replace(\'.\', \' \').replace(\'_\', \' \')|title|tojson }}, '
            '"domain": {{ (%s.split(\'@\') + [\'\'])[1]|lower|tojson }}, '
            '"upper": {{ local.upper()|tojson }}}' % (e, e))


def r_missing_conditional(f):
    if not f.dicts:
        return None
    expr, d = f.dicts[0]
    key = next(iter(d))
    return ("{%% if %s.no_such_key is defined and %s.no_such_key %%}has{%% else %%}none{%% endif %%}"
            "|{%% if %r in %s %%}in{%% endif %%}|{%% if not %s.get('no_such_key') %%}absent"
            "{%% endif %%}|{{ 'x' if %s.no_such_key is undefined else 'y' }}"
            % (expr, expr, key, expr, expr, expr))


def r_loop_last_commas(f):
    if not f.lists:
        return None
    expr, items = f.lists[0]
    keys = _str_keys(items[0]) or list(items[0])[:1]
    k = keys[0]
    return ("[{%% for x in %s %%}{{ x[%r]|tojson }}{%% if not loop.last %%}, {%% endif %%}"
            "{%% endfor %%}]\n{%% for x in %s %%}{{ loop.index }}/{{ loop.length }} "
            "{%% endfor %%}" % (expr, k, expr))


def r_selectattr(f):
    if not f.lists:
        return None
    expr, items = f.lists[-1]
    keys = list(items[0])
    k = keys[0]
    v = items[0][k]
    k2 = keys[-1]
    return ("{{ (%s|selectattr(%r, 'equalto', %s)|map(attribute=%r)|first)|default('')|tojson }}"
            "|{{ %s|selectattr(%r)|list|length }}|{{ %s|rejectattr(%r, 'none')|list|length }}"
            % (expr, k, json.dumps(v) if not isinstance(v, (dict, list, bool)) and v is not None
               else "none", k2, expr, k, expr, k))


def r_map_attribute(f):
    if not f.lists:
        return None
    expr, items = f.lists[0]
    keys = list(items[0])
    return ("{{ %s|map(attribute=%r)|join('; ') }}|{{ %s|map(attribute=%r)|list|tojson }}"
            % (expr, keys[0], expr, keys[-1]))


def r_dates(f):
    if not f.dates:
        return None
    d = f.dates[0]
    return ('{"date": {{ %s[:10]|tojson }}, "day": {{ %s.split(\'T\')[0].split(\' \')[0]|tojson }}, '
            '"iso": {{ %s.replace(\'Z\', \'+00:00\')|tojson }}, "year": {{ %s[:4]|int }}, '
            '"ts": {{ %s|replace(\'T\', \' \')|truncate(19, true, \'\') }}}' % (d, d, d, d, d))


def r_numbers(f):
    if not f.numbers:
        return None
    n = f.numbers[0]
    return ("{{ %s }}|{{ %s / 1000 }}|{{ '%%.2f' %% %s }}|{{ %s|int // 1000 }}|"
            "{{ (%s / 1000)|round|int }}|{{ %s ~ '' }}|{{ %s|tojson }}|{{ '{:,}'.format(%s) }}"
            % (n, n, n, n, n, n, n, n))


def r_bools(f):
    if not f.bools:
        return None
    b = f.bools[0]
    return ("{\"status\": {{ ('Active' if %s else 'Inactive')|tojson }}, \"raw\": {{ %s|tojson }}, "
            "\"text\": {{ %s|string|lower|tojson }}, \"py\": \"{{ %s }}\"}" % (b, b, b, b))


def r_full_body(f):
    fields = f.strings[:6]
    if not fields:
        return None
    lines = []
    for i, e in enumerate(fields):
        lines.append(f'  "field_{i}": {{{{ {e}|tojson }}}}')
    return "{\n" + ",\n".join(lines) + "\n}"


def r_items_loop(f):
    if not f.dicts:
        return None
    expr, _ = f.dicts[0]
    return ("{%% for k, v in %s.items() %%}{{ k }}={{ v }}\n{%% endfor %%}"
            "{{ %s.keys()|list }}|{{ payload.keys()|list|length }}" % (expr, expr))


def r_string_methods(f):
    s = f.s(0)
    return ("{{ %s.strip().lower() }}|{{ %s.startswith('a') }}|{{ %s|upper }}|"
            "{{ %s[:1]|upper ~ %s[1:] }}|{{ %s.count('a') }}|{{ %s|length }}|{{ %s|wordcount }}"
            % (s, s, s, s, s, s, s, s))


def r_split_parts(f):
    s = f.s(1)
    return ("{%% set parts = (%s or '').split() %%}{\"first\": {{ (parts|first|default('', true))|tojson }}, "
            "\"last\": {{ parts[1:]|join(' ')|tojson }}, \"initials\": "
            "{{ parts|map('first')|join|upper|tojson }}}" % s)


def r_namespace_count(f):
    if not f.lists:
        return None
    expr, items = f.lists[0]
    k = list(items[0])[0]
    return ("{%% set ns = namespace(n=0, names=[]) %%}{%% for x in %s %%}{%% if x[%r] %%}"
            "{%% set ns.n = ns.n + 1 %%}{%% set _ = ns.names.append(x[%r]|string) %%}{%% endif %%}"
            "{%% endfor %%}{{ ns.n }} {{ ns.names|join(',') }}" % (expr, k, k))


def r_macro(f):
    return ("{%% macro field(name, value, last=false) -%%}\n  \"{{ name }}\": {{ value|tojson }}"
            "{{ '' if last else ',' }}\n{%%- endmacro %%}{\n{{ field('a', %s) }}\n"
            "{{ field('b', %s) }}\n{{ field('c', %s, last=true) }}\n}" % (f.s(0), f.s(1), f.any_str(2)))


def r_headers(f):
    return ("{{ headers.get('X-Request-Id', 'none') }}|{{ headers|length }}|{{ payload|length }}|"
            "{{ payload is mapping }}|{{ (payload|dictsort|first)[0] }}")


def r_format(f):
    return ("{{ '{} <{}>'.format(%s, %s) }}|{{ '{:>12}|{:<6}|'.format(%s|string, 'x') }}"
            % (f.s(0), f.s(1), f.s(0)))


def r_dict_literal(f):
    lst = ""
    if f.lists:
        expr, items = f.lists[0]
        lst = ", 'tags': %s|map(attribute=%r)|list" % (expr, list(items[0])[0])
    return ("{{ {'name': %s, 'email': %s, 'source': 'webhook'%s}|tojson }}"
            % (f.s(0), f.s(1), lst))


def r_filters(f):
    s = f.s(0)
    return ("{{ %s|truncate(12) }}|{{ %s|center(30) }}|{{ %s|replace(' ', '_') }}|"
            "{{ %s|title }}|{{ %s|e }}|{{ %s|urlencode }}" % (s, s, s, s, s, s))


def r_or_fallback(f):
    if not f.dicts:
        return None
    expr, d = f.dicts[-1]
    key = list(d)[-1]
    return ("{{ %s.get(%r) or 'fallback' }}|{{ %s[%r] if %r in %s else '' }}|"
            "{{ %s.no_such_key or %s.get(%r) }}" % (expr, key, expr, key, key, expr, expr, expr, key))


def r_concat(f):
    n = f.numbers[0] if f.numbers else "0"
    return "{{ %s ~ ' (' ~ %s ~ ')' }}|{{ %s ~ none ~ true }}" % (f.s(0), n, f.s(1))


def r_inplace_dict(f):
    return ("{%% set d = {} %%}{%% set _ = d.update({'name': %s}) %%}"
            "{%% set _ = d.setdefault('source', 'vendor') %%}{%% set _ = d.setdefault('name', 'x') %%}"
            "{{ d|tojson }}|{{ d.pop('source') }}|{{ d }}" % f.s(0))


def r_dictsort(f):
    if not f.dicts:
        return None
    expr, _ = f.dicts[-1]
    return ("{%% for k, v in %s|dictsort %%}{{ k }}:{{ v|tojson }};{%% endfor %%}"
            "|{{ %s|length }}" % (expr, expr))


def r_list_upper(f):
    if f.scalar_lists:
        e = f.scalar_lists[0]
        return ("{{ %s|length }} items: {{ %s|map('string')|map('upper')|join(', ') }}|"
                "{{ %s|sort|first }}|{{ %s[-1] }}|{{ %s|tojson }}" % (e, e, e, e, e))
    if not f.lists:
        return None
    expr, items = f.lists[0]
    k = list(items[0])[0]
    return ("{{ %s|length }} items: {{ %s|map(attribute=%r)|map('string')|map('upper')|join(', ') }}"
            % (expr, expr, k))


def r_printf_mixed(f):
    n = f.numbers[0] if f.numbers else "0"
    return ("{{ '%%-20s|%%8s|' %% (%s, %s) }}{{ '%%s' %% %s }}{{ '%%(x)s' %% {'x': %s} }}"
            % (f.s(0), n, f.s(1), f.s(0)))


def r_status_map(f):
    s = f.any_str(3)
    return ("{%% set m = {'active': 'Active', 'ACTIVE': 'Active', 'deleted': 'Archived'} %%}"
            "{{ m.get(%s, m.get(%s|lower, 'Unknown')) }}|{{ m[%s] if %s in m else '-' }}"
            % (s, s, s, s))


RECIPES = [
    r_fullname_printf, r_get_default, r_append_join, r_default, r_tojson_subtree,
    r_email_split, r_missing_conditional, r_loop_last_commas, r_selectattr, r_map_attribute,
    r_dates, r_numbers, r_bools, r_full_body, r_items_loop, r_string_methods, r_split_parts,
    r_namespace_count, r_macro, r_headers, r_format, r_dict_literal, r_filters, r_or_fallback,
    r_concat, r_inplace_dict, r_dictsort, r_list_upper, r_printf_mixed, r_status_map,
]


def cases():
    out = []
    for y in sorted(PRESETS.glob("*/*.yaml")):
        preset = yaml.safe_load(y.read_text(encoding="utf-8"))
        body = preset["body"]
        for sample in preset.get("samples", []):
            path = y.parent / sample["file"]
            text = path.read_text(encoding="utf-8")
            prefix = "{%% set oomnitza_event = %r %%}" % preset["event"]
            if preset.get("items"):
                items = json.loads(text)
                for k in preset["items"].split("."):
                    items = items[k]
                for i in range(len(items)):
                    # `items` is a dotted path, which is also a Jinja expression.
                    t = (prefix + "{%% set item = %s[%d] %%}{%% set item_index = %d %%}"
                         % (preset["items"], i, i) + body)
                    out.append({"group": f"preset {preset['id']}", "template": t,
                                "payload_text": text})
            else:
                out.append({"group": f"preset {preset['id']}", "template": prefix + body,
                            "payload_text": text})
    samples = sorted(PRESETS.glob("*/samples/*.json"))
    n = 0
    turn = 0
    while n < VARIANTS:
        path = samples[turn % len(samples)]
        text = path.read_text(encoding="utf-8")
        fields = Fields(json.loads(text))
        for k in range(len(RECIPES)):
            recipe = RECIPES[(turn + k) % len(RECIPES)]
            t = recipe(fields)
            if t is not None:
                out.append({"group": f"recipe {recipe.__name__[2:]}", "template": t,
                            "payload_text": text})
                n += 1
                break
        turn += 1
    for i, c in enumerate(out):
        c["id"] = f"vendor-{i:04d}"
    return out


if __name__ == "__main__":
    for c in cases():
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
