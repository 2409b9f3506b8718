#!/usr/bin/env bash
# t9006-migrate-001.sh: kosmoctl migrate from an empty database: 001 alone, an
# upgrade applied once and recorded, a failing migration rolled back as far
# as MariaDB allows, and the refusal of a database newer than the files
. "$(dirname "$0")/lib.sh"

start_stack

scratch_db
migrate() { mctl migrate --sql-dir "$T/sql"; }

mkdir "$T/sql"
cp "$TOP/sql/001-initial.sql" "$T/sql/"
out=$(migrate 2>&1)
is "$?" 0 "migrate on an empty database succeeds"
is "$out" "applied 001-initial.sql
applied 1 migration; schema version 1" "it applies 001"
is "$(msql "SELECT version, name FROM schema_version")" "$(printf '1\t001-initial.sql')" "and records it"
is "$(msql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")" \
    "$(grep -c '^CREATE TABLE' "$TOP/sql/001-initial.sql")" \
    "it makes every table of 001"

# An upgrade: DDL, then data.
cat > "$T/sql/002-upgrade.sql" <<'SQL'
-- 002-upgrade.sql: a test migration: a table, then a row in it
CREATE TABLE t9006_notes (id INT NOT NULL PRIMARY KEY, note VARCHAR(20) NOT NULL) ENGINE=InnoDB;
INSERT INTO t9006_notes (id, note) VALUES (1, 'upgraded');
SQL
out=$(migrate 2>&1)
is "$out" "applied 002-upgrade.sql
applied 1 migration; schema version 2" "the new migration alone is applied"
is "$(msql "SELECT COUNT(*), MAX(note) FROM t9006_notes")" "$(printf '1\tupgraded')" "its statements ran"
is "$(msql "SELECT GROUP_CONCAT(version ORDER BY version) FROM schema_version")" "1,2" "it is recorded"
out=$(migrate 2>&1)
is "$out" "schema is up to date (version 2)" "a second run applies nothing"
is "$(msql "SELECT COUNT(*) FROM t9006_notes")" 1 "and runs nothing twice"

# A failing migration of data only: nothing of it stays.
cat > "$T/sql/003-data.sql" <<'SQL'
INSERT INTO t9006_notes (id, note) VALUES (2, 'half');
INSERT INTO t9006_notes (id, note) VALUES (1, 'duplicate key');
SQL
migrate > /dev/null 2> "$T/err"
is "$?" 1 "a failing migration fails"
like "$(cat "$T/err")" "'003-data.sql' failed at statement 2 of 2: .*Duplicate entry" "naming the file, statement and error"
like "$(cat "$T/err")" "nothing of it was applied \(rolled back\)" "and says it was rolled back"
is "$(msql "SELECT COUNT(*) FROM t9006_notes")" 1 "its first statement is rolled back"
is "$(msql "SELECT MAX(version) FROM schema_version")" 2 "and it is not recorded"

# DDL, then data, then a failure: the DDL stays (MariaDB commits it), the data does not.
cat > "$T/sql/003-data.sql" <<'SQL'
CREATE TABLE t9006_more (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO t9006_more (id) VALUES (1);
THIS IS NOT SQL;
SQL
migrate > /dev/null 2> "$T/err"
is "$?" 1 "a migration failing after DDL fails"
like "$(cat "$T/err")" "statements 1-1 of it stay applied \(MariaDB commits DDL at once\), the rest was rolled back" \
    "and says what stays"
is "$(msql "SELECT COUNT(*) FROM t9006_more")" 0 "the data after the DDL is rolled back"
is "$(msql "SELECT MAX(version) FROM schema_version")" 2 "and the migration is not recorded"

# Repaired by hand, it goes on.
msql "DROP TABLE t9006_more"
printf 'CREATE TABLE t9006_more (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\nINSERT INTO t9006_more (id) VALUES (1);\n' \
    > "$T/sql/003-data.sql"
is "$(migrate 2>&1 | head -n 1)" "applied 003-data.sql" "the repaired migration is applied"
is "$(msql "SELECT COUNT(*) FROM t9006_more")" 1 "with its data"

# A database newer than the files (an older kosmoctl): refused, untouched.
msql "INSERT INTO schema_version (version, name, applied_at) VALUES (7, '007-future.sql', NOW(6))"
cat > "$T/sql/004-never.sql" <<'SQL'
CREATE TABLE t9006_never (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
SQL
migrate > "$T/out" 2> "$T/err"
is "$?" 1 "migrate refuses a database with a newer schema than its newest file"
like "$(cat "$T/err")" "the database has schema version 7, newer than the newest migration '004-never.sql'.*refusing" \
    "and says why"
is "$(msql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 't9006_never'")" 0 \
    "nothing was applied"
is "$(msql "SELECT GROUP_CONCAT(version ORDER BY version) FROM schema_version")" "1,2,3,7" "nothing was recorded"

done_testing
