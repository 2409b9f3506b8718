-- 007-second-factor.sql: 二段階認証. A member proves a second factor after
-- the password: a code by mail, or an authenticator app (TOTP) with its
-- recovery codes; a browser the member trusts skips it for 30 days. Codes
-- and tokens are stored only as keyed hashes (HMAC with the server secret)
-- or SHA-256, the app's key only sealed (AES-GCM under a key derived from
-- the server secret): a dump of this database opens no account.
--
-- Every column added here has a default, so MariaDB adds it in place
-- without copying the accounts or sessions table.

-- The account's factors:
--   mail_codes           the member turned codes by mail on (policy
--                        `optional`; `required` mails them regardless)
--   totp_key             the app's key, sealed (totp_key.h), NULL = no app
--   totp_last_step       the last TOTP time step accepted (a replay refused)
--   factor_failures      wrong app or recovery codes in a row
--   factor_locked_until  the code step waits until then (the password does not)
ALTER TABLE accounts
  ADD COLUMN mail_codes          BOOLEAN NOT NULL DEFAULT 0,
  ADD COLUMN totp_key            VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN totp_last_step      BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN factor_failures     INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN factor_locked_until DATETIME(6) NULL;

-- A session setting an app up keeps the new key (sealed) until the
-- member confirms it: the QR code is shown to that session only.
ALTER TABLE sessions
  ADD COLUMN totp_pending VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- Codes mailed at login, one row per mail (the hourly limit counts them).
-- Only the newest of an account is usable: a new one spends the others.
-- spent: used, replaced, or wrong 5 times.
CREATE TABLE mail_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id  BIGINT UNSIGNED NOT NULL,
  code_hash   BINARY(32)   NOT NULL,
  wrong       TINYINT UNSIGNED NOT NULL DEFAULT 0,
  spent       BOOLEAN      NOT NULL DEFAULT 0,
  created_at  DATETIME(6)  NOT NULL,
  expires_at  DATETIME(6)  NOT NULL,
  KEY mail_codes_account (account_id, created_at),
  KEY mail_codes_created (created_at),
  CONSTRAINT mail_code_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The app's ten recovery codes, each usable once.
CREATE TABLE recovery_codes (
  account_id  BIGINT UNSIGNED NOT NULL,
  code_hash   BINARY(32)   NOT NULL,
  used_at     DATETIME(6)  NULL,
  PRIMARY KEY (account_id, code_hash),
  CONSTRAINT recovery_code_account FOREIGN KEY (account_id) REFERENCES accounts (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Browsers a member trusts (このブラウザでは30日間確認しない), by the SHA-256
-- of the cookie's random token.
CREATE TABLE trusted_browsers (
  token_hash  BINARY(32)   NOT NULL PRIMARY KEY,
  account_id  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  expires_at  DATETIME(6)  NOT NULL,
  KEY trusted_browsers_account (account_id),
  KEY trusted_browsers_expires (expires_at),
  CONSTRAINT trusted_browser_account FOREIGN KEY (account_id) REFERENCES accounts (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
