"""The Ray Serve deployment: each replica follows the promoted version (watcher.py) and answers through handler.py."""
import os

import boto3
from botocore.config import Config
from ray import serve
from starlette.requests import Request
from starlette.responses import JSONResponse

from . import config
from .handler import handle
from .watcher import ModelWatcher


@serve.deployment(name="Recommender", ray_actor_options={"num_cpus": 0.1})
class Recommender:
    def __init__(self, cfg):
        s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT"),
                          config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30,
                                        retries={"max_attempts": 2}))
        self.watcher = ModelWatcher(s3, cfg["bucket"], cfg["modelPrefix"], cfg["maxModelBytes"])
        self._stop = self.watcher.start(cfg["pollSeconds"])

    async def __call__(self, request: Request):
        path = request.url.path[len(request.scope.get("root_path", "")):] or "/"
        status, body = handle(path, dict(request.query_params), self.watcher)
        return JSONResponse(body, status_code=status)


def app(cfg):
    return Recommender.options(num_replicas=cfg["replicas"]).bind(cfg)


def build_app(args):
    """Application builder for a RayService's serveConfigV2 (`import_path: recommender_serving.service:build_app`):
    Serve passes the application's `args`, checked like every other setting, so a bad manifest fails the deploy
    with the reason instead of serving defaults."""
    return app(config.load(overrides=dict(args or {})))
