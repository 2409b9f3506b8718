// test_household.cc: yen with thousands separators, the year a 医療費情報
// page shows, the order of its claims, date parts, and the CSV download's
// bytes, at their edges
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "portal/household.h"
#include "q/records.h"

using namespace kosmo;

BOOST_AUTO_TEST_SUITE(household)

BOOST_AUTO_TEST_CASE(thousands_separates_every_three_digits) {
    BOOST_TEST(thousands(0) == "0");
    BOOST_TEST(thousands(7) == "7");
    BOOST_TEST(thousands(999) == "999");
    BOOST_TEST(thousands(1000) == "1,000");
    BOOST_TEST(thousands(12340) == "12,340");
    BOOST_TEST(thousands(999999) == "999,999");
    BOOST_TEST(thousands(1000000) == "1,000,000");
    BOOST_TEST(thousands(999999999999) == "999,999,999,999");
}

BOOST_AUTO_TEST_CASE(thousands_of_negative_numbers_and_the_extremes) {
    BOOST_TEST(thousands(-5) == "-5");
    BOOST_TEST(thousands(-1234) == "-1,234");
    BOOST_TEST(thousands(std::numeric_limits<std::int64_t>::max()) == "9,223,372,036,854,775,807");
    BOOST_TEST(thousands(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
}

BOOST_AUTO_TEST_CASE(claims_go_newest_month_first_then_by_patient_then_by_claim) {
    auto claim = [](int month, const char* patient, const char* id) {
        q::Claim c;
        c.service_month = month;
        c.patient_name = patient;
        c.claim_id = id;
        return c;
    };
    // As MariaDB may hand them over in the month's order alone.
    std::vector<q::Claim> claims{claim(202601, "山田花子", "C2"), claim(202603, "山田太郎", "C9"),
                                 claim(202603, "山田一郎", "C5"), claim(202601, "山田花子", "C10"),
                                 claim(202602, "Yamada", "C1")};
    q::sort_claims(claims);
    std::vector<std::string> order;
    for (const auto& c : claims)
        order.push_back(std::to_string(c.service_month) + " " + c.patient_name + " " + c.claim_id);
    // The names and IDs by their bytes, as the columns' binary collations
    // compare them ("C10" before "C2"; 一 U+4E00 before 太 U+592A; ASCII first).
    const std::vector<std::string> want{"202603 山田一郎 C5", "202603 山田太郎 C9",
                                        "202602 Yamada C1", "202601 山田花子 C10",
                                        "202601 山田花子 C2"};
    BOOST_TEST(order == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(asked_year_takes_a_well_formed_request) {
    BOOST_TEST(asked_year("2025").value_or(0) == 2025);
    BOOST_TEST(asked_year("2019").value_or(0) == 2019);  // with or without data
    BOOST_TEST(asked_year("1900").value_or(0) == 1900);
    BOOST_TEST(asked_year("9999").value_or(0) == 9999);
}

BOOST_AUTO_TEST_CASE(asked_year_is_none_for_anything_else) {
    for (const char* junk : {"", "1899", "0000", "202", "20250", "２０２５", "2025 ", "-2025",
                             "20a5", "2025&year=2024", "' OR 1=1 --"})
        BOOST_TEST(!asked_year(junk).has_value(), junk);
}

BOOST_AUTO_TEST_CASE(date_parts_splits_eight_digits) {
    const DateParts d = date_parts("20260401");
    BOOST_TEST(d.year == 2026);
    BOOST_TEST(d.month == 4);
    BOOST_TEST(d.day == 1);
    for (const char* junk : {"", "2026041", "202604011", "2026-4-1", "2026040a"}) {
        const DateParts z = date_parts(junk);
        BOOST_TEST((z.year == 0 && z.month == 0 && z.day == 0), junk);
    }
}

namespace {

q::Claim csv_claim(int month, const char* patient, const char* provider, const char* kind, int days,
                   std::int64_t total, std::int64_t self) {
    q::Claim c;
    c.service_month = month;
    c.patient_name = patient;
    c.provider = provider;
    c.kind = kind;
    c.days = days;
    c.total_cost = total;
    c.self_pay = self;
    return c;
}

const std::string kBom = "\xEF\xBB\xBF";
const std::string kHeader =
    "診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名\r\n";

}  // namespace

BOOST_AUTO_TEST_CASE(expenses_csv_has_a_bom_the_header_and_nothing_else_without_claims) {
    BOOST_TEST(expenses_csv_bytes({}, "山田太郎", "サンプル健康保険組合") == kBom + kHeader);
}

BOOST_AUTO_TEST_CASE(expenses_csv_rows_carry_the_six_items_in_crlf_lines) {
    const std::vector<q::Claim> claims = {
        csv_claim(202604, "山田花子", "みどり歯科", "dental", 1, 5600, 1680),
        csv_claim(202601, "山田一郎", "ひかり薬局", "pharmacy", 0, 1450000, 0)};
    BOOST_TEST(
        expenses_csv_bytes(claims, "山田太郎", "サンプル健康保険組合") ==
        kBom + kHeader +
            "2026/04,山田花子,みどり歯科,歯科,1,5600,1680,山田太郎,サンプル健康保険組合\r\n"
            "2026/01,山田一郎,ひかり薬局,調剤,0,1450000,0,山田太郎,サンプル健康保険組合\r\n");
}

BOOST_AUTO_TEST_CASE(expenses_csv_quotes_fields_with_commas_and_quotes) {
    const std::vector<q::Claim> claims = {
        csv_claim(202512, "山田, 花子", "さくら病院, \"内科\"", "inpatient", 31, 100, 30)};
    BOOST_TEST(expenses_csv_bytes(claims, "Yamada, Taro", "健保\"組合\"") ==
               kBom + kHeader +
                   "2025/12,\"山田, 花子\",\"さくら病院, \"\"内科\"\"\",入院,31,100,30,"
                   "\"Yamada, Taro\",\"健保\"\"組合\"\"\"\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
