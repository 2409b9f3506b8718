// test_mail.cc: a mail's composition: RFC 2047 words, the headers, the
// base64 body, Message-IDs
#include <boost/test/unit_test.hpp>

#include <ctime>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "mail.h"
#include "password.h"
#include "text.h"

using namespace kosmo;

namespace {

// Decodes a header value made of encoded-words separated by folding.
std::string decode_words(const std::string& value) {
    std::string out;
    std::size_t pos = 0;
    while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
        const auto end = value.find("?=", pos + 10);
        BOOST_REQUIRE(end != std::string::npos);
        auto bytes = base64_decode(value.substr(pos + 10, end - pos - 10));
        BOOST_REQUIRE(bytes.has_value());
        out += *bytes;
        pos = end + 2;
    }
    return out;
}

std::vector<std::string> words_of(const std::string& value) {
    std::vector<std::string> words;
    std::istringstream in(value);
    std::string w;
    while (in >> w)
        words.push_back(w);
    return words;
}

// The header block and body of MESSAGE.
std::pair<std::string, std::string> split_message(const std::string& message) {
    const auto blank = message.find("\n\n");
    BOOST_REQUIRE(blank != std::string::npos);
    return {message.substr(0, blank + 1), message.substr(blank + 2)};
}

// Value of header NAME, with its folded continuation lines.
std::string header(const std::string& headers, const std::string& name) {
    const auto start = headers.find("\n" + name + ": ") != std::string::npos
                           ? headers.find("\n" + name + ": ") + 1
                           : (headers.rfind(name + ": ", 0) == 0 ? 0 : std::string::npos);
    if (start == std::string::npos)
        return "";
    std::size_t end = start;
    do {
        end = headers.find('\n', end + 1);
    } while (end != std::string::npos && end + 1 < headers.size() && headers[end + 1] == ' ');
    return headers.substr(start + name.size() + 2, end - start - name.size() - 2);
}

Config test_config() {
    Config c;
    c.mail_from = "webmaster@kosmoweb.jp";
    c.site_name = "KOSMO Communication Web";
    return c;
}

MailContent test_mail() {
    return {"taro@example.co.jp", "【KOSMO Communication Web】手続き完了のお知らせ",
            "山田 太郎 様\n\n本登録が完了しました。\nユーザID: yamada2024\n"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail)

BOOST_AUTO_TEST_CASE(header_safety) {
    BOOST_TEST(header_safe("taro@example.jp"));
    BOOST_TEST(header_safe("日本語の件名"));
    BOOST_TEST(header_safe(""));
    BOOST_TEST(!header_safe("a\rb"));
    BOOST_TEST(!header_safe("a\nb"));
    BOOST_TEST(!header_safe(std::string("a\0b", 3)));
}

BOOST_AUTO_TEST_CASE(rfc2047_plain_ascii_unchanged) {
    BOOST_TEST(encode_rfc2047("Registration complete") == "Registration complete");
    BOOST_TEST(encode_rfc2047("") == "");
    // Text that looks like an encoded word must not pass as one.
    BOOST_TEST(encode_rfc2047("=?UTF-8?B?x?=").rfind("=?UTF-8?B?", 0) == 0u);
    BOOST_TEST(decode_words(encode_rfc2047("=?UTF-8?B?x?=")) == "=?UTF-8?B?x?=");
    BOOST_TEST(decode_words(encode_rfc2047("tab\there")) == "tab\there");
}

BOOST_AUTO_TEST_CASE(rfc2047_japanese_round_trip) {
    for (const std::string& s :
         {std::string("手続き完了のお知らせ"),
          std::string("【KOSMO Communication Web】手続き完了のお知らせ"),
          std::string(200, 'x') + "é",
          std::string("🎉絵文字😀と漢字とカナカナ") + std::string(60, 'a'), std::string("あ")}) {
        const std::string enc = encode_rfc2047(s);
        BOOST_TEST(header_safe(enc.substr(0, enc.find('\n'))));
        BOOST_TEST(decode_words(enc) == s);
        for (const auto& w : words_of(enc)) {
            BOOST_TEST(w.size() <= 75u, w);
            BOOST_TEST(w.rfind("=?UTF-8?B?", 0) == 0u);
            // Each word holds whole characters.
            BOOST_TEST(is_valid_utf8(*base64_decode(w.substr(10, w.size() - 12))), w);
        }
        // Folded lines are continuation lines.
        for (std::size_t p = enc.find('\n'); p != std::string::npos; p = enc.find('\n', p + 1))
            BOOST_TEST(enc[p + 1] == ' ');
    }
    BOOST_TEST(words_of(encode_rfc2047(std::string(300, 'a') + "\n")).size() > 4u);
}

BOOST_AUTO_TEST_CASE(compose_has_every_header) {
    const Config c = test_config();
    const MailContent m = test_mail();
    const std::time_t date = 1732406400;  // 2024-11-24 00:00:00 UTC, a Sunday
    auto msg = compose_mail(c, m, "<abc@kosmoweb.jp>", date);
    BOOST_REQUIRE(msg.has_value());
    BOOST_TEST(msg->find('\r') == std::string::npos);
    const auto [headers, body] = split_message(*msg);
    BOOST_TEST(header(headers, "From") == "KOSMO Communication Web <webmaster@kosmoweb.jp>");
    BOOST_TEST(header(headers, "To") == "taro@example.co.jp");
    BOOST_TEST(decode_words(header(headers, "Subject")) == m.subject);
    BOOST_TEST(header(headers, "Date") == "Sun, 24 Nov 2024 00:00:00 +0000");
    BOOST_TEST(header(headers, "Message-ID") == "<abc@kosmoweb.jp>");
    BOOST_TEST(header(headers, "MIME-Version") == "1.0");
    BOOST_TEST(header(headers, "Content-Type") == "text/plain; charset=UTF-8");
    BOOST_TEST(header(headers, "Content-Transfer-Encoding") == "base64");
    // Headers are ASCII.
    for (char ch : headers)
        BOOST_TEST((static_cast<unsigned char>(ch) < 0x80));

    std::string b64;
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
        BOOST_TEST(line.size() <= 76u);
        b64 += line;
    }
    auto text = base64_decode(b64);
    BOOST_REQUIRE(text.has_value());
    // Canonical text form: CRLF line ends inside the base64.
    BOOST_TEST(*text == "山田 太郎 様\r\n\r\n本登録が完了しました。\r\nユーザID: yamada2024\r\n");
}

