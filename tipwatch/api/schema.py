"""The answers every operation can give besides its own, written into the OpenAPI schema so
that clients (and the schemathesis run in the tests) know them."""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "A message list per invalid field (or `detail` for the whole request).",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
COMMON_ANSWERS = {
    "400": ("Invalid parameters or body: what is wrong, per field.", "FieldErrors"),
    "401": ("No credentials, or a token that is unknown or revoked.", "Error"),
    "403": ("Logged in, but without the permission this needs.", "Error"),
    "404": ("No such record, or a page past the last.", "Error"),
    "414": (
        "The request line is too long (answered by the server in front: gunicorn refuses "
        "a request line over 4,094 bytes, in plain text).",
        None,
    ),
    "429": ("Too many requests for this token: see the Retry-After header.", "Error"),
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the common error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in COMMON_ANSWERS.items():
                answer = {"description": description}
                if component:
                    reference = {"$ref": f"#/components/schemas/{component}"}
                    answer["content"] = {"application/json": {"schema": reference}}
                responses.setdefault(code, answer)
    return result
