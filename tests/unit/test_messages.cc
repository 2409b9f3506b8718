// test_messages.cc: every reason has its Japanese text
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <set>
#include <string>

#include "messages.h"
#include "text.h"
#include "validate.h"

using namespace kosmo;

namespace {

// Every enumerator, Ok first and Reason::End one past the last: the loops
// below rely on the enum being contiguous, and reach a new reason without
// being told.
constexpr int kFirst = int(Reason::Ok);
constexpr int kEnd = int(Reason::End);
static_assert(kFirst == 0 && kEnd > int(Reason::CsrfFailed), "Reason::End is the last enumerator");

}  // namespace

BOOST_AUTO_TEST_SUITE(messages)

BOOST_AUTO_TEST_CASE(ok_has_no_text) {
    BOOST_TEST(std::string(message(Reason::Ok)).empty());
}

BOOST_AUTO_TEST_CASE(every_reason_has_text) {
    std::set<std::string> texts;
    for (int i = kFirst + 1; i < kEnd; ++i) {
        const char* m = message(static_cast<Reason>(i));
        BOOST_REQUIRE(m != nullptr);
        const std::string s = m;
        BOOST_TEST(!s.empty(), "reason " << i);
        BOOST_TEST(is_valid_utf8(s), "reason " << i);
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
    BOOST_TEST(std::string(message(Reason::ConsentRequired)).find("同意する") != std::string::npos);
    BOOST_TEST(std::string(message(Reason::InsurerNumberFormat)).find("8桁") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_reason_is_counted) {
    // The last reason with a text is the one just before End.
    BOOST_TEST(!std::string(message(static_cast<Reason>(kEnd - 1))).empty());
    BOOST_TEST(std::string(message(Reason::End)).empty());
}

BOOST_AUTO_TEST_CASE(every_screen_has_a_title) {
    const Screen screens[] = {Screen::Login,    Screen::Menu,        Screen::Verify,
                              Screen::Terms,    Screen::Register,    Screen::Confirm,
                              Screen::Done,     Screen::Expenses,    Screen::Eligibility,
                              Screen::Settings, Screen::EmailConfirm};
    std::set<std::string> titles;
    for (Screen s : screens) {
        const std::string t = title(s);
        BOOST_TEST(!t.empty());
        BOOST_TEST(is_valid_utf8(t));
        BOOST_TEST(t.find_first_of("<>&\"\n") == std::string::npos);
        BOOST_TEST(titles.insert(t).second, "title '" << t << "' repeats another");
    }
    BOOST_TEST(std::string(title(Screen::Login)) == "ログイン");
    BOOST_TEST(std::string(to_login_text()) == "ログイン画面へ");
}

BOOST_AUTO_TEST_CASE(the_benefit_pages_titles) {
    // Apart from every_screen_has_a_title's list, which other pages extend.
    BOOST_TEST(std::string(title(Screen::Benefits)) == "給付金のお知らせ");
    BOOST_TEST(std::string(title(Screen::BenefitNotice)) == "給付金支給決定通知書");
    BOOST_TEST(std::string(title(Screen::Benefits)) != title(Screen::Expenses));
}

BOOST_AUTO_TEST_CASE(every_http_error_has_its_text) {
    std::set<std::string> texts;
    for (int status : kHttpErrorStatuses) {
        const HttpErrorText& t = http_error_text(status);
        BOOST_TEST(t.status == status);
        const std::string title = t.title, text = t.message;
        BOOST_TEST(!title.empty(), "status " << status);
        BOOST_TEST(is_valid_utf8(title + text), "status " << status);
        BOOST_TEST(text.size() >= 3u);
        BOOST_TEST(text.substr(text.size() - 3) == "。", "status " << status);
        BOOST_TEST(texts.insert(text).second, "status " << status << " repeats another text");
    }
}

BOOST_AUTO_TEST_CASE(an_http_error_without_text_gets_its_class) {
    BOOST_TEST(http_error_text(418).status == 400);
    BOOST_TEST(http_error_text(502).status == 500);
    BOOST_TEST(http_error_text(504).status == 500);
}

BOOST_AUTO_TEST_CASE(fields_have_labels) {
    BOOST_TEST(std::string(field_label("user_id")) == "ユーザID");
    BOOST_TEST(std::string(field_label("birth_date")) == "生年月日");
    BOOST_TEST(field_label("csrf") == nullptr);
}

BOOST_AUTO_TEST_CASE(dates_as_the_pages_write_them) {
    BOOST_TEST(japanese_date("2022-03-01") == "2022年3月1日");
    BOOST_TEST(japanese_date("2025-12-31") == "2025年12月31日");
    BOOST_TEST(japanese_date("2022年3月1日") == "2022年3月1日");
    BOOST_TEST(japanese_date("") == "");
}

BOOST_AUTO_TEST_CASE(the_tax_notice_csv_header_and_page_title) {
    // The page's seven columns in their order, then the two the National
    // Tax Agency's 医療費通知 needs besides: the insured person and the
    // society.
    BOOST_TEST(std::string(expenses_csv_header()) ==
               "診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名");
    // The printable page's title, the name the tax office knows.
    BOOST_TEST(std::string(title(Screen::ExpensesPrint)) == "医療費のお知らせ");
}

BOOST_AUTO_TEST_CASE(benefit_kinds_have_their_japanese_names) {
    BOOST_TEST(std::string(benefit_kind_label("high_cost")) == "高額療養費");
    BOOST_TEST(std::string(benefit_kind_label("additional")) == "付加金");
    BOOST_TEST(std::string(benefit_kind_label("sickness")) == "傷病手当金");
    BOOST_TEST(std::string(benefit_kind_label("maternity")) == "出産手当金");
    BOOST_TEST(std::string(benefit_kind_label("childbirth")) == "出産育児一時金");
    BOOST_TEST(std::string(benefit_kind_label("medical_cost")) == "療養費");
    BOOST_TEST(std::string(benefit_kind_label("funeral")) == "埋葬料");
    BOOST_TEST(std::string(benefit_kind_label("other")) == "その他");
    // Not a kind: the import refuses it, the page shows nothing.
    for (const char* bad : {"", "High_cost", "high_cost ", "inpatient", "高額療養費"})
        BOOST_TEST(std::string(benefit_kind_label(bad)).empty(), bad);
}

BOOST_AUTO_TEST_SUITE_END()
