// benefits.cc: the statements of benefit_decisions that the importer and
// the purges run
#include "q/benefits.h"

#include "q/batch.h"
#include "q/helpers.h"

namespace kosmo::q {

namespace {

// changed_in is assigned first, while the other columns still hold the old
// values (MariaDB assigns left to right), so it moves only when something
// changed, as in the claims' upsert. A NULL service_month or paid_on
// compares with <=>, so NULL to NULL is no change.
#define KOSMO_BENEFIT_COLUMNS                                                                 \
    "INSERT INTO benefit_decisions (insurer_number, decision_id, symbol, number, decided_on," \
    " patient_name, kind, service_month, paid_on, amount, created_in, changed_in) VALUES "
#define KOSMO_BENEFIT_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define KOSMO_BENEFIT_TAIL                                                                \
    " ON DUPLICATE KEY UPDATE changed_in = IF(symbol = VALUES(symbol)"                    \
    " AND number = VALUES(number) AND decided_on = VALUES(decided_on)"                    \
    " AND patient_name = VALUES(patient_name) AND kind = VALUES(kind)"                    \
    " AND service_month <=> VALUES(service_month) AND paid_on <=> VALUES(paid_on)"        \
    " AND amount = VALUES(amount), changed_in, VALUES(changed_in)),"                      \
    " symbol = VALUES(symbol), number = VALUES(number), decided_on = VALUES(decided_on)," \
    " patient_name = VALUES(patient_name), kind = VALUES(kind),"                          \
    " service_month = VALUES(service_month), paid_on = VALUES(paid_on), amount = VALUES(amount)"

void benefit_params(std::vector<Param>& p, const BenefitRow& r, std::int64_t import_id) {
    const Param month = r.service_month ? Param(std::int64_t{r.service_month}) : Param(nullptr);
    p.insert(p.end(),
             {r.insurer_number, r.decision_id, r.symbol, r.number, r.decided_on, r.patient_name,
              r.kind, month, opt(r.paid_on), r.amount, import_id, import_id});
}

// The first day of the month BEFORE (YYYYMM) as a DATE literal.
std::string month_start(int before) {
    return std::to_string(before / 100) + "-" + (before % 100 < 10 ? "0" : "") +
           std::to_string(before % 100) + "-01";
}

}  // namespace

void benefit_upsert(Db& db, const std::vector<BenefitRow>& rows, std::int64_t import_id) {
    static const std::string batch_sql =
        KOSMO_BENEFIT_COLUMNS + repeated_rows(KOSMO_BENEFIT_ROW) + KOSMO_BENEFIT_TAIL;
    std::vector<Param> params;
    if (rows.size() == kImportBatch) {
        params.reserve(kImportBatch * 12);
        for (const auto& r : rows)
            benefit_params(params, r, import_id);
        db.stmt("benefit_upsert_batch", batch_sql.c_str()).exec(params);
        return;
    }
    for (const auto& r : rows) {
        params.clear();
        benefit_params(params, r, import_id);
        db.stmt("benefit_upsert_one", KOSMO_BENEFIT_COLUMNS KOSMO_BENEFIT_ROW KOSMO_BENEFIT_TAIL)
            .exec(params);
    }
}

ImportCounts benefit_import_counts(Db& db, std::int64_t import_id) {
    auto row = db.stmt("benefit_import_counts",
                       "SELECT COALESCE(SUM(created_in = ?), 0), COALESCE(SUM(created_in <> ?), 0)"
                       " FROM benefit_decisions WHERE changed_in = ?")
                   .query_one({import_id, import_id, import_id});
    return {static_cast<std::uint64_t>(row->num(0)), static_cast<std::uint64_t>(row->num(1))};
}

std::uint64_t notices_queue_benefits(Db& db, std::int64_t import_id,
                                     std::string_view insurer_number, const NoticeMail& mail) {
    return db.stmt("notices_queue_benefits", KOSMO_NOTICES_SQL("benefit_decisions", "benefits"))
        .exec({import_id, mail.message, mail.to_placeholder, mail.msgid_placeholder, import_id,
               insurer_number});
}

namespace {

std::uint64_t benefit_purge_before(Db& db, int before, unsigned limit) {
    return db
        .stmt("benefit_purge_before", "DELETE FROM benefit_decisions WHERE decided_on < ? LIMIT ?")
        .exec({month_start(before), std::int64_t{limit}});
}

// Through decision_society_decided (insurer_number, decided_on): a range
// over the society's old decisions alone.
std::uint64_t benefit_purge_society_before(Db& db, std::string_view insurer_number, int before,
                                           unsigned limit) {
    return db
        .stmt("benefit_purge_society_before",
              "DELETE FROM benefit_decisions WHERE insurer_number = ? AND decided_on < ? LIMIT ?")
        .exec({insurer_number, month_start(before), std::int64_t{limit}});
}

std::uint64_t benefit_count_society_before(Db& db, std::string_view insurer_number, int before) {
    auto row = db.stmt("benefit_count_society_before",
                       "SELECT COUNT(*) FROM benefit_decisions"
                       " WHERE insurer_number = ? AND decided_on < ?")
                   .query_one({insurer_number, month_start(before)});
    return static_cast<std::uint64_t>(row->num(0));
}

}  // namespace

const RecordPurge kDecisionPurge{benefit_purge_before, benefit_purge_society_before,
                                 benefit_count_society_before};

}  // namespace kosmo::q
