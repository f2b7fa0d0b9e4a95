"""A small block-style YAML writer (stdlib only) for JSON-like data: dicts, lists, str, int, float, bool, None.
Strings that YAML would read as something else (numbers, booleans, null, leading indicators) are written as
JSON strings, which YAML reads back unchanged."""
import json
import re

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./-]*$")
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def _scalar(v):
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    s = str(v)
    if _PLAIN.match(s) and s.lower() not in _SPECIAL:
        return s
    return json.dumps(s)


def _key(k):
    return _scalar(str(k))


def _lines(v, indent):
    pad = " " * indent
    if isinstance(v, dict):
        if not v:
            return [pad + "{}"]
        out = []
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{_key(k)}:")
                # lists of a mapping stay at the mapping's indent (as kubectl and controller-gen write them)
                out.extend(_lines(x, indent if isinstance(x, list) else indent + 2))
            else:
                out.append(f"{pad}{_key(k)}: {_flow(x)}")
        return out
    if isinstance(v, list):
        if not v:
            return [pad + "[]"]
        out = []
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = _lines(x, indent + 2)
                out.append(f"{pad}- {sub[0][indent + 2:]}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {_flow(x)}")
        return out
    return [pad + _scalar(v)]


def _flow(v):
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return _scalar(v)


def dump(data):
    """YAML text of one document (no leading '---')."""
    return "\n".join(_lines(data, 0)) + "\n"
