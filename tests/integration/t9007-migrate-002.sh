#!/usr/bin/env bash
# t9007-migrate-002.sh: kosmoctl migrate upgrades a database of the previous
# release (001 only) with members, accounts and consents in it: nothing is
# lost, the consents move into the history, the terms become version 1
. "$(dirname "$0")/lib.sh"

start_stack

scratch_db
migrate() { mctl migrate --sql-dir "$T/sql"; }

# The previous release: 001 alone, with two members, an account and a consent.
mkdir "$T/sql"
cp "$TOP/sql/001-initial.sql" "$T/sql/"
migrate > "$T/m1.out" 2>&1 || bail_out "001 does not apply"
msql "INSERT INTO members (id, insurer_number, symbol, number, name, birth_date, category,
        terms_version, consented_at, consent_addr, created_at, updated_at)
      VALUES (1, '06279996', '1001', '1', '山田 太郎', '1980-01-23', 'employee',
        '2022-03', '2024-05-01 10:00:00', '192.0.2.7', NOW(6), NOW(6)),
             (2, '06279996', '1001', '2', '山田 花子', '1982-03-04', 'voluntary',
        NULL, NULL, NULL, NOW(6), NOW(6));
      INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
      VALUES (1, 'TARO12345', '\$scrypt\$ln=12,r=8,p=1\$x\$y', '2024-05-01 10:05:00', 'Taro@Example.co.jp', NOW(6));
      INSERT INTO temp_credentials (member_id, temp_user_id, password_hash, issued_at)
      VALUES (2, 'ABCD-2345', 'h', NOW(6))" || bail_out "cannot fill the old schema"

cp "$TOP/sql/002-door.sql" "$T/sql/"
out=$(migrate 2>&1)
is "$?" 0 "migrate upgrades the old database"
is "$out" "applied 002-door.sql
applied 1 migration; schema version 2" "it applies 002 alone"
is "$(msql "SELECT COUNT(*) FROM members")" 2 "the members are kept"
is "$(msql "SELECT CONCAT_WS(' ', user_id, email, DATE_FORMAT(password_changed_at, '%Y-%m-%d'), password_expired) FROM accounts")" \
    "TARO12345 Taro@Example.co.jp 2024-05-01 0" "the account is kept, not expired"
is "$(msql "SELECT temp_user_id FROM temp_credentials")" ABCD-2345 "the temporary credentials are kept"
is "$(msql "SELECT CONCAT_WS(' ', seq, version, DATE_FORMAT(published_at, '%Y-%m-%d')) FROM terms_versions")" \
    "1 2022-03 2022-03-01" "the shipped terms are version 1"
like "$(msql "SELECT body FROM terms_versions")" '^第1条.目的.' "with their text"
is "$(msql "SELECT CONCAT_WS(' ', member_id, terms_seq, at, client_addr, source) FROM consents")" \
    "1 1 2024-05-01 10:00:00.000000 192.0.2.7 verify" "the consent on the member row is now a history row"
is "$(msql "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()
            AND table_name = 'members' AND column_name IN ('terms_version', 'consented_at', 'consent_addr')")" 0 \
    "and the member row keeps no consent of its own"
is "$(msql "SELECT user_id FROM accounts WHERE email_key = 'taro@example.co.jp'")" TARO12345 \
    "an account is found by its address in any case"
is "$(migrate 2>&1)" "schema is up to date (version 2)" "a second run applies nothing"

# The upgraded database is what the programs use: the stack's own went the same way.
shipped=$(ls "$TOP"/sql/[0-9]*.sql | sed 's|.*/0*\([0-9][0-9]*\)-.*|\1|' | paste -sd, -)
like "$shipped" '^1,2(,|$)' "the shipped migrations begin with 001 and 002"
is "$(sql "SELECT GROUP_CONCAT(version ORDER BY version) FROM schema_version")" "$shipped" \
    "a new stack has every shipped migration, 001 and 002 among them"
is "$(sql "SELECT version FROM terms_versions")" 2022-03 "and the first terms"

done_testing
