// records.cc: the statements of expense_claims, eligibility and imports
#include "q/records.h"

#include <algorithm>
#include <tuple>

#include "q/batch.h"
#include "q/helpers.h"

namespace kosmo::q {

namespace {

// changed_in is assigned first, while the other columns still hold the old
// values (MariaDB assigns left to right), so it moves only when something
// changed; the same trick as the members' upsert.
#define KOSMO_EXPENSE_COLUMNS                                                             \
    "INSERT INTO expense_claims (insurer_number, claim_id, symbol, number, patient_name," \
    " service_month, provider, kind, days, total_cost, self_pay, created_in, changed_in) VALUES "
#define KOSMO_EXPENSE_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define KOSMO_EXPENSE_TAIL                                                                      \
    " ON DUPLICATE KEY UPDATE changed_in = IF(symbol = VALUES(symbol)"                          \
    " AND number = VALUES(number) AND patient_name = VALUES(patient_name)"                      \
    " AND service_month = VALUES(service_month) AND provider = VALUES(provider)"                \
    " AND kind = VALUES(kind) AND days = VALUES(days) AND total_cost = VALUES(total_cost)"      \
    " AND self_pay = VALUES(self_pay), changed_in, VALUES(changed_in)),"                        \
    " symbol = VALUES(symbol), number = VALUES(number), patient_name = VALUES(patient_name),"   \
    " service_month = VALUES(service_month), provider = VALUES(provider), kind = VALUES(kind)," \
    " days = VALUES(days), total_cost = VALUES(total_cost), self_pay = VALUES(self_pay)"

#define KOSMO_ELIGIBILITY_COLUMNS                                                          \
    "INSERT INTO eligibility (insurer_number, symbol, number, branch, name, relationship," \
    " birth_date, acquired_on, lost_on, created_in, changed_in) VALUES "
#define KOSMO_ELIGIBILITY_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define KOSMO_ELIGIBILITY_TAIL                                                                    \
    " ON DUPLICATE KEY UPDATE changed_in = IF(name = VALUES(name)"                                \
    " AND relationship = VALUES(relationship) AND birth_date = VALUES(birth_date)"                \
    " AND acquired_on = VALUES(acquired_on) AND lost_on <=> VALUES(lost_on),"                     \
    " changed_in, VALUES(changed_in)),"                                                           \
    " name = VALUES(name), relationship = VALUES(relationship), birth_date = VALUES(birth_date)," \
    " acquired_on = VALUES(acquired_on), lost_on = VALUES(lost_on)"

void expense_params(std::vector<Param>& p, const ExpenseRow& r, std::int64_t import_id) {
    p.insert(p.end(), {r.insurer_number, r.claim_id, r.symbol, r.number, r.patient_name,
                       std::int64_t{r.service_month}, r.provider, r.kind, std::int64_t{r.days},
                       r.total_cost, r.self_pay, import_id, import_id});
}

Param opt_date(const std::string& s) {
    if (s.empty())
        return nullptr;
    return std::string_view(s);
}

void eligibility_params(std::vector<Param>& p, const EligibilityRow& r, std::int64_t import_id) {
    p.insert(p.end(), {r.insurer_number, r.symbol, r.number, r.branch, r.name, r.relationship,
                       r.birth_date, r.acquired_on, opt_date(r.lost_on), import_id, import_id});
}

}  // namespace

// ---- imports -----------------------------------------------------------------

std::int64_t import_insert(Db& db, std::string_view kind, std::string_view file) {
    auto& st = db.stmt("import_insert",
                       "INSERT INTO imports (kind, file, started_at) VALUES (?, ?, NOW(6))");
    st.exec({kind, file.substr(0, 500)});
    return static_cast<std::int64_t>(st.insert_id());
}

void expense_upsert(Db& db, const std::vector<ExpenseRow>& rows, std::int64_t import_id) {
    static const std::string batch_sql =
        KOSMO_EXPENSE_COLUMNS + repeated_rows(KOSMO_EXPENSE_ROW) + KOSMO_EXPENSE_TAIL;
    std::vector<Param> params;
    if (rows.size() == kImportBatch) {
        params.reserve(kImportBatch * 13);
        for (const auto& r : rows)
            expense_params(params, r, import_id);
        db.stmt("expense_upsert_batch", batch_sql.c_str()).exec(params);
        return;
    }
    for (const auto& r : rows) {
        params.clear();
        expense_params(params, r, import_id);
        db.stmt("expense_upsert_one", KOSMO_EXPENSE_COLUMNS KOSMO_EXPENSE_ROW KOSMO_EXPENSE_TAIL)
            .exec(params);
    }
}

void eligibility_upsert(Db& db, const std::vector<EligibilityRow>& rows, std::int64_t import_id) {
    static const std::string batch_sql =
        KOSMO_ELIGIBILITY_COLUMNS + repeated_rows(KOSMO_ELIGIBILITY_ROW) + KOSMO_ELIGIBILITY_TAIL;
    std::vector<Param> params;
    if (rows.size() == kImportBatch) {
        params.reserve(kImportBatch * 11);
        for (const auto& r : rows)
            eligibility_params(params, r, import_id);
        db.stmt("eligibility_upsert_batch", batch_sql.c_str()).exec(params);
        return;
    }
    for (const auto& r : rows) {
        params.clear();
        eligibility_params(params, r, import_id);
        db.stmt("eligibility_upsert_one",
                KOSMO_ELIGIBILITY_COLUMNS KOSMO_ELIGIBILITY_ROW KOSMO_ELIGIBILITY_TAIL)
            .exec(params);
    }
}

ImportCounts expense_import_counts(Db& db, std::int64_t import_id) {
    auto row = db.stmt("expense_import_counts",
                       "SELECT COALESCE(SUM(created_in = ?), 0), COALESCE(SUM(created_in <> ?), 0)"
                       " FROM expense_claims WHERE changed_in = ?")
                   .query_one({import_id, import_id, import_id});
    return {static_cast<std::uint64_t>(row->num(0)), static_cast<std::uint64_t>(row->num(1))};
}

ImportCounts eligibility_import_counts(Db& db, std::int64_t import_id) {
    auto row = db.stmt("eligibility_import_counts",
                       "SELECT COALESCE(SUM(created_in = ?), 0), COALESCE(SUM(created_in <> ?), 0)"
                       " FROM eligibility WHERE changed_in = ?")
                   .query_one({import_id, import_id, import_id});
    return {static_cast<std::uint64_t>(row->num(0)), static_cast<std::uint64_t>(row->num(1))};
}

std::uint64_t notices_queue_expenses(Db& db, std::int64_t import_id,
                                     std::string_view insurer_number, const NoticeMail& mail) {
    return db.stmt("notices_queue_expenses", KOSMO_NOTICES_SQL("expense_claims", "expenses"))
        .exec({import_id, mail.message, mail.to_placeholder, mail.msgid_placeholder, import_id,
               insurer_number});
}

std::uint64_t notices_queue_eligibility(Db& db, std::int64_t import_id,
                                        std::string_view insurer_number, const NoticeMail& mail) {
    return db.stmt("notices_queue_eligibility", KOSMO_NOTICES_SQL("eligibility", "eligibility"))
        .exec({import_id, mail.message, mail.to_placeholder, mail.msgid_placeholder, import_id,
               insurer_number});
}

namespace {

std::uint64_t expense_purge_before(Db& db, int before, unsigned limit) {
    return db
        .stmt("expense_purge_before", "DELETE FROM expense_claims WHERE service_month < ? LIMIT ?")
        .exec({std::int64_t{before}, std::int64_t{limit}});
}

// One society's old claims: sql/008 added claim_society_month
// (insurer_number, service_month) for this statement, a range over the
// society's own old months. Before it, MariaDB had the choice of
// claim_month (the old months of every society, each row's insurer number
// then checked) or the primary key (the society's claims, each one's month
// then checked); EXPLAIN on MariaDB 10.11 showed either, by which range was
// smaller, and both read rows that were not deleted. Whether MariaDB now
// picks the new key is not yet checked with EXPLAIN.
std::uint64_t expense_purge_society_before(Db& db, std::string_view insurer_number, int before,
                                           unsigned limit) {
    return db
        .stmt("expense_purge_society_before",
              "DELETE FROM expense_claims WHERE service_month < ? AND insurer_number = ? LIMIT ?")
        .exec({std::int64_t{before}, insurer_number, std::int64_t{limit}});
}

std::uint64_t expense_count_society_before(Db& db, std::string_view insurer_number, int before) {
    // The same choice of index as the purge's; from claim_month the count
    // reads the index alone.
    auto row = db.stmt("expense_count_society_before",
                       "SELECT COUNT(*) FROM expense_claims"
                       " WHERE service_month < ? AND insurer_number = ?")
                   .query_one({std::int64_t{before}, insurer_number});
    return static_cast<std::uint64_t>(row->num(0));
}

}  // namespace

const RecordPurge kClaimPurge{expense_purge_before, expense_purge_society_before,
                              expense_count_society_before};

// ---- the pages ------------------------------------------------------------------

std::vector<int> household_years(Db& db, const char* name, const char* sql, const Household& h) {
    std::vector<int> years;
    for (const auto& r : db.stmt(name, sql).query({h.insurer_number, h.symbol, h.number}))
        years.push_back(static_cast<int>(r.num(0)));
    return years;
}

std::vector<int> household_expense_years(Db& db, const Household& h) {
    return household_years(db, "household_expense_years",
                           KOSMO_HOUSEHOLD_YEARS_SQL("service_month DIV 100", "expense_claims"), h);
}

void sort_claims(std::vector<Claim>& claims) {
    std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) {
        // Newest month first; the names and IDs in the byte order of the
        // columns' binary collations.
        return std::tie(b.service_month, a.patient_name, a.claim_id) <
               std::tie(a.service_month, b.patient_name, b.claim_id);
    });
}

