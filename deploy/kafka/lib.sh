# Shared by the scripts in deploy/kafka (sourced, run inside the apache/kafka image, as the admin super user).
# ANFU_DIR (this directory, mounted at /opt/anfu) and KAFKA_BIN only change for tests/unit/test_broker_acls.py.
ADMIN=admin
MECHANISM=SCRAM-SHA-512
BOOTSTRAP=${ANFU_KAFKA_BOOTSTRAP:-localhost:9092}
ADMIN_CONFIG=${ANFU_ADMIN_CONFIG:-/tmp/anfu-admin.properties}
BIN=${KAFKA_BIN:-/opt/kafka/bin}

# admin_properties: the admin's client settings (SCRAM over the INTERNAL listener), readable by us only
admin_properties() {
  umask 077
  cat > "$ADMIN_CONFIG" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$MECHANISM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN" password="$ANFU_ADMIN_PASSWORD";
PROPS
}

kafka_acls() { "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" "$@"; }

# create_principal NAME PASSWORD: create or change a SCRAM user (idempotent)
create_principal() {
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --alter \
    --entity-type users --entity-name "$1" --add-config "$MECHANISM=[iterations=8192,password=$2]"
}

# password_of NAME: the value of KAFKA_PASSWORD_<NAME> (upper case, '-' as '_'), or fail
password_of() {
  local var="KAFKA_PASSWORD_$(echo "$1" | tr 'a-z-' 'A-Z_')"
  [ -n "${!var:-}" ] || { echo "no password: set $var" >&2; return 1; }
  echo "${!var}"
}

. "${ANFU_DIR:-/opt/anfu}/acls.sh"  # SERVICES, service_acls, government_acls: generated from the code
