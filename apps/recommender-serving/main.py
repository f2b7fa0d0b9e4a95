"""Entrypoint (a Ray job driver runs it): deploys the recommender as a Ray Serve application and returns; the
application keeps running on the cluster (Serve outlives the job that deployed it). Re-running it updates the
application in place. On Kubernetes, k8s/ deploys the same application as a RayService instead."""
import sys

from ray import serve

from recommender_serving import config
from recommender_serving.service import app


def main():
    try:
        cfg = config.load()
    except ValueError as e:
        print(f"recommender-serving: {e}", flush=True)
        return 2
    serve.start(http_options={"host": cfg["httpHost"], "port": cfg["httpPort"]})
    serve.run(app(cfg), name=cfg["application"], route_prefix=cfg["routePrefix"], blocking=False)
    print(f"recommender-serving: application '{cfg['application']}' is up on {cfg['httpHost']}:{cfg['httpPort']}"
          f"{cfg['routePrefix']} (GET /recommend?user_id=&k=, GET /status), following "
          f"s3://{cfg['bucket']}/{cfg['modelPrefix']}/promoted.json every {cfg['pollSeconds']} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
