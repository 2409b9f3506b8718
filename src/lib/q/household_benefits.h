// household_benefits.h: a household's benefit decisions (benefit_decisions,
// 給付金のお知らせ) as the portal reads them: the years that have any, one
// year's, one decision. The household always comes from the session's
// member, never from the request. One prepared statement per function;
// all throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_HOUSEHOLD_BENEFITS_H
#define KOSMO_Q_HOUSEHOLD_BENEFITS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "q/records.h"

namespace kosmo::q {

// One decision as the pages show it. Dates are YYYY-MM-DD.
struct BenefitDecision {
    std::string decision_id;  // the society's key
    std::string decided_on;
    std::string kind;  // high_cost, additional, … (benefit_kind_label)
    std::string patient_name;
    int service_month = 0;  // YYYYMM; 0 for a benefit not tied to a month
    std::string paid_on;    // "" while the payment is still to come
    std::int64_t amount = 0;
};

// The years (of decided_on) that have decisions of household H, newest
// first.
std::vector<int> household_benefit_years(Db& db, const Household& h);

// H's decisions decided in YEAR, newest first (decided_on DESC, then
// decision_id in its byte order).
std::vector<BenefitDecision> household_benefits(Db& db, const Household& h, int year);

// Into that order.
void sort_benefits(std::vector<BenefitDecision>& decisions);

// H's decision DECISION_ID; nullopt when H has none of that ID (another
// household's or society's included).
std::optional<BenefitDecision> household_benefit(Db& db, const Household& h,
                                                 std::string_view decision_id);

}  // namespace kosmo::q

#endif
