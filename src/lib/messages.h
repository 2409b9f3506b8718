// messages.h: every Japanese text of the pages (the one table): reasons,
// page titles, HTTP error pages, field labels; and the reasons in English
// for the operator
#ifndef KOSMO_MESSAGES_H
#define KOSMO_MESSAGES_H

#include <string>
#include <string_view>

#include "validate.h"

namespace kosmo {

// The message shown to the member for R (UTF-8, never empty except for Ok).
const char* message(Reason r);

// 入院, 外来, 歯科, 調剤 for a claim's kind (inpatient …); "" for others.
const char* claim_kind_label(std::string_view kind);

// 高額療養費, 付加金, 傷病手当金, 出産手当金, 出産育児一時金, 療養費, 埋葬料,
// その他 for a benefit decision's kind (high_cost …); "" for others, so
// an empty label is also the import's test of a kind.
const char* benefit_kind_label(std::string_view kind);

// 本人, 配偶者, 子, 父母, その他 for a relationship (self …); "" for others.
const char* relationship_label(std::string_view relationship);

// The header row of the 医療費 CSV download (for the 医療費控除), without
// a line end: 診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,
// 被保険者氏名,保険者名 (the last two added after the columns of the page,
// so that the National Tax Agency's six items are on every row).
const char* expenses_csv_header();

// "2022-03-01" -> "2022年3月1日" (a date as the pages write it); anything
// else as it is.
std::string japanese_date(std::string_view iso_date);

// The screens, for their titles.
enum class Screen {
    Login,
    Menu,
    Verify,
    Terms,
    Register,
    Confirm,
    Done,
    ForgotPassword,
    ResetPassword,
    ForgotUserId,
    PasswordExpired,
    NewTerms,
    Expenses,       // the portal's pages
    ExpensesPrint,  // 医療費のお知らせ, 医療費情報's printable page
    Eligibility,
    Benefits,       // 給付金のお知らせ
    BenefitNotice,  // its printable 支給決定通知書
    Settings,
    EmailConfirm,
    SecondFactor,  // 二段階認証
    RecoveryLogin,
    AppSetup,
    RecoveryCodes,
};
// The title of screen S (UTF-8, never empty).
const char* title(Screen s);

// Text of a link back to the login screen ("ログイン画面へ").
const char* to_login_text();

// The page of an HTTP error: its title and what to do next.
struct HttpErrorText {
    int status;
    const char* title;
    const char* message;
};
// The statuses that have their own text, in order.
inline constexpr int kHttpErrorStatuses[] = {400, 403, 404, 405, 413, 414, 415, 429, 500, 501, 503};
// The text for STATUS; a status without its own gets that of its class (400
// or 500).
const HttpErrorText& http_error_text(int status);

// The label of form field ID ("user_id" -> "ユーザID"), so that an item of
// the error summary can say which field it is about; nullptr for a field
// without one.
const char* field_label(std::string_view id);

// The same for the operator (kosmoctl's reports of an import file): English,
// said of a named value, as in "birth_date '19801332' " + "is not a calendar
// date". "" for Ok.
const char* operator_message(Reason r);

}  // namespace kosmo

#endif
