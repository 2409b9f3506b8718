// household.h: what the portal shows of a household's records, pure: yen
// with thousands separators, the year a 医療費情報 page shows, date parts
#ifndef KOSMO_HOUSEHOLD_H
#define KOSMO_HOUSEHOLD_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// N with a comma every three digits: 12340 -> "12,340", -5 -> "-5".
std::string thousands(std::int64_t n);

// The year a 医療費情報 page shows. REQUESTED is the ?year= value: four
// ASCII digits from 1900 to 9999 are taken as they are (a year without data
// shows the empty state); anything else, or nothing, gives the newest of
// YEARS (the years with data, any order), else THIS_YEAR.
int choose_year(std::string_view requested, const std::vector<int>& years, int this_year);

// YYYYMMDD split into its numbers; all 0 when S is not 8 digits.
struct DateParts {
    int year = 0, month = 0, day = 0;
};
DateParts date_parts(std::string_view yyyymmdd);

}  // namespace kosmo

#endif
