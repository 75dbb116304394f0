#!/usr/bin/env bash
# .ci/mail-servers.sh start DIR | stop DIR | status DIR
#
# Runs real third-party mail servers on 127.0.0.1 for wl's email tests, without systemd:
#   Postfix  SMTP: plain+STARTTLS (AUTH required), SMTPS, strict submission, the same with
#            AUTH LOGIN as the only mechanism, no-AUTH port
#   Dovecot  POP3 (+STLS), POP3S, IMAP (+STARTTLS), IMAPS; SASL for Postfix; LMTP delivery
# Each is a separate instance whose whole configuration, CA, queue, mailbox, logs and pid
# files live in DIR; nothing under /etc/postfix or /etc/dovecot is read.
#
# start  installs Debian's packages if missing, (re)starts both servers and writes
#        DIR/mail.env (KEY=VALUE lines) once every port accepts connections. Starting on a
#        DIR that already runs servers restarts them; the CA and the mailbox are kept.
# stop   stops the servers configured in DIR and waits until none of their processes is left.
# status exits 0 when both servers of DIR are running.
#
# Root only. Optional environment: MAIL_PORT_BASE (20000; ports are BASE+25 smtp, +26
# smtp-noauth, +465 smtps, +587 submission, +588 submission with LOGIN only, +110 pop3, +995 pop3s, +143 imap, +993 imaps),
# MAIL_USER (testuser), MAIL_PASS (Test-Pass-123), MAIL_START_TIMEOUT (30 s),
# MAIL_OWNER (the system user that owns the mailbox: $SUDO_USER when run through sudo, so
# that the tests run by that user can read and clear it; else 'mail').
set -euo pipefail

log() { printf '[mail-servers] %s\n' "$*" >&2; }
die() {
  log "ERROR: $1"
  shift
  local extra
  for extra in "$@"; do [[ -n $extra ]] && printf '%s\n' "$extra" | sed 's/^/    /' >&2; done
  exit 1
}
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
since() { # start_us -> seconds with 2 decimals
  local us=$(($(now_us) - $1))
  printf '%d.%02d' $((us / 1000000)) $((us / 10000 % 100))
}

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
MARKER=.wl-mail-servers
PACKAGES=(postfix dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd openssl)

usage() {
  echo "usage: $0 start DIR | stop DIR | status DIR" >&2
  exit 2
}

# ------------------------------------------------------------------ process helpers
# proc_stat PID sets P_STATE and P_SID from /proc/PID/stat (fails if PID is gone).
# The command name in parentheses may hold spaces, so fields are taken after the last ')'.
proc_stat() {
  local line rest
  { read -r line < "/proc/$1/stat"; } 2> /dev/null || return 1
  rest=${line##*) }
  # shellcheck disable=SC2086
  set -- $rest
  P_STATE=$1 P_SID=$4
}
# alive PID: exists and is not a zombie (PID 1 here reaps orphans only every ~2 s, so a
# dead master stays visible to kill -0 for a while).
alive() { proc_stat "$1" && [[ $P_STATE != Z ]]; }
# session_pids SID [all]: processes of session SID; zombies only with 'all'.
session_pids() {
  local d pid
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    proc_stat "$pid" || continue
    [[ $P_SID == "$1" ]] || continue
    [[ ${2:-} == all || $P_STATE != Z ]] && echo "$pid"
  done
  return 0
}
# is_master NAME PID: PID is still the program we started (guards against PID reuse).
is_master() {
  local exe
  exe=$(readlink "/proc/$2/exe" 2> /dev/null) || return 1
  case "$1:$exe" in
    dovecot:*/sbin/dovecot | postfix:*/postfix/sbin/master) return 0 ;;
  esac
  return 1
}

# ------------------------------------------------------------------ stop
# masters DIR: prints "NAME PID" for each running master whose configuration is in DIR:
# Postfix's master carries MAIL_CONFIG=DIR/postfix in its environment, Dovecot's was started
# with -c DIR/etc/dovecot.conf. Finding them this way needs no pid file (a start killed half
# way, a DIR emptied by hand) and never matches another instance or a recycled PID.
masters() {
  local dir=$1 d pid line comm words
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    { read -r line < "$d/stat"; } 2> /dev/null || continue
    comm=${line#*(}
    comm=${comm%)*}
    case $comm in
      master)
        is_master postfix "$pid" || continue
        { mapfile -d '' words < "$d/environ"; } 2> /dev/null || continue
        [[ " ${words[*]} " == *" MAIL_CONFIG=$dir/postfix "* ]] && echo "postfix $pid"
        ;;
      dovecot)
        is_master dovecot "$pid" || continue
        { mapfile -d '' words < "$d/cmdline"; } 2> /dev/null || continue
        [[ " ${words[*]} " == *" -c $dir/etc/dovecot.conf "* ]] && echo "dovecot $pid"
        ;;
    esac
  done
  return 0
}

