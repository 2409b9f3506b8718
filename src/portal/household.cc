// household.cc: yen with thousands separators, the year shown, date parts
#include "household.h"

#include <algorithm>

#include "text.h"

namespace kosmo {

std::string thousands(std::int64_t n) {
    const bool negative = n < 0;
    // Through unsigned, so the most negative value has a magnitude too.
    std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    std::string digits = std::to_string(u);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

int choose_year(std::string_view requested, const std::vector<int>& years, int this_year) {
    if (requested.size() == 4 && all_digits(requested)) {
        const int y = std::stoi(std::string(requested));
        if (y >= 1900)
            return y;
    }
    if (years.empty())
        return this_year;
    return *std::max_element(years.begin(), years.end());
}

DateParts date_parts(std::string_view s) {
    if (s.size() != 8 || !all_digits(s))
        return {};
    const std::string t(s);
    return {std::stoi(t.substr(0, 4)), std::stoi(t.substr(4, 2)), std::stoi(t.substr(6, 2))};
}

}  // namespace kosmo
