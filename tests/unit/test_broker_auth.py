"""Client-side Kafka security: the settings, their checks, and the options every kafka-python client gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer

from services.common.config import Config
from services.common.events import bus

SASL = dict(
    kafka_security_protocol="SASL_SSL",
    kafka_sasl_username="credit",
    kafka_sasl_password="s3cret-s3cret",
    kafka_ssl_cafile="/etc/anfu/kafka-ca.pem",
)


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "credit")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret-s3cret")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", "/ca.pem")
    config = Config.from_env("credit")
    assert (config.kafka_security_protocol, config.kafka_sasl_mechanism) == ("SASL_PLAINTEXT", "SCRAM-SHA-512")
    assert (config.kafka_sasl_username, config.kafka_sasl_password, config.kafka_ssl_cafile) == (
        "credit",
        "s3cret-s3cret",
        "/ca.pem",
    )


def test_the_default_is_plaintext_for_the_embedded_stack():
    assert bus.security(Config(service="credit")) == {"security_protocol": "PLAINTEXT"}


def test_sasl_options_use_kafka_pythons_names():
    options = bus.security(Config(service="credit", **SASL))
    assert options == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "credit",
        "sasl_plain_password": "s3cret-s3cret",
        "ssl_cafile": "/etc/anfu/kafka-ca.pem",
    }
    for client in (KafkaProducer, KafkaConsumer, KafkaAdminClient):
        assert set(options) <= set(client.DEFAULT_CONFIG), client.__name__


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        (dict(kafka_security_protocol="SASL"), "KAFKA_SECURITY_PROTOCOL"),
        (dict(kafka_security_protocol="SASL_PLAINTEXT", kafka_sasl_username="credit"), "KAFKA_SASL_PASSWORD"),
        (dict(kafka_security_protocol="SASL_SSL", kafka_sasl_password="x"), "KAFKA_SASL_USERNAME"),
        (dict(SASL, kafka_sasl_mechanism="PLAIN"), "KAFKA_SASL_MECHANISM"),
    ],
)
def test_unusable_security_settings_are_refused_at_start(overrides, complaint):
    with pytest.raises(ValueError, match=complaint):
        Config(service="credit", **overrides).check()


@pytest.mark.parametrize("servers", ["kafka:9092", "10.0.0.5:9092", "127.0.0.1:9092,kafka:9092"])
def test_production_refuses_an_unauthenticated_kafka_beyond_loopback(servers):
    production = dict(
        service="credit", env="production", jwt_algorithm="RS256", jwt_public_key="PEM", kafka_bootstrap_servers=servers
    )
    for protocol in ("PLAINTEXT", "SSL"):
        with pytest.raises(ValueError, match="authenticated Kafka"):
            Config(**production, kafka_security_protocol=protocol).check()
    Config(**production, **SASL).check()


@pytest.mark.parametrize("servers", ["127.0.0.1:9092", "localhost:9092", "[::1]:9092"])
def test_production_may_use_a_plaintext_broker_on_loopback(servers):
    config = Config(
        service="credit", env="production", jwt_algorithm="RS256", jwt_public_key="PEM", kafka_bootstrap_servers=servers
    )
    assert (config.kafka_security_protocol, config.kafka_on_loopback) == ("PLAINTEXT", True)
    config.check()  # refuses PLAINTEXT off the loopback (the test above)


def test_every_client_the_bus_makes_passes_the_security_options():
    source = Path(bus.__file__).read_text(encoding="utf-8")
    constructors = source.count("KafkaProducer(") + source.count("KafkaConsumer(") + source.count("KafkaAdminClient(")
    assert constructors == source.count("**security(config)") == 4
