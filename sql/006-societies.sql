-- 006-societies.sql: many societies on one site. A society is a row (its
-- insurer number, name, company domains, the portal pages it offers, its
-- second-factor policy and how long its records are kept); every member
-- belongs to one through members.insurer_number, and so does everything of
-- a member. The terms of use may be a society's own, and every queued mail
-- says whose member it is for, so that the operators' reports can be cut
-- by society.
--
-- The configuration's [insurer] section becomes the first society:
-- `kosmoctl migrate` sets @kosmo_insurer_number, @kosmo_insurer_name and
-- @kosmo_company_domains from it before this file runs (by hand: SET them
-- first). Any other insurer number that members carry gets a society named
-- by its number, which `kosmoctl society set` renames.

CREATE TABLE societies (
  insurer_number   CHAR(8)       NOT NULL PRIMARY KEY,
  name             VARCHAR(100)  NOT NULL,
  -- The employee rule's domains, lower case, comma separated ('' = any).
  company_domains  VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  features         SET('expenses','eligibility','benefits') NOT NULL
                   DEFAULT 'expenses,eligibility,benefits',
  -- NULL: the site's policy (二段階認証).
  mfa              ENUM('off','optional','required') NULL,
  -- Months of claims and benefit decisions kept; 0 keeps all.
  keep_months      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at       DATETIME(6)   NOT NULL,
  updated_at       DATETIME(6)   NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO societies (insurer_number, name, company_domains, created_at, updated_at)
  SELECT @kosmo_insurer_number, COALESCE(NULLIF(@kosmo_insurer_name, ''), @kosmo_insurer_number),
         COALESCE(@kosmo_company_domains, ''), NOW(6), NOW(6)
  FROM DUAL WHERE @kosmo_insurer_number IS NOT NULL AND @kosmo_insurer_number <> '';

INSERT IGNORE INTO societies (insurer_number, name, created_at, updated_at)
  SELECT DISTINCT insurer_number, insurer_number, NOW(6), NOW(6) FROM members;

-- Every member belongs to a society (its rows reach the society through
-- it). The two statements above gave every member's number a society, so
-- the check of existing rows is skipped: with it InnoDB would copy the
-- whole members table; without it the key is added in place.
SET SESSION foreign_key_checks = 0;
ALTER TABLE members
  ADD CONSTRAINT member_society FOREIGN KEY (insurer_number) REFERENCES societies (insurer_number),
  ALGORITHM = INPLACE, LOCK = NONE;
SET SESSION foreign_key_checks = 1;

-- A society's own terms of use ('' = the site's). A version is unique
-- within its owner; consents keep naming the row they agreed to.
ALTER TABLE terms_versions
  ADD COLUMN insurer_number CHAR(8) NOT NULL DEFAULT ''
    AFTER seq,
  DROP KEY terms_version,
  ADD UNIQUE KEY terms_version (insurer_number, version);

-- Whose member a queued mail is for (NULL: none, as for the mails queued
-- before this migration): kosmoctl outbox --society.
ALTER TABLE mail_outbox
  ADD COLUMN insurer_number CHAR(8) NULL AFTER kind;

UPDATE mail_outbox SET insurer_number = @kosmo_insurer_number
  WHERE @kosmo_insurer_number IS NOT NULL AND @kosmo_insurer_number <> '';
