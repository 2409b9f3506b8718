// test_render.cc: the frozen template cache, escaping, the page layout,
// error pages and security headers
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include "error.h"
#include "messages.h"
#include "render.h"

using namespace kosmo;

namespace {

const char* const kPragma = "{{%AUTOESCAPE context=\"HTML\"}}\n";
const char* const kNasty = "<script>\"&'";

const char* const kLayout =
    "{{%AUTOESCAPE context=\"HTML\"}}\n"
    "<title>{{TITLE}} - {{SITE_NAME}}</title>\n"
    "{{#STEPS}}<ol>"
    "<li{{#STEP1_CURRENT}} aria-current=\"step\"{{/STEP1_CURRENT}}>1{{#STEP1_DONE}}done{{/STEP1_DONE}}</li>"
    "<li{{#STEP2_CURRENT}} aria-current=\"step\"{{/STEP2_CURRENT}}>2{{#STEP2_DONE}}done{{/STEP2_DONE}}</li>"
    "<li{{#STEP3_CURRENT}} aria-current=\"step\"{{/STEP3_CURRENT}}>3</li>"
    "</ol>{{/STEPS}}\n"
    "{{#ERROR_SUMMARY}}<div role=\"alert\">{{#ERROR_ITEM}}<a href=\"#{{FIELD_ID}}\">{{MESSAGE}}</a>"
    "{{/ERROR_ITEM}}</div>{{/ERROR_SUMMARY}}\n"
    "<main>\n"
    "  {{>BODY}}\n"
    "</main>\n";

// A template directory that lives as long as the test.
struct TemplateDir {
    std::filesystem::path dir;

    TemplateDir() {
        char tmpl[] = "/tmp/kosmo-test-render.XXXXXX";
        BOOST_REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        write("layout.tpl", kLayout);
        write("error.tpl", std::string(kPragma) +
                               "<p data-status=\"{{STATUS}}\">{{MESSAGE}}</p>"
                               "<a href=\"/login\">login</a>\n");
        write("body.tpl", std::string(kPragma) +
                              "{{#FORM_ERROR_SECTION}}<p id=\"form-error\">{{FORM_ERROR}}</p>"
                              "{{/FORM_ERROR_SECTION}}\n"
                              "<input id=\"user_id\" value=\"{{USER_ID}}\""
                              "{{#USER_ID_INVALID}} aria-invalid=\"true\"{{/USER_ID_INVALID}}>\n"
                              "{{#USER_ID_INVALID}}<p>{{USER_ID_ERROR}}</p>{{/USER_ID_INVALID}}\n"
                              "<p>{{VALUE}}</p><input name=\"csrf\" value=\"{{CSRF}}\">"
                              "<i>{{SITE_NAME}}|{{INSURER_NAME}}|{{STATIC_PREFIX}}</i>\n");
        std::filesystem::create_directory(dir / "mail");
        write("mail/note.tpl", "Subject {{NAME}}\n\n  Dear {{NAME}},\n  line two\n");
    }
    ~TemplateDir() { std::filesystem::remove_all(dir); }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
    }
    void remove(const std::string& name) const { std::filesystem::remove(dir / name); }
    std::string path() const { return dir.string(); }
};

Config test_config() {
    Config c;
    c.site_name = "KOSMO <Web>";
    c.static_prefix = "/static";
    return c;
}

