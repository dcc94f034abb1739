#!/bin/sh
# A postgres service like the official image's: initialise the data volume once with
# POSTGRES_PASSWORD (later changes of the variable do not change the stored password), then serve.
set -e
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
PGDATA=/var/lib/postgresql/data
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  chown postgres /tmp/pwfile
  su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA -U postgres --pwfile=/tmp/pwfile --auth-host=scram-sha-256 --auth-local=trust" >/dev/null
  rm -f /tmp/pwfile
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -w start -o '-c listen_addresses=127.0.0.1'" >/dev/null
  su postgres -s /bin/sh -c "psql -q -c \"CREATE ROLE app LOGIN PASSWORD '$POSTGRES_PASSWORD'\" -c 'CREATE DATABASE app OWNER app'"
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -w stop" >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
else
  echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi
exec su postgres -s /bin/sh -c "exec $PGBIN/postgres -D $PGDATA -c listen_addresses='*'"
