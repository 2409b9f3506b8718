// household.h: what the portal shows of a household's records, pure: yen
// with thousands separators, the year a 医療費情報 page shows, date parts,
// the CSV download's bytes
#ifndef KOSMO_HOUSEHOLD_H
#define KOSMO_HOUSEHOLD_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

namespace q {
struct Claim;
}

// N with a comma every three digits: 12340 -> "12,340", -5 -> "-5".
std::string thousands(std::int64_t n);

// The year a 医療費情報 page was asked for. REQUESTED is the ?year= value:
// four ASCII digits from 1900 to 9999 are taken as they are (a year without
// data shows the empty state); anything else, or nothing, is none: the page
// shows the newest year with data, else this year.
std::optional<int> asked_year(std::string_view requested);

// YYYYMMDD split into its numbers; all 0 when S is not 8 digits.
struct DateParts {
    int year = 0, month = 0, day = 0;
};
DateParts date_parts(std::string_view yyyymmdd);

// The bytes of 医療費情報's CSV download (for the 医療費控除): a UTF-8 BOM
// (spreadsheet programs then read UTF-8), the header row
// (expenses_csv_header), then one row per claim of CLAIMS in their order:
// 診療年月 as YYYY/MM, 受診者, 医療機関等, 区分 in Japanese, 日数, 医療費総額,
// 窓口負担額 in plain yen, then INSURED (被保険者氏名) and INSURER (保険者名),
// so that every row carries the six items the National Tax Agency requires
// of a 医療費通知. Fields are quoted as RFC 4180 asks; every line ends in CRLF.
std::string expenses_csv_bytes(const std::vector<q::Claim>& claims, std::string_view insured,
                               std::string_view insurer);

}  // namespace kosmo

#endif
