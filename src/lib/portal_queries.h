// portal_queries.h: the SQL of the member's portal and its imports
// (expense_claims, eligibility, imports, email_changes, accounts.notices,
// batch claims of the outbox). Like queries.h: one prepared statement per
// function, in the caller's transaction; all throw DbUnavailable / DbRetry /
// DbError.
#ifndef KOSMO_PORTAL_QUERIES_H
#define KOSMO_PORTAL_QUERIES_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"
#include "db.h"

namespace kosmo::q {

// A household: the insured person and the dependents under one insurer,
// symbol and number. Every read of the portal takes it from the session's
// member, never from the request.
struct Household {
    std::string insurer_number, symbol, number;
};

// ---- imports -----------------------------------------------------------------

// A new import run of KIND ("expenses" or "eligibility"); its id.
std::int64_t import_insert(Db& db, std::string_view kind, std::string_view file);

// Upserts ROWS (at most kImportBatch; a full batch in one statement).
// created_in/changed_in become IMPORT_ID only where a row is new or differs.
void expense_upsert(Db& db, const std::vector<ExpenseRow>& rows, std::int64_t import_id);
void eligibility_upsert(Db& db, const std::vector<EligibilityRow>& rows, std::int64_t import_id);

struct ImportCounts {
    std::uint64_t added = 0, changed = 0;
};
ImportCounts expense_import_counts(Db& db, std::int64_t import_id);
ImportCounts eligibility_import_counts(Db& db, std::int64_t import_id);

// Queues one notice of KIND for each registered member with notices on
// whose household IMPORT_ID changed: MESSAGE is a whole mail whose "To:"
// line is TO_PLACEHOLDER and whose Message-ID holds MSGID_PLACEHOLDER,
// replaced per account. Returns how many were queued.
std::uint64_t notices_queue_expenses(Db& db, std::int64_t import_id, std::string_view message,
                                     std::string_view to_placeholder,
                                     std::string_view msgid_placeholder);
std::uint64_t notices_queue_eligibility(Db& db, std::int64_t import_id, std::string_view message,
                                        std::string_view to_placeholder,
                                        std::string_view msgid_placeholder);

// Deletes at most LIMIT claims with service_month < BEFORE (YYYYMM).
std::uint64_t expense_purge_before(Db& db, int before, unsigned limit);

// ---- the pages ------------------------------------------------------------------

// The years with claims, newest first.
std::vector<int> household_expense_years(Db& db, const Household& h);

struct Claim {
    int service_month = 0;  // YYYYMM
    std::string patient_name, provider, kind;
    int days = 0;
    std::int64_t total_cost = 0, self_pay = 0;
    std::string claim_id;  // the society's key: the last of the order
};
// The claims of YEAR, newest month first, then by patient and claim.
std::vector<Claim> household_claims(Db& db, const Household& h, int year);
// Into that order.
void sort_claims(std::vector<Claim>& claims);

struct Person {
    std::string branch, name, relationship, birth_date, acquired_on, lost_on;  // dates YYYYMMDD
};
std::vector<Person> household_people(Db& db, const Household& h);

void account_set_notices(Db& db, std::int64_t account_id, bool on);
void account_set_email(Db& db, std::int64_t account_id, std::string_view email);

// ---- email_changes --------------------------------------------------------------------

void email_change_insert(Db& db, std::string_view token_hash, std::int64_t account_id,
                         std::string_view new_email, unsigned valid_hours);

struct EmailChange {
    std::int64_t account_id = 0;
    std::string new_email;
    bool usable = false;  // not used and not expired
};
// The change named by TOKEN_HASH, locked FOR UPDATE when a transaction is open.
std::optional<EmailChange> email_change_lock(Db& db, std::string_view token_hash);
// Marks it used; 1 when this caller used it (0: used or expired meanwhile).
std::uint64_t email_change_use(Db& db, std::string_view token_hash);
// Voids the account's other open changes (a newer one replaces them).
void email_change_void_others(Db& db, std::int64_t account_id);

// ---- mail_outbox: batch claims ------------------------------------------------------------

// Claims at most LIMIT due rows for CLAIMER for CLAIM_SECONDS in one
// statement (so two senders can never both own a row); returns how many.
std::uint64_t outbox_claim_batch(Db& db, std::string_view claimer, unsigned claim_seconds,
                                 unsigned limit);
struct ClaimedMail {
    std::uint64_t id = 0;
    std::string message;
    unsigned attempts = 0;
};
// Extends CLAIMER's claim on ID by CLAIM_SECONDS from now; false when the
// row is sent or its claim went to another sender (expired meanwhile).
bool outbox_renew_claim(Db& db, std::uint64_t id, std::string_view claimer, unsigned claim_seconds);
// The unsent rows CLAIMER holds now, oldest first.
std::vector<ClaimedMail> outbox_claimed(Db& db, std::string_view claimer);
// Gives back the unsent rows CLAIMER still holds (claimed, never handed to
// sendmail), each with the attempt its claim counted taken back, so the
// next sender takes them at once; returns how many.
std::uint64_t outbox_release_claims(Db& db, std::string_view claimer);

}  // namespace kosmo::q

#endif
