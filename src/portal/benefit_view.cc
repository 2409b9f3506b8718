// benefit_view.cc: the year 給付金のお知らせ shows, decision IDs, months
#include "benefit_view.h"

#include <algorithm>

#include "text.h"

namespace kosmo {

std::optional<int> benefits_year(std::string_view requested, const std::vector<int>& years) {
    if (requested.empty())
        return years.empty() ? 0 : *std::max_element(years.begin(), years.end());
    // Only the spelling the page's own links use: "2026", not "02026" or
    // "+2026", so one year has one URL.
    if (requested.size() != 4 || !all_digits(requested))
        return std::nullopt;
    const int y = std::stoi(std::string(requested));
    if (std::find(years.begin(), years.end(), y) == years.end())
        return std::nullopt;
    return y;
}

bool is_decision_id(std::string_view id) {
    if (id.empty() || id.size() > 32)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-';
    });
}

std::string service_month_text(int yyyymm) {
    if (yyyymm <= 0)
        return "―";
    return std::to_string(yyyymm / 100) + "年" + std::to_string(yyyymm % 100) + "月";
}

}  // namespace kosmo
