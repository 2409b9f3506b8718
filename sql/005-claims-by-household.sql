-- 005-claims-by-household.sql: the claims stored in the order a 医療費情報
-- page reads them. With a surrogate id as the primary key, InnoDB kept the
-- rows in the order the imports delivered them, month after month for the
-- whole society, so the 48 claims of one household's year lay on about 48
-- different pages, each found through claim_household: a page of 医療費情報
-- took 48 lookups, and as many reads from disk once the table outgrew the
-- buffer pool. Clustered by household and month, they lie together whatever
-- the order of the imports (docs/PERFORMANCE.md). Nothing referred to id;
-- claim_key stays the import's key; claim_household is the primary key's
-- prefix now. The table is rebuilt: plan the time on a large one (INSTALL,
-- "Upgrading").
ALTER TABLE expense_claims
  DROP PRIMARY KEY,
  DROP COLUMN id,
  DROP KEY claim_household,
  ADD PRIMARY KEY (insurer_number, symbol, number, service_month, claim_id),
  -- Rebuilt in place with the table open to reads and writes, or not at all.
  ALGORITHM = INPLACE, LOCK = NONE;
