"""The Python side of the preview benchmark: what `oomhook preview --ndjson` does, done with
Jinja2 — json.loads each line, render the preset's body with the same context, write the
compact JSON body per line."""
import json
import sys

import jinja2
import yaml

preset_path, payload_path = sys.argv[1], sys.argv[2]
preset = yaml.safe_load(open(preset_path))
env = jinja2.Environment()
tmpl = env.from_string(preset["body"])
out = sys.stdout
for line in open(payload_path):
    payload = json.loads(line)
    ctx = {"payload": payload, "headers": {}, "oomnitza_event": preset["event"]}
    ctx.update(payload)
    rendered = tmpl.render(ctx)
    out.write(json.dumps(json.loads(rendered), separators=(",", ":"), ensure_ascii=False))
    out.write("\n")
