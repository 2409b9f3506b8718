// messages.cc: reason code -> Japanese text (the one table), and its English
// variant for the operator
#include "messages.h"

namespace kosmo {

const char* message(Reason r) {
    // No default: the compiler (-Wswitch -Werror) refuses a new Reason
    // without its text here.
    switch (r) {
    case Reason::Ok:
        return "";
    case Reason::Required:
        return "入力してください。";
    case Reason::InvalidText:
        return "使用できない文字が含まれています。入力し直してください。";
    case Reason::TooLong:
        return "入力が長すぎます。内容をご確認ください。";
    case Reason::LoginFailed:
        // One text for a wrong ID, a wrong password and a locked ID, so the
        // page never tells which.
        return "ユーザIDまたはパスワードが正しくありません。"
               "続けて間違えると、しばらくログインできなくなります。";
    case Reason::InsurerNumberFormat:
        return "保険者番号は8桁の数字で入力してください。";
    case Reason::InsurerNumberCheckDigit:
        return "保険者番号が正しくありません。健康保険証または「WEBサービスのご案内」の"
               "最下段に記載されている番号をご確認ください。";
    case Reason::BirthDateFormat:
        return "生年月日は8桁の数字で入力してください(例: 19800123)。";
    case Reason::BirthDateInvalid:
        return "生年月日が正しくありません。西暦の年・月・日を8桁で入力してください"
               "(例: 19800123)。";
    case Reason::BirthDateFuture:
        return "生年月日に今日より後の日付は入力できません。ご自身の生年月日を入力してください。";
    case Reason::ConsentRequired:
        return "KOSMO Communication Web利用規約をご確認のうえ、「同意する」にチェックを"
               "付けてください。";
    case Reason::IdentityMismatch:
        return "入力された保険者番号または生年月日が登録内容と一致しません。"
               "ご確認のうえ、もう一度入力してください。";
    case Reason::IdentityLocked:
        return "本人情報の確認に続けて失敗したため、手続きを停止しました。"
               "健康保険組合にお問い合わせください。";
    case Reason::UserIdLength:
        return "ユーザIDは8桁以上、13桁以内で入力してください。";
    case Reason::UserIdChars:
        return "ユーザIDは半角英数字で入力してください。";
    case Reason::UserIdTaken:
        return "このユーザIDはすでに使われています。別のユーザIDを入力してください。";
    case Reason::PasswordLength:
        return "パスワードは8桁以上で入力してください。";
    case Reason::PasswordTooLong:
        return "パスワードが長すぎます。128文字以内で入力してください。";
    case Reason::PasswordLetterAndDigit:
        return "パスワードは英字と数字をそれぞれ1文字以上使用してください。";
    case Reason::PasswordEqualsUserId:
        return "ユーザIDと同じパスワードは使用できません。別のパスワードを入力してください。";
    case Reason::PasswordEqualsTemporary:
        return "仮パスワードと同じパスワードは使用できません。別のパスワードを入力してください。";
    case Reason::PasswordTooCommon:
        return "このパスワードは推測されやすいため使用できません。"
               "別のパスワードを入力してください。";
    case Reason::PasswordConfirmMismatch:
        return "パスワード確認用がパスワードと一致しません。同じパスワードを入力してください。";
    case Reason::EmailInvalid:
        return "メールアドレスの形式が正しくありません。半角で入力してください"
               "(例: taro@example.jp)。";
    case Reason::EmailCompanyDomain:
        return "従業員の方は会社のメールアドレスを登録してください。";
    case Reason::AlreadyRegistered:
        return "本登録はすでに完了しています。登録したユーザIDとパスワードでログインしてください。";
    case Reason::SessionExpired:
        return "一定時間操作がなかったため、ログインし直してください。";
    case Reason::CsrfFailed:
        return "画面の有効期限が切れたか、正しくない操作が行われました。"
               "お手数ですが、もう一度はじめから操作してください。";
    }
    return "";
}

const char* operator_message(Reason r) {
    // No default, as above: a new Reason needs its operator text too.
    switch (r) {
    case Reason::Ok:
        return "";
    case Reason::Required:
        return "is empty";
    case Reason::InvalidText:
        return "contains control characters or invalid UTF-8";
    case Reason::TooLong:
        return "is too long";
    case Reason::LoginFailed:
        return "does not log in";
    case Reason::InsurerNumberFormat:
        return "is not 8 digits";
    case Reason::InsurerNumberCheckDigit:
        return "has a wrong check digit";
    case Reason::BirthDateFormat:
        return "is not 8 digits (YYYYMMDD)";
    case Reason::BirthDateInvalid:
        return "is not a calendar date";
    case Reason::BirthDateFuture:
        return "is in the future";
    case Reason::ConsentRequired:
        return "lacks the consent to the terms";
    case Reason::IdentityMismatch:
        return "does not match the member";
    case Reason::IdentityLocked:
        return "is locked after too many failed identity checks";
    case Reason::UserIdLength:
        return "is not 8 to 13 characters";
    case Reason::UserIdChars:
        return "is not half-width letters and digits";
    case Reason::UserIdTaken:
        return "is taken already";
    case Reason::PasswordLength:
        return "is shorter than 8 characters";
    case Reason::PasswordTooLong:
        return "is longer than 128 bytes";
    case Reason::PasswordLetterAndDigit:
        return "lacks a letter or a digit";
    case Reason::PasswordEqualsUserId:
        return "equals the user ID";
    case Reason::PasswordEqualsTemporary:
        return "equals the temporary password";
    case Reason::PasswordTooCommon:
        return "is too common";
    case Reason::PasswordConfirmMismatch:
        return "does not match its confirmation";
    case Reason::EmailInvalid:
        return "is not a mail address";
    case Reason::EmailCompanyDomain:
        return "is not at a company domain";
    case Reason::AlreadyRegistered:
        return "is registered already";
    case Reason::SessionExpired:
        return "has an expired session";
    case Reason::CsrfFailed:
        return "failed the CSRF check";
    }
    return "";
}

}  // namespace kosmo