namespace {

// The claims' columns, and after them the household's years with claims,
// newest first, as one text ("2026,2025"): one round trip for both. The
// years' scalar subquery is not correlated, so MariaDB reads it once. The
// rows come ordered by the month alone, which the household's index gives
// as it is read; the order within a month is made here (sort_claims). The
// full ORDER BY made MariaDB filesort the year's rows on every page: 296 µs
// a statement against 160 for one client (docs/PERFORMANCE.md).
#define KOSMO_CLAIMS_YEAR_SQL(months)                                                 \
    "SELECT service_month, patient_name, provider, kind, days, total_cost, self_pay," \
    " claim_id, (SELECT GROUP_CONCAT(DISTINCT service_month DIV 100"                  \
    "  ORDER BY service_month DIV 100 DESC) FROM expense_claims"                      \
    "  WHERE insurer_number = ? AND symbol = ? AND number = ?)"                       \
    " FROM expense_claims WHERE insurer_number = ? AND symbol = ? AND number = ?"     \
    " AND " months " ORDER BY service_month DESC"

std::vector<int> years_of(const std::string& text) {
    std::vector<int> years;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t comma = text.find(',', at);
        if (comma == std::string::npos)
            comma = text.size();
        years.push_back(std::stoi(text.substr(at, comma - at)));
        at = comma + 1;
    }
    return years;
}

}  // namespace

