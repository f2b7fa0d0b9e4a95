"""Follows <modelPrefix>/promoted.json (written by the portal when a version is promoted or rolled back): a new
version is loaded and checked beside the one in use, then swapped in with one assignment, so requests never wait
and never see a half-loaded model. A version that fails to load is reported and the previous one keeps serving."""
import json
import threading
from datetime import datetime, timezone

from .model import LoadedModel, ModelError


def _now():
    return datetime.now(timezone.utc).isoformat()


class ModelWatcher:
    def __init__(self, s3, bucket, prefix, max_bytes):
        self.s3, self.bucket, self.prefix, self.max_bytes = s3, bucket, prefix.strip("/"), max_bytes
        self.model = None
        self.loaded_at = None
        self.error = None
        self.checked_at = None
        self._lock = threading.Lock()

    def status(self):
        m = self.model
        return {"version_id": m.version_id if m else None, "loaded_at": self.loaded_at,
                "checked_at": self.checked_at, "error": self.error,
                "users": len(m.user_index) if m else 0, "products": len(m.product_ids) if m else 0}

    def _read(self, key):
        try:
            obj = self.s3.get_object(Bucket=self.bucket, Key=key)
        except self.s3.exceptions.NoSuchKey:
            return None
        if obj["ContentLength"] > self.max_bytes:
            obj["Body"].close()
            raise ModelError(f"{key} is {obj['ContentLength']} bytes, over the {self.max_bytes}-byte bound")
        return obj["Body"].read()

    def refresh(self):
        """One check of promoted.json; loads the promoted version if it is not the one served."""
        with self._lock:
            self.checked_at = _now()
            try:
                raw = self._read(f"{self.prefix}/promoted.json")
                if raw is None:
                    self.error = None if self.model else "no version promoted yet"
                    return
                promoted = json.loads(raw)
                version = promoted.get("version_id") if isinstance(promoted, dict) else None
                if not isinstance(version, str) or not version:
                    raise ModelError("promoted.json has no version_id")
                if self.model and self.model.version_id == version:
                    self.error = None
                    return
                base = f"{self.prefix}/versions/{version}/"
                manifest, npz = self._read(base + "model.json"), self._read(base + "model.npz")
                if manifest is None or npz is None:
                    raise ModelError(f"version {version} has no model files under {base}")
                model = LoadedModel.from_bytes(manifest, npz, expected_version=version)
                self.model, self.loaded_at, self.error = model, _now(), None
            except (ModelError, ValueError) as e:
                self.error = f"{e}; serving {self.model.version_id if self.model else 'nothing'}"
            except Exception as e:  # the object store is down or slow: keep serving, say so
                self.error = f"{e.__class__.__name__}: {e}; serving {self.model.version_id if self.model else 'nothing'}"

    def run(self, every_s, stop):
        while not stop.wait(every_s):
            self.refresh()

    def start(self, every_s):
        stop = threading.Event()
        self.refresh()
        threading.Thread(target=self.run, args=(every_s, stop), daemon=True, name="model-watcher").start()
        return stop

