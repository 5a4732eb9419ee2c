#!/usr/bin/env bash
# The operator adds one integrated government system (政府系统) without restarting anything:
#   docker compose -f deploy/docker-compose.yml exec kafka bash /opt/anfu/add-government-system.sh gov-<system>
# It asks for the new principal's password (or reads KAFKA_PRINCIPAL_PASSWORD), creates the SCRAM user and
# allows it to write only the external event types (deploy/kafka/acls.sh: government_acls).
set -euo pipefail
system=${1:?usage: add-government-system.sh gov-<system>}
case "$system" in gov-*) ;; *) echo "government principals are named gov-<system>" >&2; exit 1;; esac
. "${ANFU_DIR:-/opt/anfu}/lib.sh"
admin_properties
password=${KAFKA_PRINCIPAL_PASSWORD:-}
if [ -z "$password" ]; then read -rsp "password for $system: " password; echo; fi
[ ${#password} -ge 16 ] || { echo "use a password of at least 16 characters" >&2; exit 1; }
create_principal "$system" "$password"
government_acls "$system" kafka_acls
echo "$system may now write: $(government_acls "$system" echo | grep -o -- '--topic [^ ]*' | cut -d' ' -f2 | xargs)"
