"""Schemathesis hooks, loaded through SCHEMATHESIS_HOOKS: serializers for the two request
bodies that are not JSON, so their operations are fuzzed instead of reported as errors."""

import json

import schemathesis
from schemathesis.transport.serialization import serialize_binary


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    # The document types a task file as a string; a generated object or list still goes out
    # as JSON lines, which is closer to what clients send than a Python repr.
    if isinstance(value, list):
        return {"data": "\n".join(json.dumps(line) for line in value).encode()}
    if isinstance(value, dict):
        return {"data": json.dumps(value).encode()}
    return {"data": serialize_binary(value)}


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(ctx, value):
    return {"data": serialize_binary(value)}
