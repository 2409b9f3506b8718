// test_terms.cc: the published terms: version and text checks, paragraphs
#include <boost/test/unit_test.hpp>

#include <string>

#include "terms.h"

using namespace kosmo;

BOOST_AUTO_TEST_SUITE(terms)

BOOST_AUTO_TEST_CASE(versions_at_their_edges) {
    BOOST_TEST(int(check_terms_version("2022-03")) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_version("v1.2_b")) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_version("1")) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_version(std::string(32, 'a'))) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_version(std::string(33, 'a'))) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version("")) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version("-1")) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version(".1")) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version("2022 03")) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version("版1")) == int(TermsProblem::VersionInvalid));
    BOOST_TEST(int(check_terms_version("a/b")) == int(TermsProblem::VersionInvalid));
}

BOOST_AUTO_TEST_CASE(texts_refused) {
    BOOST_TEST(int(check_terms_text("第1条\n本文。\n")) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_text("")) == int(TermsProblem::Empty));
    BOOST_TEST(int(check_terms_text(" \n\r\n\t\n")) == int(TermsProblem::Empty));
    BOOST_TEST(int(check_terms_text("\xEF\xBB\xBF\n")) == int(TermsProblem::Empty));
    BOOST_TEST(int(check_terms_text("abc\xff")) == int(TermsProblem::NotUtf8));
    BOOST_TEST(int(check_terms_text("\x82\xa0")) == int(TermsProblem::NotUtf8));  // Shift_JIS
    BOOST_TEST(int(check_terms_text(std::string("a\0b", 3))) == int(TermsProblem::NotUtf8));
    BOOST_TEST(int(check_terms_text(std::string(1024 * 1024, 'a'))) == int(TermsProblem::None));
    BOOST_TEST(int(check_terms_text(std::string(1024 * 1024 + 1, 'a'))) ==
               int(TermsProblem::TooLong));
}

BOOST_AUTO_TEST_CASE(paragraphs_by_blank_lines) {
    const auto p = terms_paragraphs("\xEF\xBB\xBF第1条\r\n\r\n  一行目\n二行目  \n \t\n\n\n最後");
    BOOST_TEST(p.size() == 3u);
    BOOST_TEST(p.at(0) == "第1条");
    BOOST_TEST(p.at(1) == "一行目\n二行目");
    BOOST_TEST(p.at(2) == "最後");
    BOOST_TEST(terms_paragraphs("").empty());
    BOOST_TEST(terms_paragraphs("one").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
