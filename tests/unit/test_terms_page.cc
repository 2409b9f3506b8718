// test_terms_page.cc: the terms of use as the pages show them
#include <boost/test/unit_test.hpp>

#include <string>

#include <ctemplate/template.h>

#include "terms_page.h"

using namespace kosmo;

BOOST_AUTO_TEST_SUITE(terms_page)

BOOST_AUTO_TEST_CASE(fill_terms_from_a_version_or_the_configuration) {
    Config config;
    ctemplate::TemplateDictionary none("t");
    fill_terms(none, std::nullopt, config);
    std::string none_dump;
    none.DumpToString(&none_dump);
    BOOST_TEST(none_dump.find("2022-03") != std::string::npos);

    ctemplate::TemplateDictionary dict("t");
    fill_terms(dict, q::Terms{2, "2025-04", "a\n\nb", "2025-04-01"}, config);
    std::string dump;
    dict.DumpToString(&dump);
    BOOST_TEST(dump.find("2025-04") != std::string::npos);
    BOOST_TEST(dump.find("2025年4月1日") != std::string::npos);
    BOOST_TEST(dump.find("PARAGRAPH") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
