-- 008-benefits.sql: 給付金のお知らせ. The society's benefit decisions
-- (給付金支給決定通知書: 高額療養費, 付加金, 傷病手当金 ...), loaded by
-- `kosmoctl import-benefits` and shown to the member's household. Also the
-- key a society's retention deletes its old claims by.

ALTER TABLE imports
  MODIFY kind ENUM('expenses','eligibility','benefits') NOT NULL;

-- One row per decision, keyed by the society's decision_id (an import of
-- the same ID replaces it). Clustered by household and decision date, the
-- order the page reads them in (as 005 did for the claims). service_month
-- is YYYYMM as a number, NULL for a benefit not tied to a month; paid_on
-- NULL while the payment is still to come (支払予定).
CREATE TABLE benefit_decisions (
  insurer_number  CHAR(8)      NOT NULL,
  symbol          VARCHAR(32)  NOT NULL,
  number          VARCHAR(32)  NOT NULL,
  decided_on      DATE         NOT NULL,
  decision_id     VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  patient_name    VARCHAR(100) NOT NULL,
  kind            ENUM('high_cost','additional','sickness','maternity','childbirth',
                       'medical_cost','funeral','other') NOT NULL,
  service_month   INT UNSIGNED NULL,
  paid_on         DATE         NULL,
  amount          BIGINT UNSIGNED NOT NULL,
  -- The import that created the row, and the last one that changed it.
  created_in      BIGINT UNSIGNED NOT NULL,
  changed_in      BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (insurer_number, symbol, number, decided_on, decision_id),
  UNIQUE KEY decision_key (insurer_number, decision_id),
  KEY decision_changed (changed_in),
  -- purge-benefits --before (all societies) and a society's retention.
  KEY decision_decided (decided_on),
  KEY decision_society_decided (insurer_number, decided_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A society's retention (purge-records) deletes its claims older than a
-- month; through claim_month alone it read every society's old claims.
ALTER TABLE expense_claims
  ADD KEY claim_society_month (insurer_number, service_month),
  ALGORITHM = INPLACE, LOCK = NONE;
