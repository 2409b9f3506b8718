// validate.h: pure validators returning reason codes (no I/O, no messages)
#ifndef KOSMO_VALIDATE_H
#define KOSMO_VALIDATE_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// Every expected outcome a member can meet. The Japanese text of each lives
// only in messages.cc.
enum class Reason {
    Ok,
    // generic field problems
    Required,
    InvalidText,  // invalid UTF-8, control characters, NUL
    TooLong,      // longer than any accepted value
    // step 1
    LoginFailed,  // wrong ID or password, unknown ID, or locked: one message
    // step 2
    InsurerNumberFormat,  // not 8 digits
    InsurerNumberCheckDigit,
    BirthDateFormat,   // not 8 digits
    BirthDateInvalid,  // not a calendar date (or before 1900)
    BirthDateFuture,
    ConsentRequired,
    IdentityMismatch,  // well-formed but not this member: does not say which
    IdentityLocked,    // too many mismatches: ask the society
    // step 3
    UserIdLength,  // not 8..13 characters
    UserIdChars,   // not half-width letters and digits
    UserIdTaken,
    PasswordLength,   // fewer than 8 characters
    PasswordTooLong,  // more than 128 characters
    PasswordLetterAndDigit,
    PasswordEqualsUserId,
    PasswordEqualsTemporary,
    PasswordTooCommon,
    PasswordConfirmMismatch,
    EmailInvalid,
    EmailCompanyDomain,  // an employee must use a company domain
    AlreadyRegistered,
    // at the door (forgotten password and ID, required actions)
    PasswordSameAsCurrent,  // a new password must differ from the current one
    ResetLinkInvalid,       // used, expired or unknown link: one message
    PasswordExpired,        // the required action's notice
    // the portal's settings
    CurrentPasswordWrong,  // 現在のパスワード does not match (counts toward the lockout)
    EmailUnchanged,        // the new address is the current one
    EmailLinkInvalid,      // used, expired or unknown confirmation link: one message
    // the second factor (SPEC "二段階認証")
    CodeWrong,          // a mailed code or an app's code that does not match
    CodeSpent,          // the mailed code was used, replaced, expired or wrong 5 times
    CodeReplayed,       // an app's code already accepted once
    CodeMailLimit,      // 5 codes mailed within the hour
    FactorLocked,       // 5 wrong app or recovery codes in a row: the code step waits
    RecoveryCodeWrong,  // not an unused recovery code of the account
    // sessions and requests
    SessionExpired,
    CsrfFailed,
    // Not a reason: one past the last, so that a loop (test_messages.cc)
    // reaches every one. New reasons go above it.
    End,
};

// Member categories of the import CSV.
enum class Category { Employee, Overseas, Seconded, Leave, Voluntary };

// "employee" … "voluntary" -> Category; nullopt for anything else.
std::optional<Category> parse_category(std::string_view s);
const char* category_name(Category c);

// Maps full-width digits (０-９), letters (Ａ-Ｚ, ａ-ｚ), the full-width
// hyphen-minus and the ideographic space to ASCII, and trims ASCII and
// ideographic spaces at both ends. Anything else is kept as it is.
std::string normalize_input(std::string_view s);

// The check digit of the first seven digits of an insurer number (weights
// 2,1,2,1,2,1,2 from the left, digits of each product summed,
// (10 - sum % 10) % 10). PREFIX must be 7 ASCII digits.
int insurer_check_digit(std::string_view prefix7);

// Reason::Ok, Required, InsurerNumberFormat or InsurerNumberCheckDigit.
// S must already be normalized.
[[nodiscard]] Reason validate_insurer_number(std::string_view s);

// A date as YYYYMMDD -> days are checked against the calendar (leap years).
// TODAY is YYYYMMDD as an integer (e.g. 20261124).
// Reason::Ok, Required, BirthDateFormat, BirthDateInvalid or BirthDateFuture.
[[nodiscard]] Reason validate_birth_date(std::string_view s, int today);

// Reason::Ok, Required, UserIdLength or UserIdChars (8..13 of [A-Za-z0-9]).
[[nodiscard]] Reason validate_user_id(std::string_view s);

// Rules that need no database: Required, PasswordLength (< 8),
// PasswordTooLong (> 128 bytes), InvalidText (control chars or invalid
// UTF-8), PasswordLetterAndDigit (needs an ASCII letter and an ASCII digit),
// PasswordEqualsUserId (case-insensitive), PasswordTooCommon. The check
// against the temporary password is made by the caller with its hash.
[[nodiscard]] Reason validate_password(std::string_view password, std::string_view user_id);

// Reason::Ok or PasswordConfirmMismatch.
[[nodiscard]] Reason validate_password_confirm(std::string_view password, std::string_view confirm);

// Reason::Ok, Required, TooLong (> 254), EmailInvalid (one '@', a local part
// of printable ASCII without spaces, quotes or CR/LF, a domain of labels
// [A-Za-z0-9-] with a dot) or EmailCompanyDomain (employees only: the domain
// must equal one of COMPANY_DOMAINS, case-insensitive).
[[nodiscard]] Reason validate_email(std::string_view email, Category category,
                                    const std::vector<std::string>& company_domains);

// True when PASSWORD (case-insensitive) is on the shipped list of common
// passwords.
bool is_common_password(std::string_view password);

}  // namespace kosmo

#endif
