#!/usr/bin/env bash
# One shot (compose service kafka-setup, apache/kafka image): one SCRAM principal per service and per
# integrated government system (ANFU_GOVERNMENT_SYSTEMS, each named gov-<system>), then their ACLs.
# Idempotent: run it again after changing a password or adding a system to ANFU_GOVERNMENT_SYSTEMS.
set -euo pipefail
: "${ANFU_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD (deploy/.env)}"
. "${ANFU_DIR:-/opt/anfu}/lib.sh"
admin_properties

for service in $SERVICES; do
  password=$(password_of "$service")  # an assignment, so that a missing password stops the script
  create_principal "$service" "$password"
done
service_acls kafka_acls
for system in ${ANFU_GOVERNMENT_SYSTEMS:-}; do
  case "$system" in gov-*) ;; *) echo "government principals are named gov-<system>: $system" >&2; exit 1;; esac
  password=$(password_of "$system")
  create_principal "$system" "$password"
  government_acls "$system" kafka_acls
done
echo "principals and ACLs ready: $SERVICES ${ANFU_GOVERNMENT_SYSTEMS:-}"
