-- 001-initial.sql: the whole first-login schema (members, temporary
-- credentials, accounts, sessions, outbox, audit, resets).
-- Times are DATETIME(6) in the server's clock (UTC by the stack's settings):
-- every time comparison is made by MariaDB's NOW(6), so hosts need not agree.

CREATE TABLE schema_version (
  version     INT UNSIGNED NOT NULL PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  applied_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per insured person, keyed as the society keys them.
CREATE TABLE members (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  insurer_number  CHAR(8)      NOT NULL,
  symbol          VARCHAR(32)  NOT NULL,
  number          VARCHAR(32)  NOT NULL,
  name            VARCHAR(100) NOT NULL,
  birth_date      DATE         NOT NULL,
  category        ENUM('employee','overseas','seconded','leave','voluntary') NOT NULL,
  -- identity-check (step 2) mismatches; locked when it reaches the limit,
  -- until an operator runs `kosmoctl unlock`.
  verify_failures INT UNSIGNED NOT NULL DEFAULT 0,
  verify_locked_at DATETIME(6) NULL,
  -- Consent to the terms of use, given at the identity check: the version,
  -- the time and the address of the latest. On the member row so that the
  -- statement that moves the session on writes it too (step 2 is the
  -- busiest write of a wave: one statement, one commit).
  terms_version   VARCHAR(32)  NULL,
  consented_at    DATETIME(6)  NULL,
  consent_addr    VARCHAR(45)  NULL,
  created_at      DATETIME(6)  NOT NULL,
  updated_at      DATETIME(6)  NOT NULL,
  UNIQUE KEY members_key (insurer_number, symbol, number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Temporary credentials printed on the notice. The ID has the form
-- XXXX-XXXX (a hyphen a permanent ID can never contain). Retired when the
-- member registers; a retired row never logs in again.
CREATE TABLE temp_credentials (
  member_id       BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  temp_user_id    VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  password_hash   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  issued_at       DATETIME(6)  NOT NULL,
  retired_at      DATETIME(6)  NULL,
  login_failures  INT UNSIGNED NOT NULL DEFAULT 0,
  locked_until    DATETIME(6)  NULL,
  UNIQUE KEY temp_user_id (temp_user_id),
  CONSTRAINT temp_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Permanent accounts. One per member (member_id UNIQUE): a repeated 実行
-- cannot create a second one. user_id is unique regardless of case.
CREATE TABLE accounts (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id            BIGINT UNSIGNED NOT NULL,
  user_id              VARCHAR(13)  CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  password_hash        VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  password_changed_at  DATETIME(6)  NOT NULL,
  email                VARCHAR(254) NOT NULL,
  login_failures       INT UNSIGNED NOT NULL DEFAULT 0,
  locked_until         DATETIME(6)  NULL,
  created_at           DATETIME(6)  NOT NULL,
  UNIQUE KEY account_member (member_id),
  UNIQUE KEY account_user_id (user_id),
  CONSTRAINT account_member_fk FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Server-side sessions, keyed by the SHA-256 of the cookie value.
-- stage: 1 temporary login done, 2 identity checked, 3 confirm screen
-- shown, 4 registration finished, 10 logged in with the permanent ID.
-- Between the confirm screen and 実行 the new password exists only as
-- pending_password_hash.
CREATE TABLE sessions (
  id_hash                BINARY(32)   NOT NULL PRIMARY KEY,
  stage                  TINYINT UNSIGNED NOT NULL,
  member_id              BIGINT UNSIGNED NOT NULL,
  account_id             BIGINT UNSIGNED NULL,
  pending_user_id        VARCHAR(13)  NULL,
  pending_email          VARCHAR(254) NULL,
  pending_password_hash  VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  created_at             DATETIME(6)  NOT NULL,
  last_seen_at           DATETIME(6)  NOT NULL,
  KEY sessions_last_seen (last_seen_at),
  KEY sessions_member (member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Mail outbox: a row is written in the transaction of the change that
-- causes it and delivered after commit. dedupe_key makes a second queueing
-- of the same mail impossible. claimed_until lets one sender at a time own
-- a row (the web process right after commit, or `kosmoctl send-mail`).
CREATE TABLE mail_outbox (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind             VARCHAR(32)  NOT NULL,
  dedupe_key       VARCHAR(128) NOT NULL,
  recipient        VARCHAR(254) NOT NULL,
  message          MEDIUMTEXT   NOT NULL,
  created_at       DATETIME(6)  NOT NULL,
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME(6)  NOT NULL,
  claimed_until    DATETIME(6)  NULL,
  last_error       VARCHAR(500) NULL,
  sent_at          DATETIME(6)  NULL,
  UNIQUE KEY outbox_dedupe (dedupe_key),
  KEY outbox_due (sent_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Audit events: logins, lockouts, identity-check failures, registrations,
-- mail, operator chores (a passed identity check is the member's consent).
CREATE TABLE audit_events (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at           DATETIME(6)  NOT NULL,
  event        VARCHAR(40)  NOT NULL,
  member_id    BIGINT UNSIGNED NULL,
  login_id     VARCHAR(64)  NULL,
  client_addr  VARCHAR(45)  NULL,
  detail       VARCHAR(500) NULL,
  KEY audit_at (at),
  KEY audit_member (member_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Password reset links (SPEC "After registration"): only the token's
-- SHA-256 is stored.
CREATE TABLE password_resets (
  token_hash   BINARY(32)   NOT NULL PRIMARY KEY,
  account_id   BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  expires_at   DATETIME(6)  NOT NULL,
  used_at      DATETIME(6)  NULL,
  KEY resets_account (account_id),
  CONSTRAINT reset_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
