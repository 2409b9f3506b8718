// validate.cc: pure validators returning reason codes (no I/O, no messages)
#include "validate.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "text.h"

namespace kosmo {

namespace {

// Fixed-width rows rather than pointers: an array of 11,000 pointers needs as
// many load-time relocations, which every binary paid at start in resident
// memory (~370 KiB) whether it checks passwords or not. A longer entry is a
// compile error ("initializer-string is too long").
const char kCommonPasswords[][32] = {
#include "common-passwords.inc"
};

constexpr std::size_t kMaxPasswordBytes = 128;
constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxEmailBytes = 254;

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// atext of RFC 5322 plus '.', without the quote '"'. Dots may stand anywhere:
// older Japanese mobile addresses ("taro..yamada.@…") break the RFC's dot
// rules and are still in use.
bool is_local_char(char c) {
    // c != '\0': strchr finds the terminator, and a NUL would pass into the
    // mail's To header (found by tests/fuzz/fuzz_validators.cc).
    return is_ascii_letter(c) || is_ascii_digit(c) ||
           (c != '\0' && std::strchr(".!#$%&'*+-/=?^_`{|}~", c));
}

bool valid_domain(std::string_view d) {
    if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos)
        return false;
    std::size_t start = 0;
    bool last_has_letter = false;
    while (true) {
        const auto dot = d.find('.', start);
        const auto label = d.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        last_has_letter = false;
        for (char c : label) {
            if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '-')
                return false;
            if (is_ascii_letter(c))
                last_has_letter = true;
        }
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    // A top-level label of digits only would be an IP address, not a domain.
    return last_has_letter;
}

}  // namespace

std::optional<Category> parse_category(std::string_view s) {
    if (s == "employee")
        return Category::Employee;
    if (s == "overseas")
        return Category::Overseas;
    if (s == "seconded")
        return Category::Seconded;
    if (s == "leave")
        return Category::Leave;
    if (s == "voluntary")
        return Category::Voluntary;
    return std::nullopt;
}

const char* category_name(Category c) {
    switch (c) {
    case Category::Employee:
        return "employee";
    case Category::Overseas:
        return "overseas";
    case Category::Seconded:
        return "seconded";
    case Category::Leave:
        return "leave";
    case Category::Voluntary:
        return "voluntary";
    }
    return "unknown";
}

std::string normalize_input(std::string_view s) {
    // Japanese input methods often leave full-width forms on; members should
    // not have to know the difference for digits, letters and hyphens. The
    // hyphen-like characters mapped are U+2010..U+2015 (hyphens and dashes),
    // U+2212 (minus) and U+FF0D (full-width hyphen-minus); U+30FC (the long
    // vowel mark) is a real character of katakana words and is left alone.
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const long cp = next_code_point(s, i);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            out += char('0' + (cp - 0xFF10));
        else if (cp >= 0xFF21 && cp <= 0xFF3A)
            out += char('A' + (cp - 0xFF21));
        else if (cp >= 0xFF41 && cp <= 0xFF5A)
            out += char('a' + (cp - 0xFF41));
        else if (cp == 0xFF0D || cp == 0x2212 || (cp >= 0x2010 && cp <= 0x2015))
            out += '-';
        else if (cp == 0x3000)
            out += ' ';
        else
            out.append(s.substr(start, i - start));  // kept byte for byte, even if invalid
    }
    // The ideographic space became ' ' above, so one trim covers both.
    return std::string(trim(out, Spaces::Ascii));
}

int insurer_check_digit(std::string_view prefix7) {
    if (prefix7.size() != 7 || !all_digits(prefix7))
        return -1;
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        const int product = (prefix7[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += product / 10 + product % 10;
    }
    return (10 - sum % 10) % 10;
}

Reason validate_insurer_number(std::string_view s) {
    if (s.empty())
        return Reason::Required;
    if (s.size() != 8 || !all_digits(s))
        return Reason::InsurerNumberFormat;
    if (insurer_check_digit(s.substr(0, 7)) != s[7] - '0')
        return Reason::InsurerNumberCheckDigit;
    return Reason::Ok;
}

Reason validate_birth_date(std::string_view s, int today) {
    if (s.empty())
        return Reason::Required;
    if (s.size() != 8 || !all_digits(s))
        return Reason::BirthDateFormat;
    int value = 0;
    for (char c : s)
        value = value * 10 + (c - '0');
    const int year = value / 10000, month = value / 100 % 100, day = value % 100;
    if (year < 1900 || !is_calendar_date(year, month, day))
        return Reason::BirthDateInvalid;
    if (value > today)
        return Reason::BirthDateFuture;
    return Reason::Ok;
}

Reason validate_user_id(std::string_view s) {
    if (s.empty())
        return Reason::Required;
    for (char c : s)
        if (!is_ascii_letter(c) && !is_ascii_digit(c))
            return Reason::UserIdChars;
    if (s.size() < 8 || s.size() > 13)
        return Reason::UserIdLength;
    return Reason::Ok;
}

Reason validate_password(std::string_view password, std::string_view user_id) {
    if (password.empty())
        return Reason::Required;
    if (password.size() > kMaxPasswordBytes)
        return Reason::PasswordTooLong;
    const long chars = clean_length(password);
    if (chars < 0)
        return Reason::InvalidText;
    // The minimum counts characters (what the member sees), the maximum bytes.
    if (std::size_t(chars) < kMinPasswordChars)
        return Reason::PasswordLength;
    if (std::none_of(password.begin(), password.end(), is_ascii_letter) ||
        std::none_of(password.begin(), password.end(), is_ascii_digit))
        return Reason::PasswordLetterAndDigit;
    if (!user_id.empty() && iequals(password, user_id))
        return Reason::PasswordEqualsUserId;
    if (is_common_password(password))
        return Reason::PasswordTooCommon;
    return Reason::Ok;
}

Reason validate_password_confirm(std::string_view password, std::string_view confirm) {
    return password == confirm ? Reason::Ok : Reason::PasswordConfirmMismatch;
}

Reason validate_email(std::string_view email, Category category,
                      const std::vector<std::string>& company_domains) {
    if (email.empty())
        return Reason::Required;
    if (email.size() > kMaxEmailBytes)
        return Reason::TooLong;
    const auto at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
        return Reason::EmailInvalid;
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    if (local.empty() || local.size() > 64 ||
        !std::all_of(local.begin(), local.end(), is_local_char))
        return Reason::EmailInvalid;
    if (!valid_domain(domain))
        return Reason::EmailInvalid;
    if (category == Category::Employee && !company_domains.empty()) {
        const bool ours = std::any_of(company_domains.begin(), company_domains.end(),
                                      [&](const std::string& d) { return iequals(d, domain); });
        if (!ours)
            return Reason::EmailCompanyDomain;
    }
    return Reason::Ok;
}

bool is_common_password(std::string_view password) {
    const std::string lower = ascii_lower(password);
    const auto first = std::begin(kCommonPasswords), last = std::end(kCommonPasswords);
    const auto it =
        std::lower_bound(first, last, lower, [](const char* entry, const std::string& key) {
            return std::strcmp(entry, key.c_str()) < 0;
        });
    return it != last && lower == *it;
}

}  // namespace kosmo