ClaimsYear household_claims_year(Db& db, const Household& h, std::optional<int> year) {
    const std::string_view i = h.insurer_number, sy = h.symbol, n = h.number;
    const auto rows = year
                          ? db.stmt("household_claims_year",
                                    KOSMO_CLAIMS_YEAR_SQL("service_month BETWEEN ? AND ?"))
                                .query({i, sy, n, i, sy, n, std::int64_t{*year * 100 + 1},
                                        std::int64_t{*year * 100 + 12}})
                          // The newest year's months: those after its year's month 00.
                          : db.stmt("household_claims_newest",
                                    KOSMO_CLAIMS_YEAR_SQL(
                                        "service_month > (SELECT MAX(service_month) DIV 100 * 100"
                                        " FROM expense_claims"
                                        " WHERE insurer_number = ? AND symbol = ? AND number = ?)"))
                                .query({i, sy, n, i, sy, n, i, sy, n});
    ClaimsYear out;
    if (rows.empty()) {
        // No claims that year: the years need a statement of their own
        // (none at all when the newest year was asked for).
        if (year)
            out.years = household_expense_years(db, h);
        return out;
    }
    out.years = years_of(rows.front().str(8));
    out.claims.reserve(rows.size());
    for (const auto& r : rows)
        out.claims.push_back({static_cast<int>(r.num(0)), r.str(1), r.str(2), r.str(3),
                              static_cast<int>(r.num(4)), r.num(5), r.num(6), r.str(7)});
    sort_claims(out.claims);
    return out;
}

#undef KOSMO_CLAIMS_YEAR_SQL

std::vector<Person> household_people(Db& db, const Household& h) {
    auto rows = db.stmt("household_people",
                        "SELECT branch, name, relationship, DATE_FORMAT(birth_date, '%Y%m%d'),"
                        " DATE_FORMAT(acquired_on, '%Y%m%d'), DATE_FORMAT(lost_on, '%Y%m%d')"
                        " FROM eligibility WHERE insurer_number = ? AND symbol = ? AND number = ?"
                        " ORDER BY branch")
                    .query({h.insurer_number, h.symbol, h.number});
    std::vector<Person> people;
    for (const auto& r : rows)
        people.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)});
    return people;
}

}  // namespace kosmo::q