BOOST_AUTO_TEST_CASE(compose_from_without_display_name) {
    Config c = test_config();
    c.site_name = "";
    auto msg = compose_mail(c, test_mail(), "<x@y>", 0);
    BOOST_REQUIRE(msg.has_value());
    BOOST_TEST(header(split_message(*msg).first, "From") == "webmaster@kosmoweb.jp");
    BOOST_TEST(header(split_message(*msg).first, "Date") == "Thu, 01 Jan 1970 00:00:00 +0000");
    c.site_name = "サンプル健康保険組合 (KOSMO)";
    msg = compose_mail(c, test_mail(), "<x@y>", 0);
    BOOST_REQUIRE(msg.has_value());
    const std::string from = header(split_message(*msg).first, "From");
    BOOST_TEST(decode_words(from) == c.site_name);
    BOOST_TEST(from.substr(from.size() - 23) == "<webmaster@kosmoweb.jp>");
}

BOOST_AUTO_TEST_CASE(compose_refuses_header_injection) {
    const Config c = test_config();
    MailContent m = test_mail();
    m.to = "taro@example.jp\nBcc: victim@example.com";
    BOOST_TEST(!compose_mail(c, m, "<x@y>", 0).has_value());
    m = test_mail();
    m.to = "taro@example.jp\r";
    BOOST_TEST(!compose_mail(c, m, "<x@y>", 0).has_value());
    m = test_mail();
    m.subject = "件名\r\nBcc: victim@example.com";
    BOOST_TEST(!compose_mail(c, m, "<x@y>", 0).has_value());
    m = test_mail();
    BOOST_TEST(!compose_mail(c, m, "<x@y>\nBcc: v@e.com", 0).has_value());
    Config bad_from = c;
    bad_from.mail_from = "a@b.jp\nBcc: v@e.com";
    BOOST_TEST(!compose_mail(bad_from, m, "<x@y>", 0).has_value());
    m.to = "";
    BOOST_TEST(!compose_mail(c, m, "<x@y>", 0).has_value());
    // A body may hold anything: it is base64.
    m = test_mail();
    m.body = "line\r\nBcc: x@y\n.\n";
    BOOST_TEST(compose_mail(c, m, "<x@y>", 0).has_value());
}

BOOST_AUTO_TEST_CASE(message_ids) {
    const Config c = test_config();
    const std::string a = new_message_id(c), b = new_message_id(c);
    BOOST_TEST(a != b);
    BOOST_TEST(a.front() == '<');
    BOOST_TEST(a.back() == '>');
    BOOST_TEST(a.find("@kosmoweb.jp>") != std::string::npos);
    BOOST_TEST(header_safe(a));
}

BOOST_AUTO_TEST_SUITE_END()
