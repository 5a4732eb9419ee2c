"""The reference endpoints of the HTTP benchmark, served by gunicorn like a service (`benchmarks.minimal:find_app()`).

`find_app`: `GET /providers/<id>` doing the registry's single `find_one` on the same database, nothing else
(no auth, validation, schema, metrics or logs). `empty_app`: `GET /providers/<id>` answering `{}`.
"""

from __future__ import annotations

import json

from flask import Flask, Response

from services.common.config import Config
from services.common.storage.mongo import Mongo


def find_app() -> Flask:
    app = Flask(__name__)
    config = Config.from_env("registry")
    mongo = Mongo(config.mongodb_uri, config.database)

    @app.get("/providers/<provider_id>")
    def provider(provider_id: str):
        doc = mongo.db["providers"].find_one({"_id": provider_id})
        if doc is None:
            return Response(status=404)
        return Response(json.dumps(doc, default=str, ensure_ascii=False), mimetype="application/json")

    return app


def empty_app() -> Flask:
    app = Flask(__name__)

    @app.get("/providers/<provider_id>")
    def provider(provider_id: str):
        return Response("{}", mimetype="application/json")

    return app
