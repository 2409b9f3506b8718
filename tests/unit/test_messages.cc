// test_messages.cc: every reason has its Japanese text
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <set>
#include <string>

#include "messages.h"

using namespace kosmo;

namespace {

// Every enumerator, Ok first and CsrfFailed last: the loops below rely on
// the enum being contiguous.
constexpr int kFirst = int(Reason::Ok);
constexpr int kLast = int(Reason::CsrfFailed);

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(messages)

BOOST_AUTO_TEST_CASE(ok_has_no_text) {
    BOOST_TEST(std::string(message(Reason::Ok)).empty());
}

BOOST_AUTO_TEST_CASE(every_reason_has_text) {
    std::set<std::string> texts;
    for (int i = kFirst + 1; i <= kLast; ++i) {
        const char* m = message(static_cast<Reason>(i));
        BOOST_REQUIRE(m != nullptr);
        const std::string s = m;
        BOOST_TEST(!s.empty(), "reason " << i);
        BOOST_TEST(valid_utf8(s), "reason " << i);
        // Japanese sentences end with the full stop 「。」.
        BOOST_TEST(s.size() >= 3u);
        BOOST_TEST(s.substr(s.size() - 3) == "。", "reason " << i);
        BOOST_TEST(s.find_first_of("<>&\"\n") == std::string::npos, "reason " << i);
        // No two reasons share a text: each tells the member something else.
        BOOST_TEST(texts.insert(s).second, "reason " << i << " repeats another text");
    }
}

BOOST_AUTO_TEST_CASE(login_failed_does_not_tell_which) {
    const std::string m = message(Reason::LoginFailed);
    BOOST_TEST(m.find("ユーザIDまたはパスワード") != std::string::npos);
    BOOST_TEST(m.find("ロックされ") == std::string::npos);
    BOOST_TEST(m.find("存在しません") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(identity_mismatch_does_not_tell_which) {
    const std::string m = message(Reason::IdentityMismatch);
    BOOST_TEST(m.find("保険者番号または生年月日") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(texts_use_the_guide_words) {
    BOOST_TEST(std::string(message(Reason::UserIdLength)).find("8桁以上、13桁以内") !=
               std::string::npos);
    BOOST_TEST(std::string(message(Reason::PasswordConfirmMismatch)).find("パスワード確認用") !=
               std::string::npos);
    BOOST_TEST(std::string(message(Reason::ConsentRequired)).find("同意する") !=
               std::string::npos);
    BOOST_TEST(std::string(message(Reason::InsurerNumberFormat)).find("8桁") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