# stop_servers DIR: SIGTERM Postfix first (its smtpd processes hold connections to Dovecot's
# auth socket; a Dovecot stopped first kept its auth children waiting for them), then
# Dovecot; wait for both masters, SIGKILL whatever is left in their sessions (both masters
# are session leaders), and wait until PID 1 has reaped the zombies so that ps shows nothing.
stop_servers() {
  local dir=$1 name pid sid f t0 t_exit i
  local -a found=() pids=() sids=() left=()
  t0=$(now_us)
  # Sessions recorded at start: children may outlive a master that was killed.
  for name in postfix dovecot; do
    f=$dir/pids/$name
    [[ -e $f ]] || continue
    read -r pid sid < "$f" || true
    rm -f "$f"
    [[ -n ${sid:-} ]] && sids+=("$sid")
  done
  mapfile -t found < <(masters "$dir" | sort -r) # postfix before dovecot
  for f in "${found[@]}"; do
    read -r name pid <<< "$f"
    proc_stat "$pid" || continue
    [[ $P_SID == "$pid" ]] && sids+=("$pid")
    pids+=("$pid")
    kill -TERM "$pid" 2> /dev/null || true
  done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.05; done
    if alive "$pid"; then
      log "master pid $pid still running 10 s after SIGTERM: SIGKILL"
      kill -KILL "$pid" 2> /dev/null || true
    fi
  done
  t_exit=$(since "$t0")
  mapfile -t sids < <(printf '%s\n' "${sids[@]}" | sort -u | grep .)
  for sid in "${sids[@]}"; do
    for ((i = 0; i < 60; i++)); do [[ -z $(session_pids "$sid") ]] && break; sleep 0.05; done
    mapfile -t left < <(session_pids "$sid")
    if ((${#left[@]})); then
      log "killing leftover pids ${left[*]} (session $sid)"
      kill -KILL "${left[@]}" 2> /dev/null || true
    fi
  done
  for sid in "${sids[@]}"; do
    for ((i = 0; i < 200; i++)); do [[ -z $(session_pids "$sid" all) ]] && break; sleep 0.05; done
    mapfile -t left < <(session_pids "$sid" all)
    ((${#left[@]} == 0)) || log "pids ${left[*]} (session $sid) still not reaped by PID 1"
  done
  if ((${#found[@]})); then
    log "stopped ${found[*]}: masters exited after $t_exit s, all reaped after $(since "$t0") s"
  elif ((${#sids[@]})); then
    log "no master was running in $dir"
  fi
}

cmd_stop() {
  local dir=$1
  if [[ -d $dir ]]; then
    dir=$(cd "$dir" && pwd -P)
    [[ -e $dir/$MARKER ]] || die "$dir was not made by $0: refusing to touch it"
    rm -f "$dir/mail.env"
  fi
  # Even without DIR (deleted while the servers ran), its masters are found by their paths.
  stop_servers "$dir"
}

cmd_status() {
  local dir=$1 name pid n=0
  [[ -d $dir ]] && dir=$(cd "$dir" && pwd -P)
  while read -r name pid; do
    echo "$name: running (pid $pid)"
    n=$((n + 1))
  done < <(masters "$dir")
  ((n > 0)) || echo "no server running in $dir"
  [[ ! -e $dir/mail.env ]] || echo "env: $dir/mail.env"
  ((n == 2))
}

# ------------------------------------------------------------------ install
install_packages() {
  local p st missing=() made_policy=0 rc=0 t0 aptlog=$1
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2> /dev/null || true)
    [[ $st == "install ok installed" ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get > /dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]} (log: $aptlog)"
  t0=$(now_us)
  export DEBIAN_FRONTEND=noninteractive
  # The packages' maintainer scripts must not start a system Postfix or Dovecot (they
  # would take ports 25/110/143/993/995): invoke-rc.d obeys policy-rc.d's exit 101.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, from wl .ci/mail-servers.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  # "No configuration": postfix writes no /etc/postfix/main.cf and asks nothing.
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  {
    apt-get -o DPkg::Lock::Timeout=300 update -q &&
      apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confold \
        -o Dpkg::Options::=--force-unsafe-io install -y -q --no-install-recommends "${missing[@]}"
  } > "$aptlog" 2>&1 || rc=$?
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get failed (exit $rc)" "$(tail -15 "$aptlog")"
  log "install: $(since "$t0") s"
}

# ------------------------------------------------------------------ start
cmd_start() {
  local dir=$1 t_start t0 base user pass timeout owner owner_uid owner_gid port i ok
  t_start=$(now_us)
  base=${MAIL_PORT_BASE:-20000}
  user=${MAIL_USER:-testuser}
  pass=${MAIL_PASS:-Test-Pass-123}
  timeout=${MAIL_START_TIMEOUT:-30}
  [[ $user =~ ^[a-z][a-z0-9._-]*$ ]] || die "MAIL_USER must match ^[a-z][a-z0-9._-]*\$"
  [[ $pass =~ ^[A-Za-z0-9._+-]+$ ]] || die "MAIL_PASS may only contain [A-Za-z0-9._+-]"
  [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "bad MAIL_START_TIMEOUT=$timeout"
  if ! [[ $base =~ ^[1-9][0-9]*$ ]] || ((base < 1024 || base + 995 > 65535)); then
    die "bad MAIL_PORT_BASE=$base"
  fi
  local smtp=$((base + 25)) noauth=$((base + 26)) smtps=$((base + 465)) submission=$((base + 587))
  local submission_login=$((base + 588))
  local pop3=$((base + 110)) pop3s=$((base + 995)) imap=$((base + 143)) imaps=$((base + 993))
  local ports=("$smtp" "$smtps" "$submission" "$submission_login" "$noauth" "$pop3" "$pop3s" "$imap" "$imaps")

  # DIR: absolute, simple characters, short enough for unix sockets (sun_path is 108 bytes;
  # the longest socket below DIR is about 40 more), reachable by the servers' users.
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  [[ $dir =~ ^/[A-Za-z0-9/._+-]+$ ]] || die "DIR may only contain [A-Za-z0-9/._+-]: $dir"
  ((${#dir} <= 60)) || die "DIR is ${#dir} characters, more than 60: unix socket paths below it would be too long ($dir)"
  if [[ ! -e $dir/$MARKER ]] && [[ -n $(ls -A "$dir") ]]; then
    die "$dir is not empty and was not made by $0"
  fi
  touch "$dir/$MARKER"
  mkdir -p "$dir/log"

  install_packages "$dir/log/apt.log"

  owner=${MAIL_OWNER:-${SUDO_USER:-mail}}
  owner_uid=$(id -u "$owner" 2> /dev/null) || die "MAIL_OWNER: no user '$owner'"
  # Dovecot refuses uid 0 for mail access: fall back to the system user 'mail' (uid 8).
  if ((owner_uid == 0)); then owner=mail owner_uid=$(id -u mail); fi
  owner_gid=$(id -g "$owner")

  # Restart: stop whatever a previous start left in DIR.
  rm -f "$dir/mail.env"
  if compgen -G "$dir/pids/*" > /dev/null || [[ -n $(masters "$dir") ]]; then
    log "servers found in $dir: stopping them first"
    stop_servers "$dir"
  fi
  # Transient state is recreated on each start: the postfix/dovecot uids change when the
  # packages are reinstalled, and a stale queue owned by the old uid stops postfix.
  rm -rf "${dir:?}/spool" "${dir:?}/lib" "${dir:?}/run" "${dir:?}/state" "${dir:?}/pids"
  mkdir -p "$dir"/{tls,etc,pids,run,state,home,postfix,spool/postfix,lib/postfix}
  chmod 755 "$dir" "$dir/run" # mktemp -d makes 0700; the unprivileged daemons must traverse
  if ! runuser -u dovenull -- test -x "$dir/run" || ! runuser -u "$owner" -- test -x "$dir/run"; then
    die "$dir cannot be reached by unprivileged users (a parent directory is not world-executable): use a DIR under /tmp"
  fi

  for port in "${ports[@]}"; do
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      die "port $port is already in use (MAIL_PORT_BASE moves the ports)" \
        "$(ss -ltnpH "sport = :$port" 2> /dev/null | head -3)"
    fi
  done

  # -------------------------------------------------------------- TLS
  # A throwaway CA and a server certificate for localhost/127.0.0.1, kept across restarts of
  # the same DIR (clients keep trusting ca.crt) until they are within a day of expiry.
  t0=$(now_us)
  if ! openssl x509 -checkend 86400 -noout -in "$dir/tls/server.crt" > /dev/null 2>&1; then
    (
      cd "$dir/tls"
      umask 077
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
        -keyout ca.key -out ca.crt -subj "/CN=wl test CA (throwaway)" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout server.key -out server.csr -subj "/CN=localhost"
      printf '%s\n' basicConstraints=CA:FALSE keyUsage=critical,digitalSignature \
        extendedKeyUsage=serverAuth subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1 > server.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
        -extfile server.ext -out server.crt
      chmod 644 ca.crt server.crt
    ) > "$dir/log/openssl.log" 2>&1 || die "openssl failed" "$(tail -5 "$dir/log/openssl.log")"
  fi
  local t_tls
  t_tls=$(since "$t0")

  # -------------------------------------------------------------- Dovecot
  local home=$dir/home/$user
  install -d -o "$owner_uid" -g "$owner_gid" -m 700 "$home"
  chown -R "$owner_uid:$owner_gid" "$home" # a mailbox kept from a start with another owner
  printf '%s:{PLAIN}%s:%s:%s::%s::\n' "$user" "$pass" "$owner_uid" "$owner_gid" "$home" > "$dir/etc/users"
  chown root:dovecot "$dir/etc/users"
  chmod 640 "$dir/etc/users"
  cat > "$dir/etc/dovecot.conf" << EOF
# Standalone Dovecot for wl's tests (written by .ci/mail-servers.sh): dovecot -c THIS_FILE.
instance_name = wl-mail-$base
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = $dir/run/dovecot
state_dir = $dir/state
log_path = $dir/log/dovecot.log
auth_verbose = yes
hostname = localhost
ssl = yes
ssl_cert = <$dir/tls/server.crt
ssl_key = <$dir/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
# LOGIN / USER+PASS / AUTH are allowed on the plain ports too: clients choose STARTTLS.
disable_plaintext_auth = no
auth_mechanisms = plain login
# The default 2 s pause after a failed login also delays Postfix's 535.
auth_failure_delay = 0
# Mail is accessed as $owner (uid $owner_uid); Dovecot refuses uids below first_valid_uid.
first_valid_uid = $owner_uid
first_valid_gid = $owner_gid
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dir/etc/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $dir/etc/users
}
# The default of 10 connections per user and IP breaks parallel tests.
protocol imap {
  mail_max_userip_connections = 200
}
protocol pop3 {
  mail_max_userip_connections = 200
}
service imap-login {
  inet_listener imap {
    port = $imap
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $pop3
  }
  inet_listener pop3s {
    port = $pop3s
    ssl = yes
  }
}
# No auth penalty: after a failed login Dovecot delays every later authentication from the
# same IP (2, 4, 8 up to 15 s), and every test client is 127.0.0.1, Postfix's SASL included:
# one wrong-password test would slow down all the others.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
# Postfix delivers through LMTP and authenticates SMTP clients through auth.
service lmtp {
  unix_listener $dir/run/lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener $dir/run/auth {
    mode = 0666
  }
}
EOF

  # -------------------------------------------------------------- Postfix
  local pf=$dir/postfix
  chown postfix:postfix "$dir/lib/postfix"
  cat > "$pf/main.cf" << EOF
# Standalone Postfix for wl's tests (written by .ci/mail-servers.sh): postfix -c $pf start
compatibility_level = 3.6
syslog_name = postfix-wl
queue_directory = $dir/spool/postfix
data_directory = $dir/lib/postfix
# No syslog here: postlogd writes this file (the postlog service in master.cf).
maillog_file = $dir/log/postfix.log
maillog_file_prefixes = $dir/log
mail_owner = postfix
setgid_group = postdrop
myhostname = localhost
mydomain = localdomain
myorigin = localhost
mydestination = localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no
readme_directory = no
alias_maps =
alias_database =
message_size_limit = 52428800
in_flow_delay = 0
smtpd_error_sleep_time = 0
# A delivery that fails for a moment is retried within seconds, not minutes.
queue_run_delay = 1s
minimal_backoff_time = 2s
maximal_backoff_time = 10s
# Catch-all: every recipient, any domain, goes to the test user through Dovecot's LMTP.
virtual_alias_maps = static:$user@localhost
virtual_alias_domains =
local_recipient_maps =
local_transport = lmtp:unix:$dir/run/lmtp
smtpd_tls_chain_files = $dir/tls/server.key, $dir/tls/server.crt
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_tls_loglevel = 1
# Received: headers name the TLS version and cipher, so tests can see a message came over TLS.
smtpd_tls_received_header = yes
# Queue IDs that are never reused, so a test can tie a log line to its message.
enable_long_queue_ids = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $dir/run/auth
# Per port in master.cf.
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
EOF
  # Written from scratch: chroot is 'n' on every line (Debian's stock file chroots the
  # daemons into the queue directory, where the sockets below DIR/run cannot be reached).
  cat > "$pf/master.cf" << EOF
# service               type  private unpriv chroot wakeup maxproc command
# plain; STARTTLS offered; AUTH PLAIN/LOGIN offered before and after TLS and required
127.0.0.1:$smtp inet n - n - - smtpd
  -o smtpd_sasl_auth_enable=yes
# implicit TLS; AUTH required
127.0.0.1:$smtps inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
# submission: STARTTLS required, AUTH offered only after it, AUTH required
127.0.0.1:$submission inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
# submission with AUTH LOGIN as the only mechanism offered (clients that prefer PLAIN must
# fall back to LOGIN); STARTTLS required; smtpd logs sasl_method=LOGIN for each message
127.0.0.1:$submission_login inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sasl_mechanism_filter=login
# no AUTH offered at all (STARTTLS still offered); accepts mail from 127.0.0.0/8
127.0.0.1:$noauth inet n - n - - smtpd
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
pickup     unix  n - n 60    1 pickup
cleanup    unix  n - n -     0 cleanup
qmgr       unix  n - n 300   1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -     - trivial-rewrite
bounce     unix  - - n -     0 bounce
defer      unix  - - n -     0 bounce
trace      unix  - - n -     0 bounce
verify     unix  - - n -     1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -     - proxymap
proxywrite unix  - - n -     1 proxymap
smtp       unix  - - n -     - smtp
relay      unix  - - n -     - smtp
showq      unix  n - n -     - showq
error      unix  - - n -     - error
retry      unix  - - n -     - error
discard    unix  - - n -     - discard
local      unix  - n n -     - local
virtual    unix  - n n -     - virtual
lmtp       unix  - - n -     - lmtp
anvil      unix  - - n -     1 anvil
scache     unix  - - n -     1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF

  # 'postfix start' first sleeps in 300 ms steps (about 1.8 s) while main.cf or master.cf
  # is less than a couple of seconds old (seen with strace): date them a minute back.
  touch -d "@$((EPOCHSECONDS - 60))" "$pf/main.cf" "$pf/master.cf"

  # -------------------------------------------------------------- start both
  # From here on a failure stops whatever was started.
  trap 'rc=$?; if ((rc != 0)); then log "start failed: stopping what was started"; stop_servers "'"$dir"'" || true; fi' EXIT

  t0=$(now_us)
  local err
  if ! err=$(doveconf -c "$dir/etc/dovecot.conf" -n 2>&1 > /dev/null); then
    die "dovecot rejects its configuration" "$err"
  fi
  # Without -F dovecot daemonizes (a new session) and writes base_dir/master.pid. Its output
  # goes to a file: the daemon keeps the inherited descriptors, so $(...) would never end.
  if ! dovecot -c "$dir/etc/dovecot.conf" < /dev/null > "$dir/log/dovecot-start.log" 2>&1; then
    die "dovecot failed to start" "$(cat "$dir/log/dovecot-start.log")" \
      "$(tail -5 "$dir/log/dovecot.log" 2> /dev/null)"
  fi
  record_master dovecot "$dir/run/dovecot/master.pid" "$dir/pids/dovecot" "$timeout" ||
    die "dovecot wrote no master.pid within ${timeout}s" "$(tail -5 "$dir/log/dovecot.log" 2> /dev/null)"
  local t_dovecot
  t_dovecot=$(since "$t0")

  # 'postfix start' runs its integrity checks, creates the queue and daemonizes the master.
  # Postfix commands print their errors only to a terminal (or the maillog): on failure,
  # run the check again under script(1) to show them.
  t0=$(now_us)
  if ! postfix -c "$pf" start < /dev/null > "$dir/log/postfix-start.log" 2>&1; then
    die "postfix failed to start" \
      "$(cat "$dir/log/postfix-start.log")" \
      "$(script -qec "postfix -c $pf check" /dev/null 2>&1 | tail -5)" \
      "$(tail -5 "$dir/log/postfix.log" 2> /dev/null)"
  fi
  record_master postfix "$dir/spool/postfix/pid/master.pid" "$dir/pids/postfix" "$timeout" ||
    die "postfix wrote no master.pid within ${timeout}s" "$(tail -5 "$dir/log/postfix.log" 2> /dev/null)"
  local t_postfix
  t_postfix=$(since "$t0")

  t0=$(now_us)
  for port in "${ports[@]}"; do
    ok=0
    for ((i = 0; i < timeout * 20; i++)); do
      if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
        ok=1
        break
      fi
      sleep 0.05
    done
    ((ok)) || die "port $port does not accept connections after ${timeout}s" \
      "$(tail -3 "$dir/log/postfix.log" 2> /dev/null)" "$(tail -3 "$dir/log/dovecot.log" 2> /dev/null)"
  done
  local t_ports
  t_ports=$(since "$t0")

  cat > "$dir/mail.env.tmp" << EOF
# Written by .ci/mail-servers.sh once every port accepted a connection.
# KEY=VALUE lines without quoting: set -a; . THIS_FILE; set +a
MAIL_DIR=$dir
MAIL_HOST=127.0.0.1
MAIL_TLS_SERVER_NAME=localhost
# Postfix: plain, STARTTLS offered, AUTH PLAIN/LOGIN offered with or without TLS and required
MAIL_SMTP_PORT=$smtp
# Postfix: implicit TLS, AUTH PLAIN/LOGIN required
MAIL_SMTPS_PORT=$smtps
# Postfix: STARTTLS required, AUTH offered only after STARTTLS and required
MAIL_SUBMISSION_PORT=$submission
# Postfix: as MAIL_SUBMISSION_PORT, but AUTH LOGIN is the only mechanism offered
MAIL_SUBMISSION_LOGIN_PORT=$submission_login
# Postfix: no AUTH offered (STARTTLS offered), accepts any mail from 127.0.0.0/8
MAIL_SMTP_NOAUTH_PORT=$noauth
# Dovecot: POP3 with STLS offered (USER/PASS, AUTH PLAIN/LOGIN allowed before TLS) / implicit TLS
MAIL_POP3_PORT=$pop3
MAIL_POP3S_PORT=$pop3s
# Dovecot: IMAP with STARTTLS offered (LOGIN, AUTHENTICATE allowed before TLS) / implicit TLS
MAIL_IMAP_PORT=$imap
MAIL_IMAPS_PORT=$imaps
MAIL_USER=$user
MAIL_PASS=$pass
# Every recipient at any domain is delivered to this one mailbox.
MAIL_ADDR=$user@localhost
# The throwaway CA of the servers' certificate (SAN localhost, 127.0.0.1, ::1).
MAIL_CA_FILE=$dir/tls/ca.crt
MAIL_MAILDIR=$home/Maildir
MAIL_LOG_DIR=$dir/log
EOF
  chmod 644 "$dir/mail.env.tmp"
  mv "$dir/mail.env.tmp" "$dir/mail.env"
  trap - EXIT
  log "up: tls $t_tls s, dovecot $t_dovecot s, postfix $t_postfix s, ports $t_ports s; total $(since "$t_start") s"
  log "smtp=$smtp smtps=$smtps submission=$submission submission-login=$submission_login noauth=$noauth pop3=$pop3 pop3s=$pop3s imap=$imap imaps=$imaps"
  log "env: $dir/mail.env   stop: $SELF stop $dir"
}

# record_master NAME PIDFILE OUT TIMEOUT: waits for the master's pid file and writes
# "pid session" to OUT (stop uses the session to find children that outlived the master).
record_master() {
  local name=$1 pidfile=$2 out=$3 timeout=$4 i pid
  for ((i = 0; i < timeout * 20; i++)); do
    pid=$(tr -dc 0-9 < "$pidfile" 2> /dev/null || true)
    if [[ -n $pid ]] && alive "$pid" && is_master "$name" "$pid"; then
      echo "$pid $P_SID" > "$out"
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# ------------------------------------------------------------------ main
(($# == 2)) || usage
[[ $(id -u) -eq 0 ]] || die "must run as root (the servers start as root and drop privileges)"
case $1 in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  status) cmd_status "$2" ;;
  *) usage ;;
esac