// The member's society, which a page after the login names.
Society test_society() {
    Society s;
    s.insurer_number = "06279996";
    s.name = "サンプル健康保険組合";
    return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const std::string* header(const Response& res, const std::string& name) {
    for (const auto& h : res.headers)
        if (h.first == name)
            return &h.second;
    return nullptr;
}

// What a TemplateError says when CONSTRUCT throws it ("" if nothing).
template <typename Fn>
std::string template_error(Fn&& construct) {
    try {
        construct();
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "";
}

// The repository's templates/ directory (tests run from the top of the tree,
// where the compiler saw this file as tests/unit/test_render.cc).
std::filesystem::path shipped_templates() {
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "templates";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(values_are_escaped_in_layout_and_body) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();
    const Society society = test_society();
    Page page(r, c, "body.tpl", kNasty, &society);
    page.body().SetValue("VALUE", kNasty);
    page.body().SetValue("USER_ID", "\"><script>alert(1)</script>");
    const Response res = page.finish();
    BOOST_TEST(res.status == 200);
    BOOST_TEST(!contains(res.body, "<script>"));
    BOOST_TEST(
        contains(res.body, "<title>&lt;script&gt;&quot;&amp;&#39; - KOSMO &lt;Web&gt;</title>"));
    BOOST_TEST(contains(res.body, "<p>&lt;script&gt;&quot;&amp;&#39;</p>"));
    BOOST_TEST(contains(res.body, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    // The body gets the site values of its own (an include sees none of the layout's).
    BOOST_TEST(contains(res.body, "<i>KOSMO &lt;Web&gt;|サンプル健康保険組合|/static</i>"));
    BOOST_TEST(contains(res.body, "<input name=\"csrf\" value=\"\">"));
    // STRIP_WHITESPACE: the indentation of the layout is gone.
    BOOST_TEST(contains(res.body, "<main><input id=\"user_id\""));
    BOOST_TEST(!page.has_errors());
    BOOST_TEST(!contains(res.body, "role=\"alert\""));
    BOOST_TEST(!contains(res.body, "<ol>"));
}

BOOST_AUTO_TEST_CASE(a_page_without_a_society_names_the_site_only) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();
    Page page(r, c, "body.tpl", "t");
    const std::string body = page.finish().body;
    BOOST_TEST(contains(body, "<i>KOSMO &lt;Web&gt;||/static</i>"));
    BOOST_TEST(!contains(body, "サンプル健康保険組合"));
}

BOOST_AUTO_TEST_CASE(the_include_trap_and_our_guard) {
    // ctemplate itself: an included template without its own pragma is not
    // escaped, even inside an auto-escaped parent (DESIGN.md, Known traps).
    TemplateDir t;
    t.write("bare.tpl", "<p>{{VALUE}}</p>\n");
    ctemplate::TemplateCache cache;
    BOOST_REQUIRE(cache.SetTemplateRootDirectory(t.path()));
    BOOST_REQUIRE(cache.LoadTemplate("layout.tpl", ctemplate::STRIP_WHITESPACE));
    BOOST_REQUIRE(cache.LoadTemplate("bare.tpl", ctemplate::STRIP_WHITESPACE));
    cache.Freeze();
    ctemplate::TemplateDictionary dict("layout");
    auto* body = dict.AddIncludeDictionary("BODY");
    body->SetFilename("bare.tpl");
    body->SetValue("VALUE", kNasty);
    std::string out;
    BOOST_REQUIRE(
        cache.ExpandNoLoad("layout.tpl", ctemplate::STRIP_WHITESPACE, &dict, nullptr, &out));
    BOOST_TEST(contains(out, "<p><script>\"&'</p>"));

    // So a Renderer refuses to start with such a template, naming it.
    const std::string what = template_error([&] { Renderer r(t.path()); });
    BOOST_TEST(contains(what, "bare.tpl"), what);
    BOOST_TEST(contains(what, "AUTOESCAPE"), what);
}

BOOST_AUTO_TEST_CASE(shipped_templates_begin_with_the_pragma_and_render) {
    const auto dir = shipped_templates();
    BOOST_REQUIRE_MESSAGE(std::filesystem::is_directory(dir), dir << " not found");
    // Every shipped template by name: one added to templates/ must be added
    // here too, so that none goes unrendered.
    const std::set<std::string> pages_expected = {"app-setup.tpl",
                                                  "benefit-notice.tpl",
                                                  "benefits.tpl",
                                                  "confirm.tpl",
                                                  "done.tpl",
                                                  "eligibility.tpl",
                                                  "email-confirm.tpl",
                                                  "error.tpl",
                                                  "expenses.tpl",
                                                  "expenses-print.tpl",
                                                  "expired-password.tpl",
                                                  "forgot-password.tpl",
                                                  "forgot-sent.tpl",
                                                  "forgot-userid.tpl",
                                                  "login.tpl",
                                                  "login-code.tpl",
                                                  "login-recovery.tpl",
                                                  "menu.tpl",
                                                  "message.tpl",
                                                  "password-done.tpl",
                                                  "recovery-codes.tpl",
                                                  "register.tpl",
                                                  "reset-password.tpl",
                                                  "settings.tpl",
                                                  "terms-new.tpl",
                                                  "terms.tpl",
                                                  "verify.tpl"};
    const std::set<std::string> mails_expected = {
        "benefits-updated.tpl", "eligibility-updated.tpl", "email-changed.tpl",
        "email-confirm.tpl",    "expenses-updated.tpl",    "factor-changed.tpl",
        "login-code.tpl",       "password-changed.tpl",    "password-expiring.tpl",
        "password-reset.tpl",   "registered.tpl",          "user-id.tpl"};
    // Loading checks the first line of every page template.
    Renderer r(dir.string());
    Config c = test_config();
    std::set<std::string> pages, mails;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".tpl" || name == "layout.tpl")
            continue;
        Page page(r, c, name.c_str(), "title");
        page.step(2);
        page.body().SetValue("USER_ID", kNasty);
        page.body().SetValue("EMAIL", kNasty);
        page.body().SetValue("MESSAGE", kNasty);
        std::string body;
        BOOST_CHECK_NO_THROW(body = page.finish().body);
        BOOST_TEST(contains(body, "<!DOCTYPE html>"), name);
        BOOST_TEST(contains(body, "lang=\"ja\""), name);
        BOOST_TEST(!contains(body, "<script>"), name);
        pages.insert(name);
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir / "mail")) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".tpl")
            continue;
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("USER_ID", "user1234");
        std::string text;
        BOOST_CHECK_NO_THROW(text = r.expand("mail/" + name, dict));
        BOOST_TEST(!text.empty(), name);
        mails.insert(name);
    }
    BOOST_TEST(pages == pages_expected, "the page templates in " << dir);
    BOOST_TEST(mails == mails_expected, "the mail templates in " << dir / "mail");
}

