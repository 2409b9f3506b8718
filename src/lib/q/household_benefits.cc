// household_benefits.cc: the statements of 給付金のお知らせ on
// benefit_decisions, each scoped by the session's household
#include "q/household_benefits.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "q/helpers.h"

namespace kosmo::q {

namespace {

#define KOSMO_BENEFIT_COLUMNS                                                      \
    "SELECT decision_id, DATE_FORMAT(decided_on, '%Y-%m-%d'), kind, patient_name," \
    " service_month, DATE_FORMAT(paid_on, '%Y-%m-%d'), amount FROM benefit_decisions"

BenefitDecision decision_of(const Row& r) {
    return {r.str(0), r.str(1), r.str(2), r.str(3), static_cast<int>(r.num(4)), r.str(5), r.num(6)};
}

}  // namespace

std::vector<int> household_benefit_years(Db& db, const Household& h) {
    return household_years(db, "household_benefit_years",
                           KOSMO_HOUSEHOLD_YEARS_SQL("YEAR(decided_on)", "benefit_decisions"), h);
}

void sort_benefits(std::vector<BenefitDecision>& decisions) {
    std::sort(
        decisions.begin(), decisions.end(), [](const BenefitDecision& a, const BenefitDecision& b) {
            // Newest date first; IDs of one date in the byte order of
            // the column's ascii_bin collation.
            return std::tie(b.decided_on, a.decision_id) < std::tie(a.decided_on, b.decision_id);
        });
}

std::vector<BenefitDecision> household_benefits(Db& db, const Household& h, int year) {
    // Ordered by the date alone, which the primary key (household, date,
    // ID) gives read backwards; ascending IDs within a date are made here,
    // as household_claims does, rather than by a filesort.
    char first[16], last[16];
    std::snprintf(first, sizeof first, "%04d-01-01", year);
    std::snprintf(last, sizeof last, "%04d-12-31", year);
    auto rows = db.stmt("household_benefits", KOSMO_BENEFIT_COLUMNS
                        " WHERE insurer_number = ? AND symbol = ? AND number = ?"
                        " AND decided_on BETWEEN ? AND ? ORDER BY decided_on DESC")
                    .query({h.insurer_number, h.symbol, h.number, std::string_view(first),
                            std::string_view(last)});
    std::vector<BenefitDecision> decisions;
    decisions.reserve(rows.size());
    for (const auto& r : rows)
        decisions.push_back(decision_of(r));
    sort_benefits(decisions);
    return decisions;
}

std::optional<BenefitDecision> household_benefit(Db& db, const Household& h,
                                                 std::string_view decision_id) {
    // decision_id is ascii: a value with other characters matches nothing
    // and is not sent (see is_ascii).
    if (!is_ascii(decision_id))
        return std::nullopt;
    // The society's unique key finds the one row; the household's columns
    // then keep another household's decision out.
    auto row = db.stmt("household_benefit", KOSMO_BENEFIT_COLUMNS
                       " WHERE insurer_number = ? AND decision_id = ?"
                       " AND symbol = ? AND number = ?")
                   .query_one({h.insurer_number, decision_id, h.symbol, h.number});
    if (!row)
        return std::nullopt;
    return decision_of(*row);
}

}  // namespace kosmo::q
