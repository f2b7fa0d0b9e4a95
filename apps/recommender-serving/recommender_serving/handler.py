"""What the service answers, without Ray: the HTTP layer (service.py) passes the path and query here.
  GET /recommend?user_id=U&k=N  top-N products for U (N 1..100, default 10) from the promoted version
  GET /status                   the version served, when it was loaded, the last error (as data)"""
import re

from .model import MAX_K

USER_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")


def handle(path, query, state):
    """(status, body). `state`: the ModelWatcher (current model, loaded_at, error)."""
    if path.rstrip("/") in ("", "/status"):
        return 200, state.status()
    if path.rstrip("/") != "/recommend":
        return 404, {"error": f"no route {path}: use /recommend?user_id=&k= or /status"}
    user_id = query.get("user_id", "")
    if not USER_ID.fullmatch(user_id):
        return 400, {"error": "user_id is required: 1-128 letters, digits or ._:@-"}
    raw_k = query.get("k", "10")
    if not raw_k.isdigit() or not 1 <= int(raw_k) <= MAX_K:
        return 400, {"error": f"k must be a whole number from 1 to {MAX_K} (got {raw_k!r})"}
    model = state.model
    if model is None:
        return 503, {"error": "no model version is promoted yet: promote one on the portal's Recommendations page",
                     "detail": state.error}
    answer = model.recommend(user_id, int(raw_k))
    return 200, {"user_id": user_id, "version_id": model.version_id, **answer}
