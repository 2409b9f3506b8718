// render.cc: the frozen ctemplate cache, pages in the one layout, security headers
#include "render.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <ctemplate/template_cache.h>

#include "context.h"
#include "error.h"
#include "messages.h"

namespace kosmo {

namespace {

constexpr const char* kLayout = "layout.tpl";
constexpr const char* kErrorTemplate = "error.tpl";
constexpr const char* kMailDir = "mail";
constexpr const char* kHtmlPragma = "{{%AUTOESCAPE context=\"HTML\"}}";

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_mail(const std::string& name) {
    return name.compare(0, 5, "mail/") == 0;
}

// Pages lose the indentation of their templates; mails keep every line
// break, since line 1 is the subject and the body is plain text.
ctemplate::Strip strip_for(const std::string& name) {
    return is_mail(name) ? ctemplate::DO_NOT_STRIP : ctemplate::STRIP_WHITESPACE;
}

// The *.tpl files directly in DIR, sorted; an absent DIR is an empty list
// when OPTIONAL, else a TemplateError.
std::vector<std::string> list_templates(const std::string& dir, bool optional) {
    namespace fs = std::filesystem;
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        if (optional && ec == std::errc::no_such_file_or_directory)
            return names;
        throw TemplateError("cannot open template directory '" + dir + "': " + ec.message());
    }
    for (const fs::directory_entry& e : it) {
        const std::string name = e.path().filename().string();
        if (name[0] != '.' && ends_with(name, ".tpl") && e.is_regular_file(ec))
            names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

// A template without the pragma would be expanded unescaped when included
// (DESIGN.md, "Known traps"), so such a file stops the start.
void check_pragma(const std::string& path, const std::string& name) {
    std::ifstream in(path);
    std::string first;
    if (!in || !std::getline(in, first))
        throw TemplateError("cannot read template '" + name + "'");
    if (first.compare(0, std::char_traits<char>::length(kHtmlPragma), kHtmlPragma) != 0)
        throw TemplateError("template '" + name + "' does not begin with " +
                            std::string(kHtmlPragma));
}

std::string upper(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

struct ErrorText {
    int status;
    const char* title;
    const char* message;
};

// Page text of the HTTP errors, each saying what to do next; what a member
// reads about their own input lives in messages.cc.
constexpr ErrorText kErrorTexts[] = {
    {400, "リクエストを処理できませんでした",
     "送信された内容を正しく受け取れませんでした。お手数ですが、ログイン画面からもう一度操作してください。"},
    {403, "もう一度操作してください",
     "画面を開いてから時間が経ったか、別の画面で操作されたため、この操作を受け付けられませんでした。"
     "お手数ですが、ログイン画面に戻ってもう一度操作してください。"},
    {404, "ページが見つかりません",
     "お探しのページは見つかりませんでした。アドレスに誤りがないかご確認いただくか、"
     "下の「ログイン画面へ」ボタンからお進みください。"},
    {405, "この操作はできません",
     "この画面では、その方法での操作を受け付けていません。ログイン画面からもう一度操作してください。"},
    {413, "送信内容が大きすぎます",
     "送信された内容が大きすぎるため、受け付けられませんでした。入力内容をご確認のうえ、"
     "ログイン画面からもう一度お試しください。"},
    {415, "送信の形式が正しくありません",
     "この形式の送信は受け付けていません。画面のボタンから送信してください。"},
    {500, "エラーが発生しました",
     "申し訳ありません。システムでエラーが発生しました。入力された内容は登録されていないことがあります。"
     "しばらくしてから、ログイン画面からもう一度お試しください。"},
    {503, "ただいまご利用いただけません",
     "ただいま混み合っているか、メンテナンス中です。しばらくしてから再度お試しください。"},
};

// Form-level reasons that are news rather than a mistake of the member:
// shown calmly (section FORM_NOTICE) instead of as an alert (FORM_ALERT).
bool is_notice(Reason r) {
    return r == Reason::SessionExpired || r == Reason::AlreadyRegistered ||
           r == Reason::PasswordExpired;
}

const ErrorText* find_error_text(int status) {
    for (const ErrorText& t : kErrorTexts)
        if (t.status == status)
            return &t;
    return nullptr;
}

// A status without its own text gets the one of its class.
const ErrorText& error_text(int status) {
    if (const ErrorText* t = find_error_text(status))
        return *t;
    return *find_error_text(status >= 400 && status < 500 ? 400 : 500);
}

// The labels of the form fields, so that an item of the error summary says
// which field it is about ("入力してください。" alone would not), unless its
// message names the field already.
struct FieldLabel {
    const char* id;
    const char* label;
};

constexpr FieldLabel kFieldLabels[] = {
    {"user_id", "ユーザID"},
    {"password", "パスワード"},
    {"password_confirm", "パスワード確認用"},
    {"email", "メールアドレス"},
    {"insurer_number", "保険者番号"},
    {"birth_date", "生年月日"},
    {"agree", "利用規約"},
};

std::string summary_text(const std::string& field, Reason r) {
    const std::string text = message(r);
    for (const FieldLabel& f : kFieldLabels)
        if (field == f.id && text.find(f.label) == std::string::npos)
            return std::string(f.label) + "：" + text;
    return text;
}

}  // namespace

Renderer::Renderer(const std::string& dir) : cache_(std::make_unique<ctemplate::TemplateCache>()) {
    const std::string root = dir.empty() ? std::string(".") : dir;
    if (!cache_->SetTemplateRootDirectory(root))
        throw TemplateError("cannot use template directory '" + root + "'");

    std::vector<std::string> names = list_templates(root, false);
    for (const std::string& name : names)
        check_pragma(root + "/" + name, name);
    for (const char* required : {kLayout, kErrorTemplate})
        if (std::find(names.begin(), names.end(), required) == names.end())
            throw TemplateError("template '" + std::string(required) + "' missing in '" + root +
                                "'");
    for (const std::string& name : list_templates(root + "/" + kMailDir, true))
        names.push_back(std::string(kMailDir) + "/" + name);

    for (const std::string& name : names)
        if (!cache_->LoadTemplate(name, strip_for(name)))
            throw TemplateError("cannot load template '" + root + "/" + name +
                                "' (missing or does not parse)");
    cache_->Freeze();
}

Renderer::~Renderer() = default;

std::string Renderer::expand(const std::string& name,
                             const ctemplate::TemplateDictionary& dict) const {
    std::string out;
    if (!cache_->ExpandNoLoad(name, strip_for(name), &dict, nullptr, &out))
        throw TemplateError("cannot expand template '" + name +
                            "' (it or a template it includes is not loaded)");
    return out;
}

Page::Page(const Renderer& renderer, const Config& config, const char* body_template,
           const char* title)
    : renderer_(renderer), config_(config), layout_("layout") {
    layout_.SetValue("SITE_NAME", config.site_name);
    layout_.SetValue("INSURER_NAME", config.insurer_name);
    layout_.SetValue("TITLE", title);
    layout_.SetValue("STATIC_PREFIX", config.static_prefix);
    // An included template sees none of its parent's values: the body gets
    // its own copies.
    body_ = layout_.AddIncludeDictionary("BODY");
    body_->SetFilename(body_template);
    body_->SetValue("SITE_NAME", config.site_name);
    body_->SetValue("INSURER_NAME", config.insurer_name);
    body_->SetValue("STATIC_PREFIX", config.static_prefix);
    body_->SetValue("CSRF", "");
}

Page::Page(Context& ctx, const char* body_template, const char* title)
    : Page(ctx.renderer, ctx.config, body_template, title) {
    body_->SetValue("CSRF", ctx.csrf());
}

void Page::step(int n) {
    if (n < 1 || n > 4)
        return;
    layout_.ShowSection("STEPS");
    for (int i = 1; i <= 3; ++i) {
        const std::string prefix = "STEP" + std::to_string(i);
        if (i == n)
            layout_.ShowSection(prefix + "_CURRENT");
        else if (i < n)
            layout_.ShowSection(prefix + "_DONE");
    }
}

void Page::field_error(const std::string& field, Reason r) {
    const std::string key = upper(field);
    body_->SetValue(key + "_ERROR", message(r));
    body_->ShowSection(key + "_INVALID");
    layout_.ShowSection("ERROR_SUMMARY");
    layout_.ShowSection("FIELD_ERRORS");
    auto* item = layout_.AddSectionDictionary("ERROR_ITEM");
    item->SetValue("FIELD_ID", field);
    item->SetValue("MESSAGE", summary_text(field, r));
    ++errors_;
}

void Page::form_error(Reason r) {
    body_->SetValue("FORM_ERROR", message(r));
    body_->ShowSection("FORM_ERROR_SECTION");
    body_->ShowSection(is_notice(r) ? "FORM_NOTICE" : "FORM_ALERT");
    layout_.ShowSection("ERROR_SUMMARY");
    auto* item = layout_.AddSectionDictionary("ERROR_ITEM");
    item->SetValue("FIELD_ID", "form-error");
    item->SetValue("MESSAGE", message(r));
    ++errors_;
}

Response Page::finish(int status) {
    Response res;
    res.status = status;
    res.body = renderer_.expand(kLayout, layout_);
    // HSTS needs the request; the server adds it for HTTPS requests.
    add_security_headers(res, false);
    return res;
}

Response error_page(const Renderer& renderer, const Config& config, int status) {
    const ErrorText& text = error_text(status);
    Page page(renderer, config, kErrorTemplate, text.title);
    page.body().SetIntValue("STATUS", status);
    page.body().SetValue("MESSAGE", text.message);
    if (status >= 500)
        page.body().ShowSection("RETRY_LATER");
    return page.finish(status);
}

void add_security_headers(Response& res, bool https) {
    res.header("Content-Security-Policy",
               "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'");
    res.header("X-Content-Type-Options", "nosniff");
    res.header("Referrer-Policy", "no-referrer");
    res.header("X-Frame-Options", "DENY");
    res.header("Cache-Control", "no-store");
    if (https)
        res.header("Strict-Transport-Security", "max-age=31536000");
}

}  // namespace kosmo
