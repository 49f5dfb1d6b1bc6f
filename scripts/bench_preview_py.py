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
for line in open(payload_path):
    payload = json.loads(line)
    ctx = {"payload": payload, "headers": {}, "oomnitza_event": preset["event"]}
    ctx.update(payload)
    rendered = tmpl.render(ctx)
    if render_only:
        out.write(rendered.replace("\n", " "))
    else:
        out.write(json.dumps(json.loads(rendered), separators=(",", ":"), ensure_ascii=False))
    out.write("\n")
