// test_society.cc: a society's settings as the command line and the
// database spell them (society.h)
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "society.h"

using namespace kosmo;

// Boost prints what it compares: the features as they are spelled.
BOOST_TEST_DONT_PRINT_LOG_VALUE(kosmo::MfaPolicy)

namespace kosmo {
std::ostream& operator<<(std::ostream& out, Features f) {
    return out << "{" << features_text(f) << "}";
}
}  // namespace kosmo

BOOST_AUTO_TEST_SUITE(society)

BOOST_AUTO_TEST_CASE(features_default_to_every_page) {
    const Society s;
    BOOST_TEST(s.features.has(Feature::Expenses));
    BOOST_TEST(s.features.has(Feature::Eligibility));
    BOOST_TEST(s.features.has(Feature::Benefits));
    BOOST_TEST(features_text(s.features) == "expenses,eligibility,benefits");
    BOOST_TEST(!s.mfa.has_value());
    BOOST_TEST(s.keep_months == 0u);
}

BOOST_AUTO_TEST_CASE(features_read_any_order_spaces_and_repeats) {
    auto f = parse_features(" benefits , expenses,expenses,");
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->has(Feature::Expenses));
    BOOST_TEST(!f->has(Feature::Eligibility));
    BOOST_TEST(f->has(Feature::Benefits));
    // Written in one order, whatever the order they were given in.
    BOOST_TEST(features_text(*f) == "expenses,benefits");
    BOOST_TEST(*parse_features(features_text(*f)) == *f);

    auto one = parse_features("eligibility");
    BOOST_REQUIRE(one.has_value());
    BOOST_TEST(features_text(*one) == "eligibility");
}

BOOST_AUTO_TEST_CASE(features_may_be_none) {
    auto none = parse_features("");
    BOOST_REQUIRE(none.has_value());
    BOOST_TEST(*none == Features::none());
    BOOST_TEST(features_text(*none) == "");
    BOOST_TEST(*parse_features(" , ") == Features::none());
}

BOOST_AUTO_TEST_CASE(features_refuse_unknown_words) {
    for (const char* bad :
         {"expense", "Expenses", "expenses;eligibility", "all", "expenses,foo", "医療費"})
        BOOST_TEST(!parse_features(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(mfa_policies) {
    BOOST_TEST((parse_mfa("off") == MfaPolicy::Off));
    BOOST_TEST((parse_mfa("optional") == MfaPolicy::Optional));
    BOOST_TEST((parse_mfa("required") == MfaPolicy::Required));
    for (MfaPolicy p : {MfaPolicy::Off, MfaPolicy::Optional, MfaPolicy::Required})
        BOOST_TEST((parse_mfa(mfa_text(p)) == p));
    for (const char* bad : {"", "Required", "on", "site", "required "})
        BOOST_TEST(!parse_mfa(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(domains_lower_cased_and_checked) {
    auto d = parse_domains(" Example.CO.JP ,,example-group.jp ");
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(*d == (std::vector<std::string>{"example.co.jp", "example-group.jp"}),
               boost::test_tools::per_element());
    BOOST_TEST(domains_text(*d) == "example.co.jp,example-group.jp");
    BOOST_TEST(parse_domains("")->empty());

    std::string bad;
    BOOST_TEST(!parse_domains("example.co.jp,not a domain", &bad).has_value());
    BOOST_TEST(bad == "not a domain");
    BOOST_TEST(!parse_domains("@example.co.jp").has_value());
}

BOOST_AUTO_TEST_CASE(first_kept_month_counts_back_from_the_current_month) {
    // The SPEC's example: 12 months kept in December keep the whole year.
    BOOST_TEST(first_kept_month(202612, 12) == 202601);
    BOOST_TEST(first_kept_month(202612, 1) == 202612);
    BOOST_TEST(first_kept_month(202612, 2) == 202611);
    // Across the turn of the year, and by whole years.
    BOOST_TEST(first_kept_month(202601, 2) == 202512);
    BOOST_TEST(first_kept_month(202603, 3) == 202601);
    BOOST_TEST(first_kept_month(202603, 4) == 202512);
    BOOST_TEST(first_kept_month(202603, 12) == 202504);
    BOOST_TEST(first_kept_month(202603, 13) == 202503);
    BOOST_TEST(first_kept_month(202601, 24) == 202402);
    BOOST_TEST(first_kept_month(202612, 60) == 202201);
    BOOST_TEST(first_kept_month(202601, kMaxKeepMonths) == 192602);
    // 0 keeps everything: no service month is before 0.
    BOOST_TEST(first_kept_month(202612, 0) == 0);
}

BOOST_AUTO_TEST_CASE(mfa_society_overrides_the_site) {
    for (MfaPolicy site : {MfaPolicy::Off, MfaPolicy::Optional, MfaPolicy::Required}) {
        BOOST_TEST(mfa_in_force(site, std::nullopt) == site);
        for (MfaPolicy own : {MfaPolicy::Off, MfaPolicy::Optional, MfaPolicy::Required})
            BOOST_TEST(mfa_in_force(site, own) == own);
    }
}

BOOST_AUTO_TEST_SUITE_END()
