"""The API reference as a page: read from the app's own OpenAPI document (the one at
/api/v1/openapi.json), grouped by tag, with parameters, request bodies, responses and schemas.
Server-rendered: it works without JavaScript and loads nothing from elsewhere."""
from __future__ import annotations

from flask import current_app

METHODS = ("get", "post", "put", "patch", "delete")
_CACHE = "opendata.api_reference"


def _spec() -> dict:
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec_dict()


def _ref_name(node) -> str | None:
    if isinstance(node, dict):
        if "$ref" in node:
            return node["$ref"].rsplit("/", 1)[-1]
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            inner = _ref_name(node["items"])
            return f"{inner}[]" if inner else None
    return None


def _type(node) -> str:
    if not isinstance(node, dict):
        return ""
    name = _ref_name(node)
    if name:
        return name
    kind = node.get("type", "")
    if isinstance(kind, list):
        kind = " | ".join(str(k) for k in kind)
    if node.get("format"):
        kind = f"{kind} ({node['format']})"
    if node.get("enum"):
        kind = f"{kind}: " + ", ".join(str(v) for v in node["enum"] if v is not None)
    return kind or "object"


def reference() -> dict:
    """The page's data, built once per OpenAPI document (the document itself is built once per process)."""
    spec = _spec()
    cached = current_app.extensions.get(_CACHE)
    if cached is not None and cached[0] is spec:
        return cached[1]
    ref = _reference(spec)
    current_app.extensions[_CACHE] = (spec, ref)
    return ref


def _reference(spec: dict) -> dict:
    groups: dict[str, list[dict]] = {}
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                       "type": _type(p.get("schema", {})), "description": p.get("description", "")}
                      for p in (item.get("parameters", []) + op.get("parameters", [])) if isinstance(p, dict)]
            body = [(ctype, _type(c.get("schema", {}))) for ctype, c in
                    (op.get("requestBody", {}).get("content", {}) or {}).items()]
            responses = [(code, r.get("description", ""),
                          ", ".join(_type(c.get("schema", {})) for c in (r.get("content") or {}).values() if c.get("schema")))
                         for code, r in sorted(op.get("responses", {}).items())]
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append({
                "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "").strip("-"),
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "secured": bool(op.get("security")),
                "params": params, "body": body, "responses": responses,
            })
    schemas = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        props = [{"name": k, "type": _type(v), "required": k in required,
                  "read_only": v.get("readOnly", False), "description": v.get("description", "")}
                 for k, v in (schema.get("properties") or {}).items()]
        schemas.append({"name": name, "props": props, "description": schema.get("description", "")})
    tags = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    return {"title": spec.get("info", {}).get("title", "API"), "version": spec.get("info", {}).get("version", ""),
            "description": spec.get("info", {}).get("description", ""), "groups": sorted(groups.items()),
            "tags": tags, "schemas": schemas, "operations": sum(len(v) for v in groups.values())}
