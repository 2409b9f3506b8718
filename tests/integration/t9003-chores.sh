#!/usr/bin/env bash
# t9003-chores.sh: kosmoctl migrate, check-config, purge-sessions, send-mail
# (with --society, and its summary per society) and the global command line
. "$(dirname "$0")/lib.sh"

start_stack

# --- the global command line ------------------------------------------------------------

like "$(kosmoctl --help)" '^  import-members ' "--help lists the subcommands"
kosmoctl > /dev/null 2>&1
is "$?" 2 "no subcommand is a usage error"
kosmoctl no-such-command > /dev/null 2> "$T/err"
is "$?" 2 "an unknown subcommand is a usage error"
like "$(cat "$T/err")" "unknown command 'no-such-command'" "and named"
for c in migrate import-members unlock send-mail check-config purge-sessions; do
    kosmoctl "$c" --help > "$T/help" 2>&1
    ok "'$c --help' exits 0 and shows its usage" grep -q "^usage: kosmoctl .*$c" "$T/help"
done
out=$(cd "$T" && KOSMO_CONFIG=$CONF "$TOP/build/kosmoctl" check-config 2>&1)
is "$out" ok "KOSMO_CONFIG names the configuration"

# --- migrate -------------------------------------------------------------------------------

# The shipped migrations, whatever their number: the test's own come after them.
newest=$(ls "$TOP/sql" | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -n 1)
next=$(printf '%03d' $((newest + 1)))
after=$(printf '%03d' $((newest + 2)))
newest_file=$(cd "$TOP/sql" && ls | sort | tail -n 1)
is "$(kosmoctl migrate 2>&1)" "schema is up to date (version $newest)" "migrate on a migrated database does nothing"
is "$(sql "SELECT version, name FROM schema_version")" \
    "$(cd "$TOP/sql" && ls | sort | sed 's/^0*\([0-9][0-9]*\)-/\1\t&/')" \
    "the stack's schema records every shipped migration, up to version $newest"
mkdir "$T/sql"
cp "$TOP"/sql/*.sql "$T/sql/"
cat > "$T/sql/$next-test.sql" <<'SQL'
-- a migration for this test; a ';' in a comment line;
CREATE TABLE t9003_a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
ALTER TABLE t9003_a
  ADD COLUMN note VARCHAR(10) NULL;
SQL
is "$(kosmoctl migrate --sql-dir "$T/sql" 2>&1 | head -n 1)" "applied $next-test.sql" "a new migration is applied"
is "$(sql "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't9003_a'")" 2 \
    "all its statements ran"
is "$(sql "SELECT MAX(version) FROM schema_version")" $((newest + 1)) "and it is recorded"
kosmoctl migrate > "$T/out" 2> "$T/err"
is "$?" 1 "migrate refuses a database newer than its files"
like "$(cat "$T/err")" "schema version $((newest + 1)), newer than the newest migration '$newest_file'" "and says why"
cat > "$T/sql/$after-broken.sql" <<'SQL'
CREATE TABLE t9003_b (id INT NOT NULL PRIMARY KEY);
THIS IS NOT SQL;
SQL
kosmoctl migrate --sql-dir "$T/sql" > /dev/null 2> "$T/err"
is "$?" 1 "a failing migration fails"
like "$(cat "$T/err")" "'$after-broken.sql' failed at statement 2 of 2" "naming the file and statement"
is "$(sql "SELECT MAX(version) FROM schema_version")" $((newest + 1)) "and is not recorded"

# --- check-config ------------------------------------------------------------------------------

is "$(kosmoctl check-config 2>&1)" ok "check-config says ok for the stack"
printf '[db]\nsocket = %s\nuser = nobody\n[bogus]\nkey = 1\n' "$T/none.sock" > "$T/bad.conf"
out=$(cd "$TOP" && build/kosmoctl --config "$T/bad.conf" check-config 2>&1)
is "$?" 1 "a bad configuration fails"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "with one line"
sed 's/^\(socket *= *\).*/\1\/nonexistent\/mysqld.sock/' "$CONF" > "$T/nodb.conf"
out=$(cd "$TOP" && build/kosmoctl --config "$T/nodb.conf" check-config 2>&1)
is "$?" 1 "an unreachable database fails"
like "$out" "cannot connect to database" "and says so"

# --- purge-sessions -------------------------------------------------------------------------------

import_members '06279996,1001,101,山田太郎,19800401,employee' || bail_out "import failed"
m=$(sql "SELECT id FROM members")
sql "INSERT INTO sessions (id_hash, stage, member_id, created_at, last_seen_at) VALUES
     (UNHEX(SHA2('fresh', 256)), 1, $m, NOW(6), NOW(6)),
     (UNHEX(SHA2('idle', 256)), 1, $m, NOW(6) - INTERVAL 40 MINUTE, NOW(6) - INTERVAL 31 MINUTE),
     (UNHEX(SHA2('old', 256)), 1, $m, NOW(6) - INTERVAL 121 MINUTE, NOW(6))"
