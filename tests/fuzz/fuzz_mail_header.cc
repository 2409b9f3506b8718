// fuzz_mail_header.cc: libFuzzer target for the mail header encoder (encode_rfc2047, compose_mail)
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "fuzz.h"
#include "mail.h"
#include "password.h"

namespace {

std::vector<std::string> lines_of(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto nl = s.find('\n', start);
        out.emplace_back(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    return out;
}

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

// Strict base64 (padding required), written here so as not to test the
// library's encoder with itself.
bool unbase64(std::string_view s, std::string& out) {
    if (s.size() % 4 != 0)
        return false;
    for (std::size_t i = 0; i < s.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s[i + k];
            if (c == '=' && i + 4 == s.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else if (pad > 0 || (v[k] = b64_value(c)) < 0) {
                return false;
            }
        }
        const unsigned n = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) |
                           unsigned(v[3]);
        out += char(n >> 16);
        if (pad < 2)
            out += char((n >> 8) & 0xff);
        if (pad < 1)
            out += char(n & 0xff);
    }
    return true;
}

// A header value as encode_rfc2047 writes it, decoded back: either the text
// as it was or encoded-words folded with "\n ". Each line <= LIMIT bytes.
bool decode_header(const std::string& encoded, std::string& text, std::size_t limit) {
    const auto lines = lines_of(encoded);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view word = lines[i];
        if (i > 0) {
            if (word.empty() || word[0] != ' ')
                return false;
            word.remove_prefix(1);
        }
        if (word.size() > limit)
            return false;
        const std::string_view head = "=?UTF-8?B?";
        if (word.substr(0, head.size()) != head || word.size() < head.size() + 2 ||
            word.substr(word.size() - 2) != "?=")
            return false;
        if (!unbase64(word.substr(head.size(), word.size() - head.size() - 2), text))
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string subject = in.ConsumeRandomLengthString(400);
    const std::string to = in.ConsumeRandomLengthString(100);
    const std::string site = in.ConsumeRandomLengthString(100);
    const std::string from = in.ConsumeRandomLengthString(60);
    const std::string body = in.ConsumeRemainingBytesAsString();

    // encode_rfc2047: the text as it is (printable ASCII, no "=?") or
    // encoded-words of at most 75 characters that decode to it exactly.
    const std::string encoded = kosmo::encode_rfc2047(subject);
    if (encoded == subject && subject.find("=?") == std::string::npos) {
        for (char c : subject)
            FUZZ_REQUIRE(static_cast<unsigned char>(c) >= 0x20 &&
                         static_cast<unsigned char>(c) <= 0x7e);
    } else {
        std::string decoded;
        FUZZ_REQUIRE(decode_header(encoded, decoded, 75));
        FUZZ_REQUIRE(decoded == subject);
    }

    // compose_mail: refuses any header value with CR, LF or NUL; otherwise
    // the header block holds exactly its nine headers (no value can start a
    // header of its own), each line within 998 bytes, and the base64 body
    // decodes to the body with CRLF line ends.
    kosmo::Config config;
    config.site_name = site;
    config.mail_from = from;
    kosmo::MailContent mail{to, subject, body};
    const std::string id = "<fuzz@example.jp>";
    const auto message = kosmo::compose_mail(config, mail, id, std::time_t(1700000000));
    const bool safe = kosmo::header_safe(to) && kosmo::header_safe(subject) &&
                      kosmo::header_safe(site) && kosmo::header_safe(from) && !to.empty();
    FUZZ_REQUIRE(message.has_value() == safe);
    if (!message)
        return 0;

    const auto split = message->find("\n\n");
    FUZZ_REQUIRE(split != std::string::npos);
    const auto head = lines_of(std::string_view(*message).substr(0, split));
    static const char* const names[] = {
        "From",          "To",           "Subject",      "Date",
        "Message-ID",    "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "Auto-Submitted"};
    std::size_t n = 0;
    for (const auto& line : head) {
        FUZZ_REQUIRE(line.size() <= 998 && line.find('\r') == std::string::npos &&
                     line.find('\0') == std::string::npos);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
            continue;  // a folded continuation of the header above
        FUZZ_REQUIRE(n < std::size(names));
        const std::string name = names[n++];
        FUZZ_REQUIRE(line.compare(0, name.size() + 2, name + ": ") == 0);
    }
    FUZZ_REQUIRE(n == std::size(names));

    std::string canonical;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r'))
            canonical += '\r';
        canonical += body[i];
    }
    std::string b64;
    for (const auto& line : lines_of(std::string_view(*message).substr(split + 2))) {
        FUZZ_REQUIRE(line.size() <= 76);
        b64 += line;
    }
    std::string decoded;
    FUZZ_REQUIRE(unbase64(b64, decoded) && decoded == canonical);
    return 0;
}
