"""`POST /api/rpc` in the OpenAPI schema (issue 18.6): the JSON-RPC endpoint is a plain Django view, so
drf-spectacular does not see it; this postprocessing hook documents its request and response shapes and
lists every registered method with its positional parameters (DESIGN §8 "JSON-RPC")."""

import inspect

from common.jsonrpc import METHODS, _load_methods

RPC_PATH = "/api/rpc"


def _method_doc(name: str, func) -> str:
    params = [p.name for p in list(inspect.signature(func).parameters.values())[1:]]
    summary = (inspect.getdoc(func) or "").split("\n", 1)[0]
    return f"- `{name}({', '.join(params)})`" + (f": {summary}" if summary else "")


def jsonrpc_schema_hook(result, generator, request, public):
    """Add the JSON-RPC operation (call or batch) with its methods to the generated schema."""
    _load_methods()
    names = sorted(METHODS)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["JsonRpcCall"] = {
        "type": "object",
        "required": ["jsonrpc", "method"],
        "properties": {
            "jsonrpc": {"type": "string", "enum": ["2.0"]},
            "id": {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True},
            "method": {"type": "string", "enum": names},
            "params": {"type": "array", "items": {}, "description": "Positional, in the seed's order."},
        },
    }
    schemas["JsonRpcAnswer"] = {
        "type": "object",
        "required": ["jsonrpc", "id"],
        "properties": {
            "jsonrpc": {"type": "string", "enum": ["2.0"]},
            "id": {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True},
            "result": {
                "type": "object",
                "description": "code 200 with data on success; a domain failure's HTTP-like code with msg.",
                "required": ["code", "msg"],
                "properties": {
                    "code": {"type": "integer", "example": 200},
                    "msg": {"type": "string", "nullable": True},
                    "data": {"nullable": True},
                },
            },
            "error": {
                "type": "object",
                "description": "Protocol errors: -32700 parse, -32600 invalid request, -32601 unknown method, "
                               "-32602 bad params.",
                "required": ["code", "message"],
                "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            },
        },
    }
    call = {"$ref": "#/components/schemas/JsonRpcCall"}
    answer = {"$ref": "#/components/schemas/JsonRpcAnswer"}
    result.setdefault("paths", {})[RPC_PATH] = {"post": {
        "operationId": "jsonrpc",
        "tags": ["rpc"],
        "summary": "Seed-002 calls as JSON-RPC 2.0 (one call or a batch)",
        "description": "Bearer token or session with CSRF. HTTP 200 for every well-formed call: without "
                       "credentials each call answers `result.code` 401 in the body (seed 002's protocol), so "
                       "credentials are optional at the HTTP level.\n\nMethods:\n"
                       + "\n".join(_method_doc(name, METHODS[name]) for name in names),
        # `{}`: HTTP answers 200 without credentials too; authentication is refused inside the protocol.
        "security": [{"jwtAuth": []}, {"cookieAuth": []}, {}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "oneOf": [call, {"type": "array", "items": call}]}}}},
        "responses": {"200": {"description": "The answer, or a list of answers for a batch.",
                              "content": {"application/json": {"schema": {
                                  "oneOf": [answer, {"type": "array", "items": answer}]}}}},
                      # Bodies refused before any call runs (common/jsonlimits.py): an error answer, id null.
                      "400": {"description": "Not JSON (parse error -32700), JSON nested too deeply, or text with NUL / "
                                                     "lone surrogates.",
                              "content": {"application/json": {"schema": answer}}},
                      "413": {"description": "A body over JSON_MAX_BYTES.",
                              "content": {"application/json": {"schema": answer}}}},
    }}
    return result
