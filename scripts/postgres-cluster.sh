#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster from Debian's `postgresql` package in a temporary folder and
# prints its URL on stdout. Usage: scripts/postgres-cluster.sh start PORT DIR | stop DIR
set -euo pipefail
action=${1:?start|stop}
if [[ $action == start ]]; then
  port=${2:?port}
  dir=${3:?dir}
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z $bin || ! -x $bin/initdb ]]; then
    echo "installing Debian's postgresql package…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  mkdir -p "$dir"
  run=()
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >&2
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres"
else
  dir=${2:?dir}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  run=()
  [[ $(id -u) == 0 ]] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  rm -rf "$dir"
fi
