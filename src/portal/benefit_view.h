// benefit_view.h: what 給付金のお知らせ makes of its URL and its decisions,
// pure: the year a page shows, a decision ID worth looking up, the months
// and the payment as the pages write them
#ifndef KOSMO_BENEFIT_VIEW_H
#define KOSMO_BENEFIT_VIEW_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// The year 給付金のお知らせ shows. REQUESTED is the ?year= value, YEARS the
// years that have decisions (any order). "" (no ?year=) gives the newest
// of YEARS, or 0 when there are none (the empty state). A REQUESTED that
// is one of YEARS, as four digits, gives that year; anything else (not a
// year, or a year without decisions) nullopt: the not-found page.
std::optional<int> benefits_year(std::string_view requested, const std::vector<int>& years);

// True when ID can be a decision_id (1-32 ASCII letters, digits, '-'):
// anything else is not looked up.
bool is_decision_id(std::string_view id);

// A service month YYYYMM as "2026年4月"; "―" for 0 (a benefit not tied to
// a month).
std::string service_month_text(int yyyymm);

}  // namespace kosmo

#endif
