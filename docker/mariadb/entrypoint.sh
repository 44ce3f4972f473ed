#!/bin/bash
# First start on an empty volume: create the system tables, the database and its user
# (root keeps unix-socket login only, no password anywhere). Then run mariadbd in the foreground.
# MARIADB_DATABASE, MARIADB_USER and MARIADB_PASSWORD come from docker/.env through compose.
set -euo pipefail
: "${MARIADB_DATABASE:?}" "${MARIADB_USER:?}" "${MARIADB_PASSWORD:?}"
if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
    mariadbd --skip-networking --socket=/run/mysqld/init.sock &
    pid=$!
    for _ in $(seq 60); do
        mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1 && break
        sleep 1
    done
    # the password travels on stdin, never in a process list
    mariadb --socket=/run/mysqld/init.sock <<SQL
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
CREATE USER '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD//\'/\'\'}';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
SQL
    mariadb-admin --socket=/run/mysqld/init.sock shutdown
    wait "$pid" || true
fi
exec mariadbd