BOOST_AUTO_TEST_CASE(shipped_layout_has_the_pieces) {
    Renderer r(shipped_templates().string());
    Config c = test_config();
    const Society society = test_society();
    Page page(r, c, "error.tpl", "見出し", &society);
    page.step(3);
    page.field_error("user_id", Reason::Required);
    const std::string body = page.finish().body;
    BOOST_TEST(contains(body, "<meta charset=\"utf-8\">"));
    BOOST_TEST(contains(body, "width=device-width"));
    BOOST_TEST(contains(body, "<title>見出し - KOSMO &lt;Web&gt;</title>"));
    BOOST_TEST(contains(body, "href=\"/static/kosmo.css\""));
    BOOST_TEST(contains(body, "サンプル健康保険組合"));
    BOOST_TEST(contains(body, "aria-current=\"step\""));
    BOOST_TEST(contains(body, "本人情報の<wbr>確認"));
    BOOST_TEST(contains(body, "入力内容に誤りがあります"));
    BOOST_TEST(contains(body, "href=\"#user_id\""));
    BOOST_TEST(contains(body, "<h1>見出し</h1>"));
    BOOST_TEST(!contains(body, "<script"));
    BOOST_TEST(!contains(body, "style="));
}

BOOST_AUTO_TEST_CASE(steps) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();
    Page page(r, c, "body.tpl", "t");
    page.step(2);
    const std::string body = page.finish().body;
    BOOST_TEST(contains(body, "<ol><li>1done</li><li aria-current=\"step\">2</li><li>3</li></ol>"));

    Page none(r, c, "body.tpl", "t");
    none.step(0);
    BOOST_TEST(!contains(none.finish().body, "<ol>"));

    // The completion screen: every step done, none current.
    Page done(r, c, "body.tpl", "t");
    done.step(4);
    BOOST_TEST(contains(done.finish().body, "<ol><li>1done</li><li>2done</li><li>3</li></ol>"));
}

