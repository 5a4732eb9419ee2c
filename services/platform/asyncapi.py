"""docs/asyncapi.yaml (AsyncAPI 3.0) generated from the event catalogue, so the contract cannot drift.

python -m services.platform.asyncapi --write    # regenerate
python -m services.platform.asyncapi --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import EnvelopeSchema, EventType
from services.platform.topology import consumers

PATH = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"

ABOUT = """Every event Anfu services publish or consume. One Kafka topic per event type; the message key is the
CloudEvents `subject` (the agency or thing the event is about), so events about one subject stay in order.
Anfu publishes CloudEvents 1.0 in structured JSON mode (the envelope is the value; `ce_type`, `ce_id`, `ce_source`,
`ce_specversion` are also Kafka headers). Consumers accept both content modes of the CloudEvents Kafka binding:
structured (the `<type>` messages; `content-type: application/cloudevents+json` optional) and binary (the
`<type>-binary` messages: attributes in `ce_*` headers, `content-type: application/json`, the data as the value).
Consumers ignore unknown fields; producers must match the schema exactly. Consumers believe an event only if its
`source` is `/services/<producer>` (or, for the events marked *external*, a configured government prefix such
as `/gov/`), its `subject` equals the Kafka key and the data field named by `x-subject-field`, and its `time` is
after 2000-01-01 and not more than a few minutes ahead. Anything else (not JSON, unknown type, invalid data,
refused provenance, a handler's permanent error) becomes a dead letter: kept whole in the consumer's database
and copied to `<topic>.<service>-dlq` (value truncated when large; headers `dlq_id`, `dlq_error`, ...)."""


def _camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(p.title() for p in rest)


def json_schemas() -> dict:
    """JSON Schema of every envelope and data schema, keyed by component name."""
    spec = APISpec("anfu-events", "1", "3.1.0", plugins=[MarshmallowPlugin()])
    spec.components.schema("Envelope", schema=EnvelopeSchema)
    for event_type in CATALOGUE.values():
        name = event_type.schema.__name__
        if name not in spec.components.schemas:
            spec.components.schema(name, schema=event_type.schema)
    return spec.to_dict()["components"]["schemas"]


def _sources(t: EventType) -> str:
    sources = " or ".join(f"/services/{p}" for p in t.producers)
    return sources + (" or an integrated government system (external, e.g. /gov/...)" if t.external else "")


def _message(t: EventType) -> dict:
    """Structured content mode: the envelope is the value (what Anfu publishes)."""
    return {
        "name": t.name,
        "title": t.name,
        "summary": f"{t.summary} Source: {_sources(t)}.",
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "properties": {
                "ce_type": {"type": "string", "const": t.name},
                "ce_id": {"type": "string"},
                "content-type": {
                    "type": "string",
                    "const": "application/cloudevents+json",
                    "description": "optional on input (structured mode)",
                },
            },
        },
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": t.name},
                        "dataversion": {"const": t.version},
                        "data": {"$ref": f"#/components/schemas/{t.schema.__name__}"},
                    },
                },
            ]
        },
        "bindings": {"kafka": {"key": {"type": "string", "description": "the event subject"}}},
        "x-producer": t.producer,
        "x-producers": list(t.producers),
        "x-consumers": list(consumers()[t.name]),
        "x-external": t.external,
        "x-subject-field": t.subject_field,
    }


def _binary(t: EventType) -> dict:
    """Binary content mode (input only): attributes in `ce_*` headers, the data is the value."""
    text = {"type": "string"}
    return {
        "name": f"{t.name}-binary",
        "title": f"{t.name} (binary content mode)",
        "summary": f"{t.summary} Accepted by consumers in binary mode, e.g. from the CloudEvents SDK's to_binary.",
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "required": [
                "ce_specversion",
                "ce_id",
                "ce_source",
                "ce_type",
                "ce_subject",
                "ce_time",
                "ce_dataversion",
                "content-type",
            ],
            "properties": {
                "ce_specversion": {"type": "string", "const": "1.0"},
                "ce_id": text,
                "ce_source": {"type": "string", "description": _sources(t)},
                "ce_type": {"type": "string", "const": t.name},
                "ce_subject": {"type": "string", "description": f"= data.{t.subject_field} = the Kafka key"},
                "ce_time": {"type": "string", "format": "date-time"},
                "ce_dataversion": {"type": "string", "const": str(t.version)},
                "content-type": {"type": "string", "const": "application/json"},
            },
        },
        "payload": {"$ref": f"#/components/schemas/{t.schema.__name__}"},
        "bindings": {"kafka": {"key": {"type": "string", "description": "the event subject"}}},
    }


def _operations() -> dict:
    ops = {}
    for t in CATALOGUE.values():
        ref = {"$ref": f"#/channels/{t.name}"}
        msg = [{"$ref": f"#/channels/{t.name}/messages/{_camel(t.name)}"}]
        both = msg + [{"$ref": f"#/channels/{t.name}/messages/{_camel(t.name)}Binary"}]
        for producer in t.producers:
            ops[f"{producer}-sends-{t.name}"] = {
                "action": "send",
                "channel": ref,
                "messages": msg,
                "summary": f"{producer} publishes {t.name} (via its outbox)",
            }
        for consumer in consumers()[t.name]:
            ops[f"{consumer}-receives-{t.name}"] = {
                "action": "receive",
                "channel": ref,
                "messages": both,
                "summary": f"{consumer} consumes {t.name} (group {consumer})",
            }
    return ops


def document() -> dict:
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Anfu events (安服 事件目录)", "version": "1.0.0", "description": " ".join(ABOUT.split())},
        "defaultContentType": "application/json",
        "servers": {
            "development": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "embedded Tansu broker (make run)",
            },
            "production": {"host": "kafka:9092", "protocol": "kafka", "description": "docker compose"},
        },
        "channels": {
            t.name: {
                "address": t.name,
                "description": t.summary,
                "messages": {
                    _camel(t.name): {"$ref": f"#/components/messages/{t.name}"},
                    f"{_camel(t.name)}Binary": {"$ref": f"#/components/messages/{t.name}-binary"},
                },
            }
            for t in CATALOGUE.values()
        },
        "operations": _operations(),
        "components": {
            "messages": {
                **{t.name: _message(t) for t in CATALOGUE.values()},
                **{f"{t.name}-binary": _binary(t) for t in CATALOGUE.values()},
            },
            "schemas": json_schemas(),
        },
    }


def render() -> str:
    header = (
        "# Generated by `python -m services.platform.asyncapi --write` from services/common/catalogue. Do not edit.\n"
    )
    return header + yaml.safe_dump(document(), allow_unicode=True, sort_keys=False, width=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {PATH}")
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        PATH.parent.mkdir(parents=True, exist_ok=True)
        PATH.write_text(text, encoding="utf-8")
    elif args.check:
        if not PATH.exists() or PATH.read_text(encoding="utf-8") != text:
            print(f"{PATH} is out of date: run `make asyncapi`", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
