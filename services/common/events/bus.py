"""Kafka clients (kafka-python): producer, consumer, topic creation. Created per process, never at import."""

from __future__ import annotations

import logging

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from services.common.config import Config

log = logging.getLogger(__name__)


def dlq_topic(topic: str, service: str) -> str:
    """Dead-letter topic of one consumer service for one event topic."""
    return f"{topic}.{service}-dlq"


def servers(config: Config) -> list[str]:
    return [s.strip() for s in config.kafka_bootstrap_servers.split(",") if s.strip()]


def security(config: Config) -> dict:
    """kafka-python's connection security options: every client this module makes passes them."""
    options = {"security_protocol": config.kafka_security_protocol}
    if config.kafka_security_protocol.startswith("SASL_"):
        options.update(
            sasl_mechanism=config.kafka_sasl_mechanism,
            sasl_plain_username=config.kafka_sasl_username,
            sasl_plain_password=config.kafka_sasl_password,
        )
    if config.kafka_ssl_cafile:
        options["ssl_cafile"] = config.kafka_ssl_cafile
    return options


def make_producer(config: Config) -> KafkaProducer:
    """Ordered per partition (one request in flight), acks from all replicas."""
    return KafkaProducer(
        **security(config),
        bootstrap_servers=servers(config),
        client_id=f"anfu-{config.service}",
        enable_idempotence=config.kafka_idempotent_producer,
        acks="all",
        max_in_flight_requests_per_connection=1,
        retries=5,
        linger_ms=2,
        request_timeout_ms=10000,
    )


def make_consumer(config: Config, topics: list[str]) -> KafkaConsumer:
    """Group = service name (unless configured); offsets committed by hand after the handler succeeded."""
    session = config.kafka_session_timeout_ms
    return KafkaConsumer(
        *topics,
        **security(config),
        bootstrap_servers=servers(config),
        group_id=config.consumer_group,
        client_id=f"anfu-{config.service}-worker",
        enable_auto_commit=False,
        auto_offset_reset=config.kafka_auto_offset_reset,
        session_timeout_ms=session,
        heartbeat_interval_ms=max(session // 3, 500),
        max_poll_interval_ms=300000,
        max_poll_records=500,
        request_timeout_ms=max(session + 5000, 30000),
    )


def ensure_topics(config: Config, topics: list[str]) -> None:
    """Create missing topics (idempotent)."""
    admin = KafkaAdminClient(
        **security(config), bootstrap_servers=servers(config), client_id=f"anfu-{config.service}-admin"
    )
    try:
        missing = sorted(set(topics) - set(admin.list_topics()))
        for topic in missing:
            try:
                admin.create_topics([NewTopic(topic, config.kafka_topic_partitions, 1)])
            except TopicAlreadyExistsError:
                pass
        if missing:
            log.info("created topics", extra={"topics": missing})
    finally:
        admin.close()


def kafka_ready(config: Config) -> None:
    """Raise unless the cluster answers a metadata request."""
    consumer = KafkaConsumer(
        **security(config),
        bootstrap_servers=servers(config),
        request_timeout_ms=5000,
        client_id=f"anfu-{config.service}-health",
    )
    try:
        consumer.topics()
    finally:
        consumer.close()
