// mail.cc: a mail's composition: RFC 2047 header words, the base64 body,
// the Date and Message-ID headers
#include "mail.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "password.h"
#include "text.h"

namespace kosmo {

namespace {

// 42 bytes of UTF-8 make 56 base64 characters and a 68-character word, so
// even the first line ("Subject: " + word) stays within 78 characters.
constexpr std::size_t kWordBytes = 42;

std::string encode_words(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t end = i;
        while (end < s.size()) {
            const std::size_t n =
                std::min(utf8_sequence_length(std::uint8_t(s[end])), s.size() - end);
            if (end - i + n > kWordBytes)
                break;
            end += n;
        }
        if (!out.empty())
            out += "\n ";  // folding: LF plus a space continues the header
        out += "=?UTF-8?B?" + base64(s.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

// A phrase (display name) that needs neither quoting nor encoding.
bool plain_phrase(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!(std::isalnum(std::uint8_t(c)) && std::uint8_t(c) < 0x80) &&
            (c == '\0' || !std::strchr(" !#$%&'*+-/=?^_`{|}~", c)))
            return false;
    return true;
}

std::string rfc5322_date(std::time_t t) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&t, &tm);
    // Names from tables, not strftime: the server's locale must not leak in.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string from_domain(const Config& config) {
    const auto at = config.mail_from.rfind('@');
    if (at == std::string::npos || at + 1 == config.mail_from.size())
        return "localhost";
    return config.mail_from.substr(at + 1);
}

}  // namespace

bool header_safe(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string encode_rfc2047(std::string_view s) {
    bool plain = s.find("=?") == std::string_view::npos;
    for (char c : s)
        if (std::uint8_t(c) < 0x20 || std::uint8_t(c) > 0x7e)
            plain = false;
    return plain ? std::string(s) : encode_words(s);
}

std::optional<std::string> compose_mail(const Config& config, const MailContent& mail,
                                        std::string_view message_id, std::time_t date) {
    if (!header_safe(mail.to) || !header_safe(mail.subject) || !header_safe(message_id) ||
        !header_safe(config.mail_from) || !header_safe(config.site_name) || mail.to.empty())
        return std::nullopt;

    std::string from = config.mail_from;
    if (!config.site_name.empty()) {
        // The site name as display name: plain when it can stand bare,
        // encoded otherwise (quoting rules are easier to get wrong).
        const std::string name =
            plain_phrase(config.site_name) ? config.site_name : encode_words(config.site_name);
        from = name + " <" + config.mail_from + ">";
    }

    // text/plain is canonically CRLF before base64 (RFC 2045); the headers
    // keep LF, which sendmail turns into CRLF itself.
    std::string canonical;
    canonical.reserve(mail.body.size() + mail.body.size() / 32);
    for (std::size_t i = 0; i < mail.body.size(); ++i) {
        if (mail.body[i] == '\n' && (i == 0 || mail.body[i - 1] != '\r'))
            canonical += '\r';
        canonical += mail.body[i];
    }
    const std::string encoded = base64(canonical);

    std::string m;
    m.reserve(encoded.size() + encoded.size() / 76 + 512);
    m += "From: " + from + "\n";
    m += "To: " + mail.to + "\n";
    m += "Subject: " + encode_rfc2047(mail.subject) + "\n";
    m += "Date: " + rfc5322_date(date) + "\n";
    m += "Message-ID: " + std::string(message_id) + "\n";
    m += "MIME-Version: 1.0\n";
    m += "Content-Type: text/plain; charset=UTF-8\n";
    m += "Content-Transfer-Encoding: base64\n";
    // An automatic mail: vacation responders should not answer it (RFC 3834).
    m += "Auto-Submitted: auto-generated\n";
    m += "\n";
    for (std::size_t i = 0; i < encoded.size(); i += 76)
        m += encoded.substr(i, 76) + "\n";
    return m;
}

std::string new_message_id(const Config& config) {
    return "<" + random_token(18) + "@" + from_domain(config) + ">";
}

}  // namespace kosmo
