#!/usr/bin/env bash
# The Kafka container's command (apache/kafka image): SASL/SCRAM on every client listener.
#  1. a JAAS file for the broker's own SCRAM login (the inter-broker listener is INTERNAL, SASL too);
#  2. the admin super user's SCRAM credential written at format time (`kafka-storage format --add-scram`,
#     the supported way in KRaft: there is no user to authenticate as before it exists);
#  3. client properties for the healthcheck and the scripts beside this one; then the image's own start.
set -euo pipefail
: "${ANFU_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD (deploy/.env)}"
. "${ANFU_DIR:-/opt/anfu}/lib.sh"
umask 077  # the files below hold the admin password

jaas=${TMPDIR:-/tmp}/anfu-kafka-jaas.conf
cat > "$jaas" <<JAAS
KafkaServer {
  org.apache.kafka.common.security.scram.ScramLoginModule required
  username="$ADMIN" password="$ANFU_ADMIN_PASSWORD";
};
JAAS
export KAFKA_OPTS="-Djava.security.auth.login.config=$jaas ${KAFKA_OPTS:-}"
admin_properties

format=${TMPDIR:-/tmp}/anfu-format.properties
cat > "$format" <<PROPS
process.roles=$KAFKA_PROCESS_ROLES
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
controller.listener.names=$KAFKA_CONTROLLER_LISTENER_NAMES
listeners=$KAFKA_LISTENERS
advertised.listeners=$KAFKA_ADVERTISED_LISTENERS
listener.security.protocol.map=$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP
inter.broker.listener.name=$KAFKA_INTER_BROKER_LISTENER_NAME
sasl.enabled.mechanisms=$KAFKA_SASL_ENABLED_MECHANISMS
sasl.mechanism.inter.broker.protocol=$KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL
log.dirs=$KAFKA_LOG_DIRS
PROPS
# --ignore-formatted: a later start keeps the data (and the credentials already in the metadata log)
"$BIN/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$format" \
  --add-scram "$MECHANISM=[name=$ADMIN,password=$ANFU_ADMIN_PASSWORD]"
rm -f "$format"
exec "${KAFKA_DOCKER_RUN:-/etc/kafka/docker/run}"
