#!/usr/bin/env bash
# The cluster on one machine, to try it out: PostgreSQL (the machine's), an S3-compatible store (s3rver),
# N web processes (RUN_WORKER=0), workers, and nginx in front on :8080. Ctrl-C stops it all.
#
#   deploy/try-cluster.sh [--web 2] [--workers 1] [--port 8080] [--demo] [--dir .tmp/cluster]
#
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/wwj_cluster, created if missing). What is
# shared where and how the pieces fit: docs/scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing nginx-light (Debian)"
    apt-get install -y -qq nginx-light >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
  else
    echo "nginx is missing: sudo apt-get install nginx-light" >&2
    exit 1
  fi
fi

# PostgreSQL: the machine's own cluster (as .ci/run starts it)
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wwj_cluster}"
db="$(node -e 'console.log(new URL(process.env.DATABASE_URL).pathname.slice(1))')"
admin="$(node -e 'const u=new URL(process.env.DATABASE_URL);u.pathname="/postgres";console.log(u.toString())')"
if [ "$(psql "$admin" -qAtc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
  echo "creating database $db"
  psql "$admin" -qc "create database $db"
fi

exec node --import tsx deploy/cluster.ts "$@"
