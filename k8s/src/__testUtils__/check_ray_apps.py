"""Runs what KubeRay would run for the platform's apps, short of starting them, with the local platform's Ray:
the RayService's serveConfigV2 through Ray Serve's own schema and each application's builder with its args; each
RayJob's settings through its app's own checks. Reads a JSON request on stdin, prints one JSON answer:
{"errors": [...], "serve": [{"name", "deployments": {name: num_replicas}}], "jobs": [...]}."""
import importlib
import io
import json
import os
import sys
from contextlib import redirect_stderr
from pathlib import Path


def imported(module, path):
    """The module as the image's PYTHONPATH (or a main.py's folder) would import it, without earlier copies."""
    for name in [m for m in sys.modules if m == module.split(".")[0] or m.startswith(module.split(".")[0] + ".")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(path)


def check_serve(config_yaml, python_path, errors):
    import yaml
    from ray import serve
    from ray.serve._private.api import call_user_app_builder_with_args_if_necessary
    from ray.serve.schema import ServeDeploySchema

    schema = ServeDeploySchema.parse_obj(yaml.safe_load(config_yaml))
    out = []
    for app in schema.applications:
        module, _, attr = app.import_path.partition(":")
        saved = dict(os.environ)
        os.environ.update((app.runtime_env or {}).get("env_vars", {}))
        try:
            builder = getattr(imported(module, python_path), attr)
            built = call_user_app_builder_with_args_if_necessary(builder, app.args)
        except Exception as e:  # noqa: BLE001 - the reason is the answer
            errors.append(f"application {app.name}: {type(e).__name__}: {e}")
            continue
        finally:
            os.environ.clear()
            os.environ.update(saved)
        if not isinstance(built, serve.Application):
            errors.append(f"application {app.name}: {app.import_path} built {type(built).__name__}, not an Application")
            continue
        deployment = built._bound_deployment
        out.append({"name": app.name, "deployments": {deployment.name: deployment.num_replicas}})
    return out


def check_job(job, errors):
    """The checks each app runs first when it starts, so a bad manifest fails here instead of in the cluster."""
    app_dir, argv, env = job["appDir"], job["argv"], job["env"]
    app = Path(app_dir).name
    try:
        if app == "clickstream-simulator":
            stderr = io.StringIO()
            try:
                with redirect_stderr(stderr):
                    a = imported("main", app_dir).parse(argv)
            except SystemExit:
                raise ValueError(stderr.getvalue().strip().splitlines()[-1]) from None
            control = sys.modules["clickstream_simulator.control"]
            live = imported("clickstream_simulator.live", app_dir)
            control.check(control.Settings(running=not a.stopped, rate=a.rate, fraud_per_minute=a.fraud_per_minute),
                          live.max_rate(a.num_users))
            return {"app": app, "settings": {"rate": a.rate, "fraudPerMinute": a.fraud_per_minute,
                                             "duration": a.duration, "controlPrefix": a.control_prefix}}
        if app == "recommender-training":
            if argv:
                raise ValueError(f"takes no arguments (settings are REC_* variables), got {argv}")
            cfg = imported("recommender_training.config", app_dir).load(env)
            return {"app": app, "settings": {"catalogUri": cfg["catalogUri"], "workers": cfg["workers"]}}
        raise ValueError("no check for this app: add one to check_ray_apps.py")
    except Exception as e:  # noqa: BLE001
        errors.append(f"RayJob of {app}: {e}")
        return {"app": app}


def main():
    request = json.load(sys.stdin)
    errors = []
    serve_apps = []
    for service in request.get("services", []):
        try:
            serve_apps += check_serve(service["serveConfig"], service["pythonPath"], errors)
        except Exception as e:  # noqa: BLE001
            errors.append(f"serveConfigV2: {type(e).__name__}: {str(e).splitlines()[0]}")
    jobs = [check_job(job, errors) for job in request.get("jobs", [])]
    print(json.dumps({"errors": errors, "serve": serve_apps, "jobs": jobs}))


if __name__ == "__main__":
    main()
