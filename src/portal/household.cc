// household.cc: yen with thousands separators, the year shown, date parts,
// the CSV download's bytes
#include "household.h"

#include <cstdio>

#include "csv.h"
#include "messages.h"
#include "q/records.h"
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

std::optional<int> asked_year(std::string_view requested) {
    if (requested.size() == 4 && all_digits(requested)) {
        const int y = std::stoi(std::string(requested));
        if (y >= 1900)
            return y;
    }
    return std::nullopt;
}

DateParts date_parts(std::string_view s) {
    if (s.size() != 8 || !all_digits(s))
        return {};
    const std::string t(s);
    return {std::stoi(t.substr(0, 4)), std::stoi(t.substr(4, 2)), std::stoi(t.substr(6, 2))};
}

std::string expenses_csv_bytes(const std::vector<q::Claim>& claims, std::string_view insured,
                               std::string_view insurer) {
    std::string out = "\xEF\xBB\xBF";
    out += expenses_csv_header();
    out += "\r\n";
    for (const auto& c : claims) {
        char month[16];
        std::snprintf(month, sizeof month, "%04d/%02d", c.service_month / 100,
                      c.service_month % 100);
        const std::string days = std::to_string(c.days), total = std::to_string(c.total_cost),
                          self = std::to_string(c.self_pay);
        std::string line = csv_line({month, c.patient_name, c.provider, claim_kind_label(c.kind),
                                     days, total, self, insured, insurer});
        line.insert(line.size() - 1, "\r");  // spreadsheet programs expect CRLF
        out += line;
    }
    return out;
}

}  // namespace kosmo
