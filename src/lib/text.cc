// text.cc: UTF-8 decoding and checks, trimming, ASCII case, the society's
// calendar: the one copy
#include "text.h"

#include <cstdint>

namespace kosmo {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

bool is_space(char c, Spaces which) {
    if (c == ' ' || c == '\t')
        return true;
    return which == Spaces::Ascii && (c == '\r' || c == '\n' || c == '\v' || c == '\f');
}

// The length of the space at the front of S (0 when there is none).
std::size_t leading_space(std::string_view s, Spaces which) {
    if (s.empty())
        return 0;
    if (is_space(s.front(), which))
        return 1;
    if (which == Spaces::Wide && s.substr(0, 3) == kIdeographicSpace)
        return 3;
    return 0;
}

// The length of the space at the end of S (0 when there is none).
std::size_t trailing_space(std::string_view s, Spaces which) {
    if (s.empty())
        return 0;
    if (is_space(s.back(), which))
        return 1;
    if (which == Spaces::Wide && s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace)
        return 3;
    return 0;
}

}  // namespace

long next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = std::uint8_t(s[i]);
    std::size_t len;
    long cp, min;
    if (b0 < 0x80) {
        len = 1, cp = b0, min = 0;
    } else if ((b0 & 0xE0) == 0xC0) {
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

std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0)
        return lead < 0xF8 ? 4 : 1;
    if (lead >= 0xE0)
        return 3;
    if (lead >= 0xC0)
        return 2;
    return 1;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (next_code_point(s, i) < 0)
            return false;
    return true;
}

bool is_control(long cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

long clean_length(std::string_view s) {
    long chars = 0;
    for (std::size_t i = 0; i < s.size(); ++chars) {
        const long cp = next_code_point(s, i);
        if (cp < 0 || is_control(cp))
            return -1;
    }
    return chars;
}

std::string fit_utf8(std::string_view s, std::size_t max_chars) {
    std::string out;
    for (std::size_t i = 0, chars = 0; i < s.size() && chars < max_chars; ++chars) {
        const std::size_t start = i;
        const long cp = next_code_point(s, i);
        if (cp <= 0)
            out += '?';  // an invalid byte, or a NUL that would end the value in C
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

std::string_view trim(std::string_view s, Spaces which) {
    while (const std::size_t n = leading_space(s, which))
        s.remove_prefix(n);
    while (const std::size_t n = trailing_space(s, which))
        s.remove_suffix(n);
    return s;
}

std::vector<std::string_view> pieces_of(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find(separator, pos);
        if (end == std::string_view::npos)
            end = text.size();
        pieces.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return pieces;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    return pieces_of(text, '\n');
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

bool is_calendar_date(int year, int month, int day) {
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= (month == 2 && leap ? 29 : days_in_month[month - 1]);
}

int japan_date(std::time_t now) {
    // Japan has kept UTC+9 all year since 1951: a fixed offset on UTC is
    // exact, and no time zone database or TZ setting can change it.
    const std::time_t shifted = now + 9 * 3600;
    std::tm tm{};
    gmtime_r(&shifted, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int today_in_japan() {
    return japan_date(std::time(nullptr));
}

std::string masked_address(std::string_view address) {
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0)
        return "***";
    // The first character whole, even when it is not ASCII.
    std::size_t first = 1;
    while (first < at && (static_cast<unsigned char>(address[first]) & 0xC0) == 0x80)
        ++first;
    return std::string(address.substr(0, first)) + "***" + std::string(address.substr(at));
}

}  // namespace kosmo