BOOST_AUTO_TEST_CASE(password_days_follow_the_configuration) {
    TemplateDir t;
    t.write("days.tpl", std::string(kPragma) +
                            "[{{#PASSWORD_EXPIRES}}{{PASSWORD_DAYS}}日{{/PASSWORD_EXPIRES}}]");
    Renderer r(t.path());
    Config c = test_config();
    auto shown = [&](unsigned days) {
        c.password_max_days = days;
        ctemplate::TemplateDictionary dict("days");
        show_password_days(dict, c);
        return r.expand("days.tpl", dict);
    };
    BOOST_TEST(shown(360) == "[360日]");
    BOOST_TEST(shown(90) == "[90日]");
    BOOST_TEST(shown(0) == "[]");  // passwords never expire: nothing said
}

BOOST_AUTO_TEST_CASE(form_message_kinds) {
    TemplateDir t;
    t.write("layout.tpl",
            std::string(kPragma) + "[{{#FIELD_ERRORS}}fields{{/FIELD_ERRORS}}]{{>BODY}}\n");
    t.write("kind.tpl",
            std::string(kPragma) +
                "{{#FORM_ALERT}}alert{{/FORM_ALERT}}{{#FORM_NOTICE}}notice{{/FORM_NOTICE}}\n");
    Renderer r(t.path());
    Config c = test_config();

    // A mistake is an alert; an expired session is news; neither lists fields.
    Page failed(r, c, "kind.tpl", "t");
    failed.form_error(Reason::LoginFailed);
    BOOST_TEST(contains(failed.finish().body, "[]alert"));
    Page expired(r, c, "kind.tpl", "t");
    expired.form_error(Reason::SessionExpired);
    BOOST_TEST(contains(expired.finish().body, "[]notice"));
    Page field(r, c, "kind.tpl", "t");
    field.field_error("user_id", Reason::Required);
    BOOST_TEST(contains(field.finish().body, "[fields]"));
}

BOOST_AUTO_TEST_CASE(field_and_form_errors) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();
    Page page(r, c, "body.tpl", "t");
    page.field_error("user_id", Reason::Required);
    page.field_error("password", Reason::PasswordLength);
    page.form_error(Reason::LoginFailed);
    BOOST_TEST(page.has_errors());
    const std::string body = page.finish(422).body;
    const std::string required = message(Reason::Required);
    const std::string length = message(Reason::PasswordLength);
    const std::string form_msg = message(Reason::LoginFailed);
    BOOST_TEST(contains(body, "aria-invalid=\"true\""));
    BOOST_TEST(contains(body, "<p>" + required + "</p>"));
    BOOST_TEST(contains(body, "<p id=\"form-error\">" + form_msg + "</p>"));
    // A summary item names its field, unless its message does already.
    BOOST_TEST(contains(body,
                        "<div role=\"alert\">"
                        "<a href=\"#user_id\">ユーザID：" +
                            required +
                            "</a>"
                            "<a href=\"#password\">" +
                            length +
                            "</a>"
                            "<a href=\"#form-error\">" +
                            form_msg + "</a></div>"));
}

BOOST_AUTO_TEST_CASE(finish_sets_status_and_headers) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();
    Page page(r, c, "body.tpl", "t");
    const Response res = page.finish(422);
    BOOST_TEST(res.status == 422);
    BOOST_TEST(res.content_type == "text/html; charset=utf-8");
    BOOST_TEST(header(res, "Content-Security-Policy") != nullptr);
    BOOST_TEST(header(res, "Cache-Control") != nullptr);
}

