// validate.cc: pure validators returning reason codes (no I/O, no messages)
#include "validate.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

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

// Decodes one UTF-8 sequence at S[I]; returns the code point and advances I,
// or -1 (and advances I by one byte) for an invalid, overlong or surrogate
// sequence.
long next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = std::uint8_t(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len;
    long cp;
    long min;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        ++i;
        return -1;
    }
    if (i + len > s.size()) {
        ++i;
        return -1;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = std::uint8_t(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return -1;
        }
        cp = cp << 6 | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return -1;
    }
    i += len;
    return cp;
}

bool is_control(long cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Valid UTF-8 without control characters; counts the code points.
bool clean_text(std::string_view s, std::size_t* chars) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const long cp = next_code_point(s, i);
        if (cp < 0 || is_control(cp))
            return false;
        ++n;
    }
    if (chars)
        *chars = n;
    return true;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_ascii_digit); }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
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
    std::size_t b = 0, e = out.size();
    while (b < e && is_ascii_space(out[b]))
        ++b;
    while (e > b && is_ascii_space(out[e - 1]))
        --e;
    return out.substr(b, e - b);
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
    if (year < 1900 || month < 1 || month > 12 || day < 1)
        return Reason::BirthDateInvalid;
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int max_day = month == 2 && leap ? 29 : days_in_month[month - 1];
    if (day > max_day)
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
    std::size_t chars = 0;
    if (!clean_text(password, &chars))
        return Reason::InvalidText;
    // The minimum counts characters (what the member sees), the maximum bytes.
    if (chars < kMinPasswordChars)
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
    std::string lower(password);
    std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
    const auto first = std::begin(kCommonPasswords), last = std::end(kCommonPasswords);
    const auto it = std::lower_bound(first, last, lower, [](const char* entry, const std::string& key) {
        return std::strcmp(entry, key.c_str()) < 0;
    });
    return it != last && lower == *it;
}

}  // namespace kosmo
