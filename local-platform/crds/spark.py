"""DERIVED, NOT PUBLISHED: builds the spark-operator's SparkApplication and ScheduledSparkApplication CRDs from the
pydantic models of PyPI `kubeflow-spark-api` (the operator's Go API types, generated into Python by the
operator project through OpenAPI). No registry reachable here serves the operator's own CRD files or its Go
module, so this is the closest served source; it is a reconstruction, not the operator's published CRD.

Runs inside the venv `lp crds` makes for it (kubeflow-spark-api + pydantic, from the pip cache when warm):

    <venv>/bin/python local-platform/crds/spark.py <out-dir> <kubeflow-spark-api version>

How a model becomes a structural openAPIV3Schema (what a kube-apiserver accepts):
* every referenced model is inlined (no $ref); a model met again inside itself becomes schemaless;
* Optional[X] is just X, except times (metav1.Time, written as null when unset) which are `nullable: true`;
* List[X] -> array of X; Dict[str, X] -> object with additionalProperties X; Any -> preserve-unknown-fields;
* IntOrString and resource.Quantity -> `x-kubernetes-int-or-string: true`;
* metadata at the root -> `type: object` (the API server owns it); ObjectMeta anywhere else and the driver's /
  executor's pod `template` (which the operator declares schemaless) -> `type: object` +
  `x-kubernetes-preserve-unknown-fields: true`;
* required = the model's required fields.
Not in the models, hence not here: the operator's kubebuilder enums, defaults and minimum/maximum (e.g. spec.type,
spec.mode, restartPolicy.type, pythonVersion are free strings here), integer formats, descriptions, printer
columns and short names. Enums the models carry for Kubernetes core types (+enum) are left out, as controller-gen
leaves them out of the operator's real CRD.
"""
import datetime
import importlib.metadata
import sys
import textwrap
import typing
from pathlib import Path

import kubeflow_spark_api.models as m
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
import yamlout  # noqa: E402

GROUP, VERSION = "sparkoperator.k8s.io", "v1beta2"
KINDS = {  # kind -> (root model, plural)
    "SparkApplication": (m.SparkV1beta2SparkApplication, "sparkapplications"),
    "ScheduledSparkApplication": (m.SparkV1beta2ScheduledSparkApplication, "scheduledsparkapplications"),
}
INT_OR_STRING = {"IoK8sApimachineryPkgUtilIntstrIntOrString", "IoK8sApimachineryPkgApiResourceQuantity"}
OBJECT_META = "IoK8sApimachineryPkgApisMetaV1ObjectMeta"
# spark-operator marks the pod templates `+kubebuilder:validation:Schemaless` + `PreserveUnknownFields`
SCHEMALESS = {"IoK8sApiCoreV1PodTemplateSpec"}
PRESERVE = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}


class Deriver:
    def __init__(self):
        self.stack = []

    def of_type(self, tp):
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Annotated:  # Strict(), Field(constraints): the base type decides
            return self.of_type(args[0])
        if origin is typing.Union:
            rest = [a for a in args if a is not type(None)]
            base = {typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a for a in rest}
            if len(rest) == 1:
                return self.of_type(rest[0])
            if base == {int, float}:
                return {"type": "number"}
            if base == {bytes, str}:
                return {"type": "string", "format": "byte"}
            raise TypeError(f"unsupported union {tp}")
        if origin in (list, typing.List):
            return {"type": "array", "items": self.of_type(args[0])}
        if origin in (dict, typing.Dict):
            return {"type": "object", "additionalProperties": self.of_type(args[1])}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is bytes:
            return {"type": "string", "format": "byte"}
        if tp is datetime.datetime:  # metav1.Time marshals its zero value as null
            return {"type": "string", "format": "date-time", "nullable": True}
        if tp is datetime.date:
            return {"type": "string", "format": "date"}
        if tp is typing.Any or tp is object:
            return {"x-kubernetes-preserve-unknown-fields": True}
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return self.of_model(tp)
        raise TypeError(f"unsupported type {tp!r}")

    def of_model(self, cls, root=False):
        name = cls.__name__
        if name in INT_OR_STRING:
            return {"x-kubernetes-int-or-string": True}
        if name == OBJECT_META:
            return {"type": "object"} if root else dict(PRESERVE)
        if name in SCHEMALESS or cls in self.stack:
            return dict(PRESERVE)
        if "actual_instance" in cls.model_fields:  # another oneOf wrapper: refuse to guess
            raise TypeError(f"unsupported oneOf model {name}")
        self.stack.append(cls)
        props, required = {}, []
        for fname, field in cls.model_fields.items():
            key = field.alias or fname
            if root and key == "metadata":
                props[key] = {"type": "object"}
            else:
                props[key] = self.of_type(field.annotation)
            if field.is_required():
                required.append(key)
        self.stack.pop()
        out = {"type": "object", "properties": dict(sorted(props.items()))}
        if required:
            out["required"] = sorted(required)
        return out


def crd(kind, source):
    model, plural = KINDS[kind]
    schema = Deriver().of_model(model, root=True)
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "annotations": {
                # *.k8s.io groups need this annotation; the operator's group was approved in that PR
                "api-approved.kubernetes.io": "https://github.com/kubeflow/spark-operator/pull/1298",
                "lakehouse.io/crd-source": f"DERIVED from {source} by local-platform/crds/spark.py (not published)",
            },
            "name": f"{plural}.{GROUP}",
        },
        "spec": {
            "group": GROUP,
            "names": {"kind": kind, "listKind": f"{kind}List", "plural": plural, "singular": kind.lower()},
            "scope": "Namespaced",
            "versions": [{"name": VERSION, "schema": {"openAPIV3Schema": schema}, "served": True, "storage": True,
                          "subresources": {"status": {}}}],
        },
    }


HEADER = (
    "DERIVED, NOT PUBLISHED. This {kind} CRD is not the spark-operator's own file: no package registry reachable "
    "here serves that file (config/crd/bases/{group}_{plural}.yaml) or the operator's Go module. It was derived "
    "by local-platform/crds/spark.py (`local-platform/lp crds`) from the pydantic models of {source}, the "
    "operator's API types: same group/version/kind/plural, namespaced, status subresource, and the models' "
    "fields, types and required fields. Missing compared with a published CRD: the operator's kubebuilder "
    "enums, defaults and minimum/maximum, integer formats, descriptions. Regenerated by `local-platform/lp crds`; "
    "do not edit."
)


def header(**kw):
    return textwrap.fill(HEADER.format(**kw), width=110, initial_indent="# ", subsequent_indent="# ") + "\n"


def main(out, want):
    got = importlib.metadata.version("kubeflow-spark-api")
    if got != want:
        raise SystemExit(f"spark.py: kubeflow-spark-api {got} installed, {want} pinned")
    source = f"PyPI kubeflow-spark-api=={got} (pydantic {importlib.metadata.version('pydantic')})"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for kind, (_, plural) in KINDS.items():
        path = out / f"{GROUP}_{plural}.yaml"
        path.write_text(header(kind=kind, group=GROUP, plural=plural, source=source) + "---\n"
                        + yamlout.dump(crd(kind, f"PyPI kubeflow-spark-api=={got}")))
        print(path.name)


if __name__ == "__main__":
    main(*sys.argv[1:3])
