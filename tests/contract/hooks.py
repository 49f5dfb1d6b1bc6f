"""Schemathesis hooks for the contract run (loaded by run_schemathesis.sh via SCHEMATHESIS_HOOKS).

A repeated `Idempotency-Key` on `POST /api/v3/webhooks` is answered, as the contract says, with
the first response, even when the webhook it created has since been deleted. Generated keys
repeat often (short strings such as "0"), so the stateful phase would read such a replay as "a
created resource is not found". Clients use one key per create, so every valid generated key is
replaced by a fresh UUID, in every phase; out-of-range keys are kept, so their rejection is
still checked.
"""

import uuid

import schemathesis


@schemathesis.hook("map_case").apply_to(method="POST", path="/api/v3/webhooks")
def fresh_idempotency_key(ctx, case):
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    return case
