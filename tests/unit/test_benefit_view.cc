// test_benefit_view.cc: 給付金のお知らせ's year, decision IDs, months and the
// order of its decisions, at their edges
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "portal/benefit_view.h"
#include "q/household_benefits.h"

using namespace kosmo;

BOOST_AUTO_TEST_SUITE(benefit_view)

BOOST_AUTO_TEST_CASE(no_year_asked_gives_the_newest_with_decisions_or_the_empty_state) {
    BOOST_TEST(benefits_year("", {2026, 2025, 2023}).value() == 2026);
    BOOST_TEST(benefits_year("", {2023, 2026, 2025}).value() == 2026);  // any order
    BOOST_TEST(benefits_year("", {}).value() == 0);
}

BOOST_AUTO_TEST_CASE(a_year_with_decisions_is_shown) {
    BOOST_TEST(benefits_year("2025", {2026, 2025}).value() == 2025);
    BOOST_TEST(benefits_year("2026", {2026, 2025}).value() == 2026);
    BOOST_TEST(benefits_year("1900", {1900}).value() == 1900);
    BOOST_TEST(benefits_year("9999", {9999}).value() == 9999);
}

BOOST_AUTO_TEST_CASE(a_year_without_decisions_or_not_a_year_is_not_found) {
    BOOST_TEST(!benefits_year("2024", {2026, 2025}).has_value());
    BOOST_TEST(!benefits_year("2024", {}).has_value());
    for (const char* junk : {"202", "20250", "02025", "+202", "２０２５", "2025 ", " 2025", "-2025",
                             "20a5", "2025&year=2026", "' OR 1=1 --", "0x7e9"})
        BOOST_TEST(!benefits_year(junk, {2026, 2025}).has_value(), junk);
}

BOOST_AUTO_TEST_CASE(decision_ids_are_1_to_32_letters_digits_and_hyphens) {
    BOOST_TEST(is_decision_id("K"));
    BOOST_TEST(is_decision_id("K-2026-0001"));
    BOOST_TEST(is_decision_id("azAZ09-"));
    BOOST_TEST(is_decision_id(std::string(32, '9')));
    BOOST_TEST(!is_decision_id(""));
    BOOST_TEST(!is_decision_id(std::string(33, '9')));
    for (const char* junk :
         {"K_1", "K 1", "K.1", "K/1", "K%201", "K'1", "ｋ1", "給付1", "K1;", "K1\n"})
        BOOST_TEST(!is_decision_id(junk), junk);
}

BOOST_AUTO_TEST_CASE(service_months_as_the_pages_write_them) {
    BOOST_TEST(service_month_text(202604) == "2026年4月");
    BOOST_TEST(service_month_text(202612) == "2026年12月");
    BOOST_TEST(service_month_text(190001) == "1900年1月");
    BOOST_TEST(service_month_text(0) == "―");  // not tied to a month
}

BOOST_AUTO_TEST_CASE(decisions_go_newest_date_first_then_by_id_bytes) {
    auto decision = [](const char* date, const char* id) {
        q::BenefitDecision d;
        d.decided_on = date;
        d.decision_id = id;
        return d;
    };
    // As MariaDB may hand them over in the date's order alone.
    std::vector<q::BenefitDecision> ds{decision("2026-03-01", "K2"),  decision("2026-04-15", "K9"),
                                       decision("2026-04-15", "K10"), decision("2026-03-01", "K-1"),
                                       decision("2026-04-15", "a1"),  decision("2025-12-31", "K1")};
    q::sort_benefits(ds);
    std::vector<std::string> order;
    for (const auto& d : ds)
        order.push_back(d.decided_on + " " + d.decision_id);
    // "K10" before "K9", "-" before digits, upper case before lower: bytes.
    const std::vector<std::string> want{"2026-04-15 K10", "2026-04-15 K9", "2026-04-15 a1",
                                        "2026-03-01 K-1", "2026-03-01 K2", "2025-12-31 K1"};
    BOOST_TEST(order == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