BOOST_AUTO_TEST_CASE(missing_and_broken_templates) {
    TemplateDir t;
    Renderer r(t.path());
    BOOST_CHECK_THROW(r.expand("nope.tpl", ctemplate::TemplateDictionary("d")), TemplateError);
    Config c = test_config();
    Page page(r, c, "nope.tpl", "t");
    BOOST_CHECK_THROW(page.finish(), TemplateError);

    BOOST_CHECK_THROW(Renderer(t.path() + "/no-such-dir"), TemplateError);

    t.write("broken.tpl", std::string(kPragma) + "{{#OPEN}}never closed\n");
    std::string what = template_error([&] { Renderer r2(t.path()); });
    BOOST_TEST(contains(what, "broken.tpl"), what);
    t.remove("broken.tpl");

    t.remove("error.tpl");
    what = template_error([&] { Renderer r3(t.path()); });
    BOOST_TEST(contains(what, "error.tpl"), what);
}

BOOST_AUTO_TEST_CASE(mail_templates_keep_their_lines_unescaped) {
    TemplateDir t;
    Renderer r(t.path());
    ctemplate::TemplateDictionary d("mail");
    d.SetValue("NAME", "山田 <太郎>");
    BOOST_TEST(r.expand("mail/note.tpl", d) ==
               "Subject 山田 <太郎>\n\n  Dear 山田 <太郎>,\n  line two\n");
}

BOOST_AUTO_TEST_CASE(security_headers) {
    Response res;
    add_security_headers(res, false);
    BOOST_REQUIRE(header(res, "Content-Security-Policy") != nullptr);
    BOOST_TEST(*header(res, "Content-Security-Policy") ==
               "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'");
    BOOST_TEST(*header(res, "X-Content-Type-Options") == "nosniff");
    BOOST_TEST(*header(res, "Referrer-Policy") == "no-referrer");
    BOOST_TEST(*header(res, "X-Frame-Options") == "DENY");
    BOOST_TEST(*header(res, "Cache-Control") == "no-store");
    BOOST_TEST(header(res, "Strict-Transport-Security") == nullptr);

    Response https;
    add_security_headers(https, true);
    BOOST_REQUIRE(header(https, "Strict-Transport-Security") != nullptr);
    BOOST_TEST(contains(*header(https, "Strict-Transport-Security"), "max-age="));
}

BOOST_AUTO_TEST_CASE(error_pages) {
    TemplateDir t;
    Renderer r(t.path());
    Config c = test_config();

    const Response nf = error_page(r, c, 404);
    BOOST_TEST(nf.status == 404);
    BOOST_TEST(contains(nf.body, "<title>ページが見つかりません - "));
    BOOST_TEST(contains(nf.body, "data-status=\"404\""));
    BOOST_TEST(contains(nf.body, "href=\"/login\""));
    BOOST_TEST(header(nf, "Content-Security-Policy") != nullptr);

    const Response busy = error_page(r, c, 503);
    BOOST_TEST(busy.status == 503);
    BOOST_TEST(contains(
        busy.body,
        "ただいま混み合っているか、メンテナンス中です。しばらくしてから再度お試しください。"));

    const Response csrf = error_page(r, c, 403);
    BOOST_TEST(contains(csrf.body, "もう一度操作してください"));
    BOOST_TEST(contains(csrf.body, "ログイン画面"));

    BOOST_TEST(contains(error_page(r, c, 500).body, "エラーが発生しました"));
    for (int status : {400, 405, 413, 415}) {
        const Response res = error_page(r, c, status);
        BOOST_TEST(res.status == status);
        BOOST_TEST(contains(res.body, "data-status=\"" + std::to_string(status) + "\""));
    }
    // A status without a text of its own borrows its class's.
    BOOST_TEST(error_page(r, c, 502).status == 502);
    BOOST_TEST(contains(error_page(r, c, 502).body, "エラーが発生しました"));
}

BOOST_AUTO_TEST_SUITE_END()
