-- 002-door.sql: what happens at the door (issue 12): terms of use as
-- versioned data, consents as history, forgotten password and user ID,
-- the operator's expired-password mark, and failures per client address.
-- Upgrades a 001 database in place: members, accounts and their consents
-- are kept (the consent on the member row moves into the history).

-- Every published version of the terms of use; the newest (highest seq) is
-- the one in force. A version is published once and never changed.
CREATE TABLE terms_versions (
  seq           INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version       VARCHAR(32)  NOT NULL,
  body          MEDIUMTEXT   NOT NULL,
  published_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY terms_version (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every consent, appended and never updated: who agreed to which version,
-- when, from where, and where it was given (step 2, or the required action
-- at login).
CREATE TABLE consents (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id    BIGINT UNSIGNED NOT NULL,
  terms_seq    INT UNSIGNED NOT NULL,
  at           DATETIME(6)  NOT NULL,
  client_addr  VARCHAR(45)  NULL,
  source       ENUM('verify','login') NOT NULL,
  KEY consents_member (member_id, terms_seq),
  KEY consents_at (at),
  CONSTRAINT consent_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT consent_terms FOREIGN KEY (terms_seq) REFERENCES terms_versions (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The first version: the terms the previous release shipped (its terms
-- page), under the version its members consented to (2022-03 by default).
INSERT INTO terms_versions (version, body, published_at)
SELECT v.version, CONCAT_WS(CONCAT(CHAR(10), CHAR(10)),
  '第1条(目的)',
  'この規約は、当健康保険組合(以下「当組合」といいます。)が提供する KOSMO Communication Web(以下「本サービス」といいます。)の利用条件を定めるものです。',
  '第2条(利用者)',
  '本サービスを利用できるのは、当組合の被保険者であって、本人情報の確認を行い本IDとパスワードを登録した方(以下「利用者」といいます。)に限ります。',
  '第3条(IDとパスワードの管理)',
  '利用者は、本IDとパスワードを自らの責任で管理し、第三者に知らせたり、貸与したりしてはなりません。パスワードの有効期限は360日です。',
  '第4条(メールアドレス)',
  '登録されたメールアドレスは、医療費情報や資格情報の更新のお知らせ、パスワードを忘れた際のご案内に使用します。',
  '第5条(個人情報の取扱い)',
  '当組合は、本サービスで取り扱う個人情報を、法令および当組合の個人情報保護方針に従って適切に管理し、本サービスの提供以外の目的には使用しません。',
  '第6条(禁止事項)',
  '利用者は、他人になりすます行為、本サービスの運営を妨げる行為、その他法令に違反する行為をしてはなりません。',
  '第7条(サービスの停止・変更)',
  '当組合は、保守や障害その他やむを得ない事由があるときは、事前の通知なく本サービスを停止または変更することがあります。',
  '第8条(規約の変更)',
  '当組合は、必要に応じてこの規約を変更することがあります。変更後の規約は本サービス上に掲示した時点から効力を生じます。'),
  '2022-03-01 00:00:00'
FROM (SELECT '2022-03' AS version
      UNION SELECT terms_version FROM members WHERE terms_version IS NOT NULL) v
ORDER BY v.version;

INSERT INTO consents (member_id, terms_seq, at, client_addr, source)
SELECT m.id, t.seq, m.consented_at, m.consent_addr, 'verify'
FROM members m JOIN terms_versions t ON t.version = m.terms_version
WHERE m.consented_at IS NOT NULL
ORDER BY m.consented_at, m.id;

ALTER TABLE members DROP COLUMN terms_version, DROP COLUMN consented_at, DROP COLUMN consent_addr;

-- password_expired: set by `kosmoctl expire-password`, cleared by the next
-- new password. email_key finds an account by its address for the
-- forgotten user ID, whatever the case it was typed in.
ALTER TABLE accounts
  ADD COLUMN password_expired TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER password_changed_at,
  ADD COLUMN email_key VARCHAR(254) AS (LOWER(email)) VIRTUAL,
  ADD KEY accounts_email_key (email_key);

-- Reset links by account and age: the rate limit counts them.
ALTER TABLE password_resets ADD KEY resets_account_created (account_id, created_at);

-- The user-ID reminders sent, for their rate limit (no token: the mail
-- itself is the answer).
CREATE TABLE user_id_reminders (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  KEY reminders_account (account_id, created_at),
  CONSTRAINT reminder_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Login failures per client address (SECURITY.md "Lockout"): one address
-- guessing at many IDs is stopped here, many addresses at one ID by the
-- per-ID count. The window starts with the first failure.
CREATE TABLE login_addr_failures (
  client_addr       VARCHAR(45)  NOT NULL PRIMARY KEY,
  failures          INT UNSIGNED NOT NULL DEFAULT 0,
  window_started_at DATETIME(6)  NOT NULL,
  locked_until      DATETIME(6)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
