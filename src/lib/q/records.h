// records.h: the society's records of a household as the portal shows
// them and the importers write them: expense_claims (医療費), eligibility
// (資格) and the imports that brought them, with the update notices an
// import queues. Every read takes the household from the session's member,
// never from the request. One prepared statement per function in the
// caller's transaction; all throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_RECORDS_H
#define KOSMO_Q_RECORDS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

// A household: the insured person and the dependents under one insurer,
// symbol and number. Every read of the portal takes it from the session's
// member, never from the request.
struct Household {
    std::string insurer_number, symbol, number;
};

// One valid row of the expenses file (keys normalized as for members).
struct ExpenseRow {
    std::string insurer_number, symbol, number, claim_id, patient_name, provider;
    std::string kind;             // inpatient, outpatient, dental, pharmacy
    int service_month = 0;        // YYYYMM
    int days = 0;                 // 0..31
    std::int64_t total_cost = 0;  // whole yen
    std::int64_t self_pay = 0;    // 0 <= self_pay <= total_cost
};

// One valid row of the eligibility file.
struct EligibilityRow {
    std::string insurer_number, symbol, number, branch, name, relationship;
    std::string birth_date, acquired_on, lost_on;  // YYYYMMDD; lost_on "" while insured
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
// The rows IMPORT_ID added and changed, per table.
ImportCounts expense_import_counts(Db& db, std::int64_t import_id);
ImportCounts eligibility_import_counts(Db& db, std::int64_t import_id);

// An update notice as an import composed it: MESSAGE is a whole mail
// (signed by the society) whose "To:" line is TO_PLACEHOLDER and whose
// Message-ID holds MSGID_PLACEHOLDER, both replaced per account.
struct NoticeMail {
    std::string_view message, to_placeholder, msgid_placeholder;
};

// Queues one notice of KIND, MAIL, for each registered member of the
// society INSURER_NUMBER with notices on whose household IMPORT_ID changed.
// Returns how many were queued.
std::uint64_t notices_queue_expenses(Db& db, std::int64_t import_id,
                                     std::string_view insurer_number, const NoticeMail& mail);
std::uint64_t notices_queue_eligibility(Db& db, std::int64_t import_id,
                                        std::string_view insurer_number, const NoticeMail& mail);

// The statements that remove one kind of dated record older than the month
// BEFORE (YYYYMM): every society's (purge-expenses, purge-benefits), and one
// society's for its retention (purge-records), which never reads another
// society's records, with the count its dry run shows. The deletes remove
// at most LIMIT rows and return how many.
struct RecordPurge {
    std::uint64_t (*before)(Db& db, int before, unsigned limit);
    std::uint64_t (*society_before)(Db& db, std::string_view insurer_number, int before,
                                    unsigned limit);
    std::uint64_t (*count_society_before)(Db& db, std::string_view insurer_number, int before);
};
// The claims, by service month.
extern const RecordPurge kClaimPurge;

// ---- the pages ------------------------------------------------------------------

// The years (newest first) of a household's rows: statement NAME, SQL made
// by KOSMO_HOUSEHOLD_YEARS_SQL(the year of a row, its table).
std::vector<int> household_years(Db& db, const char* name, const char* sql, const Household& h);
#define KOSMO_HOUSEHOLD_YEARS_SQL(year, table)                \
    "SELECT DISTINCT " year " FROM " table                    \
    " WHERE insurer_number = ? AND symbol = ? AND number = ?" \
    " ORDER BY 1 DESC"
// The years with claims, newest first.
std::vector<int> household_expense_years(Db& db, const Household& h);

struct Claim {
    int service_month = 0;  // YYYYMM
    std::string patient_name, provider, kind;
    int days = 0;
    std::int64_t total_cost = 0, self_pay = 0;
    std::string claim_id;  // the society's key: the last of the order
};
// A year's claims, newest month first, then by patient and claim, and the
// household's years with claims, newest first.
struct ClaimsYear {
    std::vector<int> years;
    std::vector<Claim> claims;
};
// The claims of YEAR, or with no YEAR of the newest year with claims (none
// when the household has none), with the years: one round trip, two when
// YEAR has no claims.
ClaimsYear household_claims_year(Db& db, const Household& h, std::optional<int> year);
// Into that order.
void sort_claims(std::vector<Claim>& claims);

struct Person {
    std::string branch, name, relationship, birth_date, acquired_on, lost_on;  // dates YYYYMMDD
};
// The household's people (the insured person and dependents), by branch.
std::vector<Person> household_people(Db& db, const Household& h);

}  // namespace kosmo::q

#endif
