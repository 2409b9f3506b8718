// main.cc: kosmo-portal.fcgi, the member's portal after registration: the
// main menu, 医療費情報, 資格情報, 給付金のお知らせ and 登録情報の変更 (with
// 二段階認証)
#include "portal.h"
#include "server.h"

namespace {
constexpr auto kExpenses = kosmo::Feature::Expenses;
constexpr auto kEligibility = kosmo::Feature::Eligibility;
constexpr auto kBenefits = kosmo::Feature::Benefits;
}  // namespace

int main(int argc, char** argv) {
    const std::vector<kosmo::Route> routes = {
        {"GET", "/menu", kosmo::member_page<kosmo::menu_page>},
        {"GET", "/expenses", kosmo::feature_page<kExpenses, kosmo::expenses_page>},
        {"GET", "/expenses/csv", kosmo::feature_page<kExpenses, kosmo::expenses_csv>},
        {"GET", "/expenses/print", kosmo::feature_page<kExpenses, kosmo::expenses_print>},
        {"GET", "/eligibility", kosmo::feature_page<kEligibility, kosmo::eligibility_page>},
        {"GET", "/benefits", kosmo::feature_page<kBenefits, kosmo::benefits_page>},
        {"GET", "/benefits/notice", kosmo::feature_page<kBenefits, kosmo::benefit_notice>},
        {"GET", "/settings", kosmo::member_page<kosmo::settings_page>},
        {"POST", "/settings/password", kosmo::member_page<kosmo::settings_password>},
        {"POST", "/settings/email", kosmo::member_page<kosmo::settings_email>},
        {"POST", "/settings/notices", kosmo::member_page<kosmo::settings_notices>},
        {"GET", "/settings/app", kosmo::member_page<kosmo::app_setup_page>},
        {"GET", "/settings/app/qr.svg", kosmo::member_page<kosmo::app_qr>},
        {"POST", "/settings/app", kosmo::member_page<kosmo::app_setup_submit>},
        {"POST", "/settings/app/remove", kosmo::member_page<kosmo::app_remove>},
        {"POST", "/settings/trusted/forget", kosmo::member_page<kosmo::trusted_forget>},
        {"POST", "/settings/mail-codes", kosmo::member_page<kosmo::mail_codes_switch>},
        {"GET", "/settings/email/confirm", kosmo::email_confirm_page},
        {"POST", "/settings/email/confirm", kosmo::email_confirm_submit},
    };
    return kosmo::run_fcgi_main(
        argc, argv, "kosmo-portal.fcgi",
        "the member's portal: main menu, 医療費情報, 資格情報, 給付金のお知らせ, settings", routes);
}
