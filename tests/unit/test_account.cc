// test_account.cc: the rules of a new password (step 3's, and not the current one)
#include <boost/test/unit_test.hpp>

#include "account.h"
#include "password.h"

using namespace kosmo;

namespace {
const ScryptParams kFast{10, 1, 1};
}

BOOST_AUTO_TEST_SUITE(account)

BOOST_AUTO_TEST_CASE(new_password_rules_at_their_edges) {
    const std::string current = hash_password("Taro1234pass", kFast);
    BOOST_TEST(check_new_password("Fresh2025pass", "Fresh2025pass", "TARO12345", current).ok());
    BOOST_TEST(check_new_password("kx7qm2pa", "kx7qm2pa", "TARO12345", current).ok());  // 8: enough

    auto c = check_new_password("Taro1234pass", "Taro1234pass", "TARO12345", current);
    BOOST_TEST(int(c.password) == int(Reason::PasswordSameAsCurrent));
    c = check_new_password("abcdef1", "abcdef1", "TARO12345", current);  // 7
    BOOST_TEST(int(c.password) == int(Reason::PasswordLength));
    c = check_new_password("taro12345", "taro12345", "TARO12345", current);
    BOOST_TEST(int(c.password) == int(Reason::PasswordEqualsUserId));
    c = check_new_password("abcdefgh", "abcdefgh", "TARO12345", current);
    BOOST_TEST(int(c.password) == int(Reason::PasswordLetterAndDigit));
    c = check_new_password("", "", "TARO12345", current);
    BOOST_TEST(int(c.password) == int(Reason::Required));
    c = check_new_password("Fresh2025pass", "Fresh2025pasS", "TARO12345", current);
    BOOST_TEST(int(c.password) == int(Reason::Ok));
    BOOST_TEST(int(c.confirm) == int(Reason::PasswordConfirmMismatch));
    BOOST_TEST(!c.ok());
    // A password refused by the rules is not compared with the current one
    // (no hash spent), and its confirmation is not judged.
    c = check_new_password("short1", "other", "TARO12345", current);
    BOOST_TEST(int(c.confirm) == int(Reason::Ok));
}

BOOST_AUTO_TEST_SUITE_END()
