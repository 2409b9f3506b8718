-- 003-portal.sql: the member's portal: 医療費 claims, 資格 (eligibility)
-- records, the imports that load them, mail address changes, the notices
-- switch, and a sender's name on claimed outbox rows.
-- Independent of 002 (the door): it only adds tables and columns of its own.

-- One import run (kosmoctl import-expenses / import-eligibility): its id
-- marks the rows it added or changed, so the notices of that run (and
-- nothing else) can be found within its transaction.
CREATE TABLE imports (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind        ENUM('expenses','eligibility') NOT NULL,
  file        VARCHAR(500) NOT NULL,
  started_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- 医療費: one row per claim (レセプト), keyed by the society's claim_id.
-- The household is (insurer_number, symbol, number): the insured person and
-- the dependents share it. service_month is YYYYMM as a number.
CREATE TABLE expense_claims (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  insurer_number  CHAR(8)      NOT NULL,
  claim_id        VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  symbol          VARCHAR(32)  NOT NULL,
  number          VARCHAR(32)  NOT NULL,
  patient_name    VARCHAR(100) NOT NULL,
  service_month   INT UNSIGNED NOT NULL,
  provider        VARCHAR(200) NOT NULL,
  kind            ENUM('inpatient','outpatient','dental','pharmacy') NOT NULL,
  days            TINYINT UNSIGNED NOT NULL,
  total_cost      BIGINT UNSIGNED NOT NULL,
  self_pay        BIGINT UNSIGNED NOT NULL,
  -- The import that created the row, and the last one that changed it.
  created_in      BIGINT UNSIGNED NOT NULL,
  changed_in      BIGINT UNSIGNED NOT NULL,
  UNIQUE KEY claim_key (insurer_number, claim_id),
  KEY claim_household (insurer_number, symbol, number, service_month),
  KEY claim_changed (changed_in),
  KEY claim_month (service_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- 資格: one row per person of a household; branch 00 is the insured person.
CREATE TABLE eligibility (
  insurer_number  CHAR(8)      NOT NULL,
  symbol          VARCHAR(32)  NOT NULL,
  number          VARCHAR(32)  NOT NULL,
  branch          CHAR(2)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name            VARCHAR(100) NOT NULL,
  relationship    ENUM('self','spouse','child','parent','other') NOT NULL,
  birth_date      DATE         NOT NULL,
  acquired_on     DATE         NOT NULL,
  lost_on         DATE         NULL,
  created_in      BIGINT UNSIGNED NOT NULL,
  changed_in      BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (insurer_number, symbol, number, branch),
  KEY eligibility_changed (changed_in)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- 更新のお知らせメールを受け取る (on by default).
ALTER TABLE accounts ADD COLUMN notices TINYINT UNSIGNED NOT NULL DEFAULT 1;

-- A mail address change waiting for its confirmation link (24 hours);
-- only the token's SHA-256 is stored.
CREATE TABLE email_changes (
  token_hash   BINARY(32)   NOT NULL PRIMARY KEY,
  account_id   BIGINT UNSIGNED NOT NULL,
  new_email    VARCHAR(254) NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  expires_at   DATETIME(6)  NOT NULL,
  used_at      DATETIME(6)  NULL,
  KEY email_changes_account (account_id),
  CONSTRAINT email_change_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Which sender claimed a row: kosmoctl send-mail claims a batch in one
-- UPDATE, then reads back exactly the rows it claimed.
ALTER TABLE mail_outbox ADD COLUMN claimed_by VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD KEY outbox_claimed_by (claimed_by);
