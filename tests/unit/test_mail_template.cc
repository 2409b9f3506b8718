// test_mail_template.cc: mails made from the shipped templates (templates/mail/):
// the subject and body as the template has them with the site's values, and
// the refusals (no such template, no subject line, an unsafe recipient)
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <ctemplate/template.h>

#include "error.h"
#include "mail.h"
#include "mail_template.h"
#include "password.h"
#include "render.h"

using namespace kosmo;

namespace {

// The shipped templates: unit tests run from the top of the tree.
const char* const kTemplates = "templates";

// The society that signs the mails.
const std::string kSociety = "サンプル健康保険組合";

Config test_config() {
    Config c;
    c.site_name = "KOSMO";
    c.public_url = "https://kosmo.example.jp/";
    return c;
}

// MESSAGE without its Date and Message-ID lines, the two that differ from
// one composition to the next.
std::string without_date_and_id(const std::string& message) {
    std::istringstream in(message);
    std::string line, out;
    while (std::getline(in, line))
        if (line.rfind("Date: ", 0) != 0 && line.rfind("Message-ID: ", 0) != 0)
            out += line + "\n";
    return out;
}

// The body of MESSAGE, base64 decoded: the text with CRLF line ends.
std::string decoded_body(const std::string& message) {
    const auto blank = message.find("\n\n");
    BOOST_REQUIRE(blank != std::string::npos);
    std::string b64;
    std::istringstream in(message.substr(blank + 2));
    std::string line;
    while (std::getline(in, line))
        b64 += line;
    const auto text = base64_decode(b64);
    BOOST_REQUIRE(text.has_value());
    return *text;
}

// The first encoded-word of MESSAGE's subject, decoded: the subject's
// first characters (a word holds at least 15 of them).
std::string first_subject_word(const std::string& message) {
    const std::string start = "\nSubject: =?UTF-8?B?";
    const auto from = message.find(start);
    BOOST_REQUIRE(from != std::string::npos);
    const auto b64 = from + start.size();
    const auto text = base64_decode(message.substr(b64, message.find("?=", b64) - b64));
    BOOST_REQUIRE(text.has_value());
    return *text;
}

// A template directory with the two pages a Renderer needs and the mail
// templates given, removed with the test.
struct TemplateDir {
    std::filesystem::path dir;

    TemplateDir() {
        char tmpl[] = "/tmp/kosmo-test-mail-template.XXXXXX";
        BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        std::filesystem::create_directory(dir / "mail");
        for (const char* page : {"layout.tpl", "error.tpl"})
            write(page, "{{%AUTOESCAPE context=\"HTML\"}}\n{{TITLE}}\n");
    }
    ~TemplateDir() { std::filesystem::remove_all(dir); }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_template)

BOOST_AUTO_TEST_CASE(the_email_confirmation_as_its_template_has_it) {
    const Renderer r(kTemplates);
    const Config c = test_config();
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("LINK", "https://kosmo.example.jp/settings/email/confirm?token=abc");
    dict.SetIntValue("HOURS", 24);
    const std::string msg =
        templated_mail(r, c, kSociety, "mail/email-confirm.tpl", "taro@example.co.jp", dict);

    // Line 1 (after the template's comment) is the subject; the body starts
    // after the blank line and keeps every line break of the template.
    const std::string subject = "【KOSMO】メールアドレス確認のお願い";
    const std::string body =
        "KOSMO で、このメールアドレスへの変更が申し込まれました。\n"
        "次のリンクを開き、「確定」を押すと変更が完了します(24時間以内)。\n"
        "\n"
        "  https://kosmo.example.jp/settings/email/confirm?token=abc\n"
        "\n"
        "リンクを開いただけでは変更されません。\n"
        "お心当たりがない場合は、このメールを破棄してください。メールアドレスは変わりません。\n"
        "\n"
        "このメールは送信専用です。返信いただいてもお答えできません。\n"
        "\n"
        "サンプル健康保険組合\n";
    std::string crlf;
    for (char ch : body)
        crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    BOOST_TEST(decoded_body(msg) == crlf);

    // The whole message is the one compose_mail makes of that subject and
    // body, but for its own Date and a new Message-ID.
    const auto composed = compose_mail(c, {"taro@example.co.jp", subject, body}, "<id@x>", 0);
    BOOST_REQUIRE(composed.has_value());
    BOOST_TEST(without_date_and_id(msg) == without_date_and_id(*composed));
    BOOST_TEST(msg.find("\nMessage-ID: <") != std::string::npos);
    BOOST_TEST(msg.find("@kosmoweb.jp>\n") != std::string::npos);
    BOOST_TEST(msg.find("\nDate: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_site_values_reach_every_shipped_mail) {
    const Renderer r(kTemplates);
    const Config c = test_config();
    unsigned mails = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::string(kTemplates) + "/mail")) {
        const std::string name = "mail/" + e.path().filename().string();
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("NAME", "山田 太郎");
        dict.SetValue("USER_ID", "yamada2024");
        const std::string msg =
            templated_mail(r, c, kSociety, name.c_str(), "taro@example.co.jp", dict);
        const std::string text = decoded_body(msg);
        // Each subject names the site; each mail is signed by the society.
        BOOST_TEST(first_subject_word(msg).rfind("【KOSMO】", 0) == 0u, name);
        const std::string signature = "\r\nサンプル健康保険組合\r\n";
        BOOST_TEST(text.size() > signature.size(), name);
        BOOST_TEST(text.compare(text.size() - signature.size(), signature.size(), signature) == 0,
                   name);
        // The dictionary keeps the site's values it was given.
        std::string dump;
        dict.DumpToString(&dump);
        BOOST_TEST(dump.find("https://kosmo.example.jp/") != std::string::npos, name);
        ++mails;
    }
    BOOST_TEST(mails >= 9u);
}

BOOST_AUTO_TEST_CASE(the_public_url_makes_the_login_link) {
    const Renderer r(kTemplates);
    ctemplate::TemplateDictionary dict("mail");
    const std::string text = decoded_body(templated_mail(
        r, test_config(), kSociety, "mail/eligibility-updated.tpl", "taro@example.co.jp", dict));
    BOOST_TEST(text.find("\r\n  https://kosmo.example.jp/login\r\n") != std::string::npos);
    BOOST_TEST(text.find("資格情報が更新されました。") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refusals) {
    const Renderer r(kTemplates);
    const Config c = test_config();
    ctemplate::TemplateDictionary dict("mail");
    BOOST_CHECK_THROW(
        templated_mail(r, c, kSociety, "mail/no-such.tpl", "taro@example.co.jp", dict),
        TemplateError);
    // A recipient with a line break would add a header: a bug of the caller.
    try {
        templated_mail(r, c, kSociety, "mail/registered.tpl",
                       "taro@example.co.jp\nBcc: v@example.org", dict);
        BOOST_ERROR("an unsafe recipient was accepted");
    } catch (const TemplateError&) {
        BOOST_ERROR("an unsafe recipient is no template's fault");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("mail/registered.tpl") != std::string::npos);
    }

    TemplateDir t;
    t.write("mail/blank.tpl", "{{! no subject, only this comment }}\n\n");
    t.write("mail/one-line.tpl", "a subject without its line end");
    const Renderer own(t.dir.string());
    for (const char* name : {"mail/blank.tpl", "mail/one-line.tpl"}) {
        try {
            templated_mail(own, c, kSociety, name, "taro@example.co.jp", dict);
            BOOST_ERROR(name << " made a mail");
        } catch (const TemplateError& e) {
            BOOST_TEST(std::string(e.what()).find("has no subject line") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
