// messages.cc: every Japanese text of the pages (the one table), and the
// reasons in English for the operator
#include "messages.h"

#include <iterator>
#include <utility>

namespace kosmo {

namespace {

// Reason -> text; reasons_complete() below makes the compiler refuse a new
// Reason without its text in each table.
struct ReasonText {
    Reason reason;
    const char* text;
};

constexpr ReasonText kReasonTexts[] = {
    {Reason::Ok, ""},
    {Reason::Required, "入力してください。"},
    {Reason::InvalidText, "使用できない文字が含まれています。入力し直してください。"},
    {Reason::TooLong, "入力が長すぎます。内容をご確認ください。"},
    // One text for a wrong ID, a wrong password and a locked ID, so the
    // page never tells which.
    {Reason::LoginFailed,
     "ユーザIDまたはパスワードが正しくありません。"
     "続けて間違えると、しばらくログインできなくなります。"},
    {Reason::InsurerNumberFormat, "保険者番号は8桁の数字で入力してください。"},
    {Reason::InsurerNumberCheckDigit,
     "保険者番号が正しくありません。健康保険証または「WEBサービスのご案内」の"
     "最下段に記載されている番号をご確認ください。"},
    {Reason::BirthDateFormat, "生年月日は8桁の数字で入力してください(例: 19800123)。"},
    {Reason::BirthDateInvalid,
     "生年月日が正しくありません。西暦の年・月・日を8桁で入力してください"
     "(例: 19800123)。"},
    {Reason::BirthDateFuture,
     "生年月日に今日より後の日付は入力できません。ご自身の生年月日を入力してください。"},
    {Reason::ConsentRequired,
     "KOSMO Communication Web利用規約をご確認のうえ、「同意する」にチェックを"
     "付けてください。"},
    {Reason::IdentityMismatch,
     "入力された保険者番号または生年月日が登録内容と一致しません。"
     "ご確認のうえ、もう一度入力してください。"},
    {Reason::IdentityLocked,
     "本人情報の確認に続けて失敗したため、手続きを停止しました。"
     "健康保険組合にお問い合わせください。"},
    {Reason::UserIdLength, "ユーザIDは8桁以上、13桁以内で入力してください。"},
    {Reason::UserIdChars, "ユーザIDは半角英数字で入力してください。"},
    {Reason::UserIdTaken, "このユーザIDはすでに使われています。別のユーザIDを入力してください。"},
    {Reason::PasswordLength, "パスワードは8桁以上で入力してください。"},
    {Reason::PasswordTooLong, "パスワードが長すぎます。128文字以内で入力してください。"},
    {Reason::PasswordLetterAndDigit, "パスワードは英字と数字をそれぞれ1文字以上使用してください。"},
    {Reason::PasswordEqualsUserId,
     "ユーザIDと同じパスワードは使用できません。別のパスワードを入力してください。"},
    {Reason::PasswordEqualsTemporary,
     "仮パスワードと同じパスワードは使用できません。別のパスワードを入力してください。"},
    {Reason::PasswordTooCommon,
     "このパスワードは推測されやすいため使用できません。"
     "別のパスワードを入力してください。"},
    {Reason::PasswordConfirmMismatch,
     "パスワード確認用がパスワードと一致しません。同じパスワードを入力してください。"},
    {Reason::EmailInvalid,
     "メールアドレスの形式が正しくありません。半角で入力してください"
     "(例: taro@example.jp)。"},
    {Reason::EmailCompanyDomain, "従業員の方は会社のメールアドレスを登録してください。"},
    {Reason::AlreadyRegistered,
     "本登録はすでに完了しています。登録したユーザIDとパスワードでログインしてください。"},
    {Reason::PasswordSameAsCurrent,
     "現在のパスワードと同じパスワードは使用できません。別のパスワードを入力してください。"},
    {Reason::CurrentPasswordWrong, "現在のパスワードが正しくありません。"},
    {Reason::EmailUnchanged,
     "現在登録されているメールアドレスと同じです。新しいメールアドレスを入力してください。"},
    {Reason::EmailLinkInvalid,
     "このリンクは使用済みか、有効期限(24時間)が切れているため使用できません。"
     "お手数ですが、登録情報の変更からもう一度手続きしてください。"},
    // One text for a used, an expired and an unknown link.
    {Reason::ResetLinkInvalid,
     "このリンクは使用済みか、有効期限(30分)が切れているため使用できません。"
     "お手数ですが、もう一度はじめから手続きしてください。"},
    {Reason::PasswordExpired,
     "パスワードの有効期限が切れています。新しいパスワードを登録してください。"},
    {Reason::CodeWrong, "確認コードが正しくありません。もう一度入力してください。"},
    {Reason::CodeSpent,
     "この確認コードは使用できなくなりました。「コードを再送信」を押して、"
     "新しいコードを受け取ってください。"},
    {Reason::CodeReplayed,
     "この確認コードはすでに使用されています。認証アプリに次のコードが表示されるまで"
     "お待ちください。"},
    {Reason::CodeMailLimit,
     "確認コードの送信は1時間に5回までです。しばらく時間をおいてからお試しください。"},
    {Reason::FactorLocked,
     "確認コードを続けて間違えたため、30分間お待ちいただいてから入力してください。"},
    {Reason::RecoveryCodeWrong,
     "リカバリーコードが正しくないか、すでに使用されています。ご確認のうえ、"
     "もう一度入力してください。"},
    {Reason::SessionExpired, "一定時間操作がなかったため、ログインし直してください。"},
    {Reason::CsrfFailed,
     "画面の有効期限が切れたか、正しくない操作が行われました。"
     "お手数ですが、もう一度はじめから操作してください。"},
};

// Reason -> the operator's English (kosmoctl's import errors: "COLUMN
// 'VALUE' TEXT"), checked complete as kReasonTexts is.
constexpr ReasonText kOperatorTexts[] = {
    {Reason::Ok, ""},
    {Reason::Required, "is empty"},
    {Reason::InvalidText, "contains control characters or invalid UTF-8"},
    {Reason::TooLong, "is too long"},
    {Reason::LoginFailed, "does not log in"},
    {Reason::InsurerNumberFormat, "is not 8 digits"},
    {Reason::InsurerNumberCheckDigit, "has a wrong check digit"},
    {Reason::BirthDateFormat, "is not 8 digits (YYYYMMDD)"},
    {Reason::BirthDateInvalid, "is not a calendar date"},
    {Reason::BirthDateFuture, "is in the future"},
    {Reason::ConsentRequired, "lacks the consent to the terms"},
    {Reason::IdentityMismatch, "does not match the member"},
    {Reason::IdentityLocked, "is locked after too many failed identity checks"},
    {Reason::UserIdLength, "is not 8 to 13 characters"},
    {Reason::UserIdChars, "is not half-width letters and digits"},
    {Reason::UserIdTaken, "is taken already"},
    {Reason::PasswordLength, "is shorter than 8 characters"},
    {Reason::PasswordTooLong, "is longer than 128 bytes"},
    {Reason::PasswordLetterAndDigit, "lacks a letter or a digit"},
    {Reason::PasswordEqualsUserId, "equals the user ID"},
    {Reason::PasswordEqualsTemporary, "equals the temporary password"},
    {Reason::PasswordTooCommon, "is too common"},
    {Reason::PasswordConfirmMismatch, "does not match its confirmation"},
    {Reason::EmailInvalid, "is not a mail address"},
    {Reason::EmailCompanyDomain, "is not at a company domain"},
    {Reason::AlreadyRegistered, "is registered already"},
    {Reason::SessionExpired, "has an expired session"},
    {Reason::CsrfFailed, "failed the CSRF check"},
    {Reason::PasswordSameAsCurrent, "equals the current password"},
    {Reason::CurrentPasswordWrong, "does not match the current password"},
    {Reason::EmailUnchanged, "is the current address"},
    {Reason::EmailLinkInvalid, "is a used, expired or unknown confirmation link"},
    {Reason::ResetLinkInvalid, "is a used, expired or unknown link"},
    {Reason::PasswordExpired, "has expired"},
    {Reason::CodeWrong, "does not match the code"},
    {Reason::CodeSpent, "is a used, replaced, expired or voided code"},
    {Reason::CodeReplayed, "is an app code already accepted"},
    {Reason::CodeMailLimit, "reached the hourly limit of mailed codes"},
    {Reason::FactorLocked, "is locked after repeated wrong codes"},
    {Reason::RecoveryCodeWrong, "is not an unused recovery code"},
};

// Every Reason before End stands in TABLE exactly once.
template <std::size_t N>
constexpr bool reasons_complete(const ReasonText (&table)[N]) {
    constexpr int count = static_cast<int>(Reason::End);
    if (N != count)
        return false;
    for (int i = 0; i < count; ++i) {
        int found = 0;
        for (const auto& e : table)
            if (static_cast<int>(e.reason) == i)
                ++found;
        if (found != 1)
            return false;
    }
    return true;
}
static_assert(reasons_complete(kReasonTexts),
              "every Reason needs exactly one text in kReasonTexts");
static_assert(reasons_complete(kOperatorTexts),
              "every Reason needs exactly one text in kOperatorTexts");

// R's text in TABLE; "" for Reason::End.
template <std::size_t N>
const char* text_of(const ReasonText (&table)[N], Reason r) {
    for (const auto& e : table)
        if (e.reason == r)
            return e.text;
    return "";
}

}  // namespace

const char* message(Reason r) {
    return text_of(kReasonTexts, r);
}

const char* claim_kind_label(std::string_view kind) {
    if (kind == "inpatient")
        return "入院";
    if (kind == "outpatient")
        return "外来";
    if (kind == "dental")
        return "歯科";
    if (kind == "pharmacy")
        return "調剤";
    return "";
}

const char* benefit_kind_label(std::string_view kind) {
    static constexpr std::pair<std::string_view, const char*> kLabels[] = {
        {"high_cost", "高額療養費"},
        {"additional", "付加金"},
        {"sickness", "傷病手当金"},
        {"maternity", "出産手当金"},
        {"childbirth", "出産育児一時金"},
        {"medical_cost", "療養費"},
        {"funeral", "埋葬料"},
        {"other", "その他"}};
    for (const auto& [name, label] : kLabels)
        if (name == kind)
            return label;
    return "";
}

const char* relationship_label(std::string_view relationship) {
    if (relationship == "self")
        return "本人";
    if (relationship == "spouse")
        return "配偶者";
    if (relationship == "child")
        return "子";
    if (relationship == "parent")
        return "父母";
    if (relationship == "other")
        return "その他";
    return "";
}

const char* expenses_csv_header() {
    return "診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名";
}

std::string japanese_date(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
        return std::string(iso);
    auto number = [&](std::size_t at, std::size_t len) {
        std::string digits(iso.substr(at, len));
        while (digits.size() > 1 && digits[0] == '0')
            digits.erase(0, 1);
        return digits;
    };
    return number(0, 4) + "年" + number(5, 2) + "月" + number(8, 2) + "日";
}

const char* title(Screen s) {
    switch (s) {
    case Screen::Login:
        return "ログイン";
    case Screen::Menu:
        return "メインメニュー";
    case Screen::Verify:
        return "本人情報の確認";
    case Screen::Terms:
        return "KOSMO Communication Web利用規約";
    case Screen::Register:
        return "本IDとパスワードの登録";
    case Screen::Confirm:
        return "入力内容の確認";
    case Screen::Done:
        return "登録完了";
    case Screen::Expenses:
        return "医療費情報";
    case Screen::ExpensesPrint:
        return "医療費のお知らせ";
    case Screen::Eligibility:
        return "資格情報";
    case Screen::Benefits:
        return "給付金のお知らせ";
    case Screen::BenefitNotice:
        return "給付金支給決定通知書";
    case Screen::Settings:
        return "登録情報の変更";
    case Screen::EmailConfirm:
        return "メールアドレスの確認";
    case Screen::ForgotPassword:
        return "パスワードを忘れた方";
    case Screen::ResetPassword:
        return "パスワードの再設定";
    case Screen::ForgotUserId:
        return "ユーザIDを忘れた方";
    case Screen::PasswordExpired:
        return "パスワードの有効期限が切れています";
    case Screen::NewTerms:
        return "利用規約改定のご確認";
    case Screen::SecondFactor:
        return "確認コードの入力";
    case Screen::RecoveryLogin:
        return "リカバリーコードの入力";
    case Screen::AppSetup:
        return "認証アプリの設定";
    case Screen::RecoveryCodes:
        return "リカバリーコード";
    }
    return "";
}

const char* operator_message(Reason r) {
    return text_of(kOperatorTexts, r);
}

const char* to_login_text() {
    return "ログイン画面へ";
}

namespace {

// Each says what to do next. 414 and 501 only nginx answers (its own
// pages, made from these by tools/error-pages.cc); 429 nginx (its rate) and
// the login (one address holding its share of the password hashing).
constexpr HttpErrorText kHttpErrorTexts[] = {
    {400, "リクエストを処理できませんでした",
     "送信された内容を正しく受け取れませんでした。お手数ですが、ログイン画面からもう一度操作してください。"},
    {403, "もう一度操作してください",
     "画面を開いてから時間が経ったか、別の画面で操作されたため、この操作を受け付けられませんでした。"
     "お手数ですが、ログイン画面に戻ってもう一度操作してください。"},
    {404, "ページが見つかりません",
     "お探しのページは見つかりませんでした。アドレスに誤りがないかご確認いただくか、"
     "下の「ログイン画面へ」ボタンからお進みください。"},
    {405, "この操作はできません",
     "この画面では、その方法での操作を受け付けていません。ログイン画面からもう一度操作してください。"},
    {413, "送信内容が大きすぎます",
     "送信された内容が大きすぎるため、受け付けられませんでした。入力内容をご確認のうえ、"
     "ログイン画面からもう一度お試しください。"},
    {414, "アドレスが長すぎます",
     "アドレス(URL)が長すぎるため、受け付けられませんでした。下の「ログイン画面へ」ボタンからお進みください。"},
    {415, "送信の形式が正しくありません",
     "この形式の送信は受け付けていません。画面のボタンから送信してください。"},
    {429, "しばらくお待ちください",
     "短い時間に続けて送信されたため、受け付けを一時的に止めています。"
     "しばらく時間をおいてから、もう一度お試しください。"},
    {500, "エラーが発生しました",
     "申し訳ありません。システムでエラーが発生しました。入力された内容は登録されていないことがあります。"
     "しばらくしてから、ログイン画面からもう一度お試しください。"},
    {501, "この操作には対応していません",
     "送信された内容の形式に対応していないため、受け付けられませんでした。"
     "画面のボタンから、もう一度操作してください。"},
    {503, "ただいまご利用いただけません",
     "ただいま混み合っているか、メンテナンス中です。しばらくしてから再度お試しください。"},
};

static_assert(std::size(kHttpErrorTexts) == std::size(kHttpErrorStatuses),
              "kHttpErrorStatuses lists every status of kHttpErrorTexts");

const HttpErrorText* find_http_error_text(int status) {
    for (const HttpErrorText& t : kHttpErrorTexts)
        if (t.status == status)
            return &t;
    return nullptr;
}

struct FieldLabel {
    const char* id;
    const char* label;
};

constexpr FieldLabel kFieldLabels[] = {
    {"user_id", "ユーザID"},
    {"password", "パスワード"},
    {"password_confirm", "パスワード確認用"},
    {"email", "メールアドレス"},
    {"insurer_number", "保険者番号"},
    {"birth_date", "生年月日"},
    {"agree", "利用規約"},
    {"current_password", "現在のパスワード"},
    {"new_email", "新しいメールアドレス"},
    {"email_current_password", "現在のパスワード"},
    {"new_password", "新しいパスワード"},
    {"new_password_confirm", "新しいパスワード確認用"},
    {"code", "確認コード"},
    {"recovery_code", "リカバリーコード"},
    {"app_code", "認証アプリの確認コード"},
    {"remove_password", "現在のパスワード"},
    {"remove_code", "確認コード"},
};

}  // namespace

const HttpErrorText& http_error_text(int status) {
    if (const HttpErrorText* t = find_http_error_text(status))
        return *t;
    return *find_http_error_text(status >= 400 && status < 500 ? 400 : 500);
}

const char* field_label(std::string_view id) {
    for (const FieldLabel& f : kFieldLabels)
        if (id == f.id)
            return f.label;
    return nullptr;
}

}  // namespace kosmo
