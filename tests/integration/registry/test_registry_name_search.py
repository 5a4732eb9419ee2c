"""Name search on the real database (名称检索): the grams' index finds Chinese substrings, and only true ones;
records stored before the grams get them when the registry sets up."""

from __future__ import annotations

import pymongo
import pytest

from services.common.storage.context import ServiceContext
from services.common.storage.search import GRAMS, grams, name_query
from services.registry import store

pytestmark = pytest.mark.integration
NAMES = ["嘉兴安泰安全评价有限公司", "海宁安全咨询有限公司", "平湖评价中心", "桐乡泰安科技", "Jiaxing Safety Ltd"]


@pytest.fixture
def providers(make_config):
    ctx = ServiceContext(make_config("registry"))
    ctx.db[store.PROVIDERS].insert_many([{"_id": f"p{i}", "name": name} for i, name in enumerate(NAMES)])
    store.setup(ctx)  # indexes, and the grams of the records stored before them
    yield ctx.db[store.PROVIDERS]
    ctx.mongo.client.drop_database(ctx.config.database)
    ctx.close()


def found(collection, q: str) -> set[str]:
    return {doc["name"] for doc in collection.find(name_query(q))}


def test_substrings_are_found_and_only_true_matches(providers):
    assert found(providers, "安全") == {NAMES[0], NAMES[1]}
    assert found(providers, "安全评价") == {NAMES[0]}
    assert found(providers, "泰安") == {NAMES[0], NAMES[3]}
    assert found(providers, "评价有限") == {NAMES[0]}
    assert found(providers, "安评") == set()  # both characters in names, never side by side
    assert found(providers, "海") == {NAMES[1]}
    assert found(providers, "safety") == {NAMES[4]}


def test_the_grams_are_stored_and_indexed(providers):
    assert providers.find_one({"_id": "p2"})[GRAMS] == grams("平湖评价中心")
    keys = [index["key"] for index in providers.index_information().values()]
    assert [(GRAMS, pymongo.ASCENDING)] in keys