is "$(kosmoctl purge-sessions 2>&1 | head -n 1)" "purged 2 expired sessions" "purge-sessions deletes idle and too old sessions"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX(SHA2('fresh', 256))")" 1 "and keeps the live one"

# --- send-mail ---------------------------------------------------------------------------------------

queue() {  # queue KEY: one mail in the outbox
    sql "INSERT INTO mail_outbox (kind, dedupe_key, recipient, message, created_at, next_attempt_at)
         VALUES ('test', '$1', 'a@example.co.jp',
                 'From: webmaster@kosmoweb.jp\nTo: a@example.co.jp\nSubject: $1\n\nhello\n', NOW(6), NOW(6))"
}
queue first
sendmail_fail 75
kosmoctl send-mail > "$T/out" 2>&1
is "$?" 0 "send-mail succeeds while sendmail says 'try later'"
like "$(cat "$T/out")" "sent 0, deferred 1" "and reports the mail as deferred"
is "$(sql "SELECT sent_at IS NULL AND last_error IS NOT NULL FROM mail_outbox WHERE dedupe_key = 'first'")" 1 \
    "the mail stays queued with its error"
sendmail_ok
sql "UPDATE mail_outbox SET next_attempt_at = NOW(6)"
queue second
kosmoctl send-mail > "$T/out" 2>&1
is "$?" 0 "send-mail succeeds"
like "$(cat "$T/out")" "sent 2, deferred 0" "and reports both mails sent"
is "$(mail_count)" 2 "sendmail got both"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL")" 2 "both are marked sent"
kosmoctl send-mail > "$T/out" 2>&1
like "$(cat "$T/out")" "sent 0, deferred 0" "a second run has nothing to send"
is "$(mail_count)" 2 "and sends nothing twice"

# --- send-mail by society ----------------------------------------------------------------------------

queue_for() {  # queue_for INSURER KEY: one mail for a member of that society
    sql "INSERT INTO mail_outbox (kind, insurer_number, dedupe_key, recipient, message, created_at, next_attempt_at)
         VALUES ('test', '$1', '$2', 'a@example.co.jp',
                 'From: webmaster@kosmoweb.jp\nTo: a@example.co.jp\nSubject: $2\n\nhello\n', NOW(6), NOW(6))"
}
unsent() { sql "SELECT GROUP_CONCAT(dedupe_key ORDER BY id) FROM mail_outbox WHERE sent_at IS NULL"; }
queue_for 06279996 sample1
queue_for 06279996 sample2
queue_for 06130017 minato1
kosmoctl send-mail --society 0613001 > /dev/null 2> "$T/err"
is "$?" 2 "send-mail with a malformed --society is a usage error"
like "$(cat "$T/err")" "--society '0613001' is not an insurer number" "saying so"
kosmoctl send-mail --society 12345674 > /dev/null 2> "$T/err"
is "$?" 1 "send-mail --society of an insurer number that is not a society fails"
like "$(cat "$T/err")" "--society 12345674 is not a society" "saying so"
is "$(unsent)" "sample1,sample2,minato1" "and sends nothing"
kosmoctl send-mail --society 06130017 > "$T/out" 2>&1
is "$?" 0 "send-mail --society succeeds"
is "$(tail -n 1 "$T/out")" "sent 1, deferred 0; queue: 0 waiting (0 with errors), 1 sent in all" \
    "it sends that society's mail and counts that society's queue"
is "$(unsent)" "sample1,sample2" "the other society's mails wait"
kosmoctl send-mail > "$T/out" 2>&1
is "$(tail -n 1 "$T/out")" "sent 2, deferred 0; queue: 0 waiting (0 with errors), 5 sent in all" \
    "send-mail sends the rest; the mails of one society: the total line is the last"
queue_for 06279996 sample3
queue_for 06130017 minato2
queue_for 06130017 minato3
sendmail_fail 75
sql "UPDATE mail_outbox SET next_attempt_at = NOW(6) + INTERVAL 1 HOUR WHERE dedupe_key = 'minato3'"
kosmoctl send-mail > "$T/out" 2> "$T/err"
sendmail_ok
like "$(cat "$T/err")" 'cannot deliver mail [0-9]+: deferred \(exit 75\)' "the deferred mails are logged on stderr"
is "$(grep -v '^mail ' "$T/out")" "sent 0, deferred 2; queue: 3 waiting (2 with errors), 5 sent in all
  06130017 みなと健康保険組合: sent 0, deferred 1
  06279996 サンプル健康保険組合: sent 0, deferred 1" \
    "with two societies' mails the total line comes first, then a line per society"
sql "UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE sent_at IS NULL"
kosmoctl send-mail > "$T/out" 2>&1
is "$(grep -v '^mail ' "$T/out")" "sent 3, deferred 0; queue: 0 waiting (0 with errors), 8 sent in all
  06130017 みなと健康保険組合: sent 2, deferred 0
  06279996 サンプル健康保険組合: sent 1, deferred 0" "and counts the sent ones per society"
like "$(kosmoctl send-mail --help)" '--society INSURER_NUMBER' "send-mail --help documents --society"

done_testing
