// benefits.h: the statements of benefit_decisions (給付金のお知らせ) as the
// importer and the purges write them: the upsert, an import's counts, its
// update notices, and the purges by decision date (the page's reads are
// q/household_benefits.h). One prepared statement per function in the
// caller's transaction; all throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_BENEFITS_H
#define KOSMO_Q_BENEFITS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "q/records.h"

namespace kosmo::q {

// One valid row of the benefits file (keys normalized as for members).
struct BenefitRow {
    std::string insurer_number, symbol, number, decision_id, patient_name;
    std::string kind;         // high_cost, additional, … (benefit_kind_label)
    int service_month = 0;    // YYYYMM; 0 for a benefit not tied to a month
    std::string decided_on;   // YYYYMMDD
    std::string paid_on;      // YYYYMMDD; "" while unpaid
    std::int64_t amount = 0;  // whole yen, 0..99,999,999
};

// Upserts ROWS (at most kImportBatch; a full batch in one statement), keyed
// by (insurer_number, decision_id): a decision imported again replaces the
// old one, household and date included. created_in/changed_in become
// IMPORT_ID only where a row is new or differs in some field.
void benefit_upsert(Db& db, const std::vector<BenefitRow>& rows, std::int64_t import_id);

// The decisions IMPORT_ID added and changed.
ImportCounts benefit_import_counts(Db& db, std::int64_t import_id);

// Queues one 給付金支給決定のお知らせ per registered member of the society
// INSURER_NUMBER with notices on whose household IMPORT_ID added or changed
// a decision; MAIL as for notices_queue_expenses.
// Returns how many were queued.
std::uint64_t notices_queue_benefits(Db& db, std::int64_t import_id,
                                     std::string_view insurer_number, const NoticeMail& mail);

// The decisions, by the date they were decided (q/records.h).
extern const RecordPurge kDecisionPurge;

}  // namespace kosmo::q

#endif
