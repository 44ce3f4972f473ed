#!/bin/bash
# Acceptance run of the compose cluster, end to end: builds the launcher jar on the host and the
# images, starts docker-compose.yml, waits until every service is healthy, adds two users through
# the dbproxy's control port, lets bob (logged in through the login-server, as TeamTalk's clients
# do) receive a message from alice (logged in straight to the *other* msg-server, so it crosses a
# route-server), checks that the message is in alice's history after a new login, and tears the
# stack down (`down -v`) whatever happened. Exits non-zero on any failure. Not part of mvn verify
# or CI. Usage, from anywhere:  docker/acceptance.sh
# Env: MVN_ARGS (extra Maven options, e.g. -o), HEALTH_TIMEOUT (seconds, default 240),
#      KEEP_UP=1 (leave the stack running for a look; then `down -v` it yourself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

log() { printf '%s acceptance: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { log "FAILED: $*"; exit 1; }

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
else
    fail "neither 'docker compose' nor docker-compose is installed"
fi
env_file="$here/.env"
if [ ! -f "$env_file" ]; then
    # a fresh clone: settings from the example, with a random database password
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    sed -e "s/^DB_PASSWORD=.*/DB_PASSWORD=$password/" "$here/.env.example" > "$env_file"
    log "created docker/.env from .env.example with a random DB_PASSWORD"
fi
# the same values compose sees (the shell's own wins, as in compose)
set -a
# shellcheck disable=SC1090
. <(grep -E '^[A-Z_][A-Z0-9_]*=' "$env_file" | while IFS='=' read -r k v; do [ -z "${!k:-}" ] && printf '%s=%q\n' "$k" "$v"; done)
set +a
project=teamtalk-acceptance
dc=("${compose[@]}" -p "$project" -f "$here/docker-compose.yml" --env-file "$env_file")
work="$(mktemp -d /tmp/teamtalk-acceptance.XXXXXX)"

teardown() {
    status=$?
    set +e
    exec 3>&- 2>/dev/null
    [ -n "${bob_pid:-}" ] && kill "$bob_pid" 2>/dev/null
    if [ "$status" != 0 ]; then
        log "service states and the last log lines:"
        "${dc[@]}" ps
        "${dc[@]}" logs --tail 30 --no-color
    fi
    if [ "${KEEP_UP:-}" = 1 ]; then
        log "KEEP_UP=1: leaving the stack up (${dc[*]} down -v)"
    else
        log "tearing down"
        "${dc[@]}" down -v --remove-orphans >/dev/null 2>&1
    fi
    rm -rf "$work"
    [ "$status" = 0 ] && log "PASSED" || log "exit $status"
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

log "building the launcher jar (mvn -DskipTests package -pl launcher -am)"
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -DskipTests package -pl launcher -am
jar="$root/launcher/target/teamtalk.jar"

log "building the images"
"${dc[@]}" build
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^teamtalk-j' || true

log "starting the stack"
"${dc[@]}" up -d

log "waiting until every service is healthy (at most ${HEALTH_TIMEOUT:-240}s)"
deadline=$((SECONDS + ${HEALTH_TIMEOUT:-240}))
while :; do
    states="$("${dc[@]}" ps -q | xargs docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}')"
    if ! grep -qv ' healthy$' <<< "$states"; then
        break
    fi
    if grep -qE ' (unhealthy|no-healthcheck)$' <<< "$states" || [ "$SECONDS" -ge "$deadline" ]; then
        fail "not healthy: $(grep -v ' healthy$' <<< "$states" | tr '\n' ' ')"
    fi
    sleep 3
done
log "all $(wc -l <<< "$states") services healthy:"
sed 's/^/    /' <<< "$states"

admin=(java -jar "$jar" admin --dbproxy-control "127.0.0.1:${DBPROXY_CONTROL_PORT}")
alice_pw="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
bob_pw="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
log "adding users alice and bob (teamtalk admin through 127.0.0.1:${DBPROXY_CONTROL_PORT})"
"${admin[@]}" user add --name alice --nick Alice --password-stdin <<< "$alice_pw"
"${admin[@]}" user add --name bob --nick Bob --password-stdin <<< "$bob_pw"

login_url="http://127.0.0.1:${LOGIN_HTTP_PORT}/msg_server"
log "login-server answers: $(curl -fsS "$login_url")"

# bob: a chat session kept open on a fifo, through the login-server's choice of msg-server
mkfifo "$work/bob.in"
TEAMTALK_PASSWORD="$bob_pw" java -jar "$jar" chat --login "$login_url" -u bob < "$work/bob.in" > "$work/bob.out" 2>&1 &
bob_pid=$!
exec 3> "$work/bob.in"
wait_for() { # FILE PATTERN SECONDS
    local until=$((SECONDS + $3))
    until grep -q -- "$2" "$1"; do
        [ "$SECONDS" -lt "$until" ] || return 1
        kill -0 "$bob_pid" 2>/dev/null || return 1
        sleep 0.5
    done
}
wait_for "$work/bob.out" "Logged in as" 30 || { cat "$work/bob.out"; fail "bob did not log in"; }
# which msg-server the login-server gave bob: the one whose teamtalk_msg_users gauge counts a user
users_on() { # SERVICE: its teamtalk_msg_users, read from /metrics inside its container
    "${dc[@]}" exec -T "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8002
        printf "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3; cat <&3' \
        | awk '/^teamtalk_msg_users[ {]/ { print int($NF) }'
}
msg1_users="$(users_on msg-1)" msg2_users="$(users_on msg-2)"
case "$msg1_users/$msg2_users" in
    1/0) bob_server=msg-1 bob_port="$MSG1_PORT" alice_port="$MSG2_PORT" ;;
    0/1) bob_server=msg-2 bob_port="$MSG2_PORT" alice_port="$MSG1_PORT" ;;
    *) fail "expected bob alone on one msg-server, teamtalk_msg_users: msg-1 '$msg1_users', msg-2 '$msg2_users'" ;;
esac
log "bob is on $bob_server (port $bob_port); alice goes to the one at $alice_port"

text="hello bob from the compose cluster $(date +%s)-$RANDOM"
printf '/msg bob %s\n/quit\n' "$text" \
    | TEAMTALK_PASSWORD="$alice_pw" java -jar "$jar" chat --server "127.0.0.1:$alice_port" -u alice > "$work/alice.out" 2>&1 \
    || { cat "$work/alice.out"; fail "alice's chat session failed"; }
sed 's/^/    alice| /' "$work/alice.out"
grep -q "sent to" "$work/alice.out" || fail "alice's message was not acknowledged"
wait_for "$work/bob.out" "$text" 20 || { cat "$work/bob.out"; fail "bob did not receive alice's message"; }
printf '/quit\n' >&3
exec 3>&-
wait "$bob_pid" || fail "bob's chat session exited with $?"
bob_pid=
sed 's/^/    bob| /' "$work/bob.out"
log "bob received alice's message live"

printf '/to bob\n/history\n/quit\n' \
    | TEAMTALK_PASSWORD="$alice_pw" java -jar "$jar" chat --login "$login_url" -u alice > "$work/history.out" 2>&1 \
    || { cat "$work/history.out"; fail "alice's second chat session failed"; }
sed 's/^/    alice| /' "$work/history.out"
grep -q -- "$text" "$work/history.out" || fail "the message is not in alice's history with bob"
log "the message is in alice's history with bob"
