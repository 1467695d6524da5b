#!/usr/bin/env bash
# Run by the postgres image's entrypoint on an empty data volume (after timescaledb's own init): creates the service
# roles and schemas of sextant-roles.sql (mounted at /sextant/sextant-roles.sql) in the database sextant, with the
# passwords of the container's environment (compose passes them from .env). They reach psql as \set lines through a
# pipe: no password is written to a file or shows on a command line.
set -euo pipefail
SQL=${SEXTANT_ROLES_SQL:-/sextant/sextant-roles.sql}
# As deploy/local/secrets.sh generates them: 32+ characters of [A-Za-z0-9_-] (they go into SQL and Redis URLs unquoted).
pattern='^[A-Za-z0-9_-]{32,}$'
sets=''
for role in gateway collector feature prediction risk execution; do
  var=${role^^}_DB_PASSWORD
  value=${!var:-}
  if ! [[ $value =~ $pattern ]]; then
    echo "sextant-roles: $var must be 32+ characters of A-Z a-z 0-9 _ - (see deploy/compose/.env.example)" >&2
    exit 1
  fi
  sets+="\\set ${role}_password '$value'"$'\n'
done
{ printf '%s' "$sets"; cat "$SQL"; } |
  psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${SEXTANT_DB_NAME:-sextant}"
echo "sextant-roles: roles and schemas gateway collector feature prediction risk execution created"
