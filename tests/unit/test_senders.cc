// test_senders.cc: kosmoctl send-mail's senders: the batch a sender claims,
// when a claim still covers a sendmail, and the summary's lines per society
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <string>

#include "kosmoctl/senders.h"

using namespace kosmo::ctl;

BOOST_AUTO_TEST_SUITE(senders)

BOOST_AUTO_TEST_CASE(wave_batch_shared_between_senders) {
    BOOST_TEST(wave_batch_size(1) == 100u);
    BOOST_TEST(wave_batch_size(4) == 25u);  // 150 mails: 4 senders get work, not 1
    BOOST_TEST(wave_batch_size(8) == 12u);
    BOOST_TEST(wave_batch_size(32) == 10u);  // never below 10 rows a statement
    BOOST_TEST(wave_batch_size(0) == 100u);
}

BOOST_AUTO_TEST_CASE(a_claim_covers_a_sendmail_with_half_a_minute_to_spare) {
    using std::chrono::seconds;
    const auto now = std::chrono::steady_clock::now();
    // send-mail's claims: the timeout (30 s) + 60 s.
    BOOST_TEST(claim_covers(now, 90, 30));                  // just claimed
    BOOST_TEST(claim_covers(now - seconds(29), 90, 30));    // 61 s left > 30 + 30
    BOOST_TEST(!claim_covers(now - seconds(30), 90, 30));   // 60 s left: renew first
    BOOST_TEST(!claim_covers(now - seconds(200), 90, 30));  // expired
}

BOOST_AUTO_TEST_CASE(the_summary_has_a_line_per_society_when_more_than_one_sent) {
    const std::map<std::string, std::string> labels = {
        {"", "none"}, {"06130017", "06130017 B"}, {"06279996", "06279996 A"}};
    BOOST_TEST(society_summary({}, labels).empty());
    // One society: the total says it all.
    BOOST_TEST(society_summary({{"06279996", {3, 1}}}, labels).empty());
    const auto lines =
        society_summary({{"06279996", {2, 1}}, {"06130017", {0, 1}}, {"", {1, 0}}}, labels);
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0] == "  06130017 B: sent 0, deferred 1");
    BOOST_TEST(lines[1] == "  06279996 A: sent 2, deferred 1");
    BOOST_TEST(lines[2] == "  none: sent 1, deferred 0");  // no society: last
    // A society without a label is named by its number.
    BOOST_TEST(society_summary({{"06279996", {1, 0}}, {"06130017", {1, 0}}}, {}).at(0) ==
               "  06130017: sent 1, deferred 0");
}

BOOST_AUTO_TEST_SUITE_END()
