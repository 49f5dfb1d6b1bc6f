"""The Python side of the preview benchmark: what `oomhook preview --ndjson` does, done with
Jinja2. Per line: json.loads, render the preset's body with the same context, then

- by default, as oomhook does: check the result is JSON and write it compact, one per line
  (json.loads + json.dumps);
- with --render-only: write the rendered text as it is, on one line (json.loads, then render,
  and nothing more).
"""
import json
import sys

import jinja2
import yaml

args = [a for a in sys.argv[1:] if not a.startswith("--")]
render_only = "--render-only" in sys.argv
preset_path, payload_path = args[0], args[1]
preset = yaml.safe_load(open(preset_path))
env = jinja2.Environment()
tmpl = env.from_string(preset["body"])
out = sys.stdout


def at_path(value, path):
    for seg in path.split("."):
        if isinstance(value, list) and seg.isdigit() and int(seg) < len(value):
            value = value[int(seg)]
        elif isinstance(value, dict) and seg in value:
            value = value[seg]
        else:
            return None
    return value


# A preset that batches (`items`) renders each item of a handled event type, as oomhook does.
items_path = preset.get("items")
type_path = (preset.get("event_type") or {}).get("path")
for line in open(payload_path):
    payload = json.loads(line)
    ctx = {"payload": payload, "headers": {}, "oomnitza_event": preset["event"]}
    ctx.update(payload)
    if items_path:
        contexts = []
        for i, item in enumerate(at_path(payload, items_path) or []):
            if type_path and at_path(item, type_path) not in preset["vendor_events"]:
                continue
            contexts.append(dict(ctx, item=item, item_index=i))
    else:
        contexts = [ctx]
    for c in contexts:
        rendered = tmpl.render(c)
        if render_only:
            out.write(rendered.replace("\n", " "))
        else:
            out.write(json.dumps(json.loads(rendered), separators=(",", ":"), ensure_ascii=False))
        out.write("\n")
