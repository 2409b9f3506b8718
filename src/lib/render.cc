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
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
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

// Form-level reasons that are news rather than a mistake of the member:
// shown calmly (section FORM_NOTICE) instead of as an alert (FORM_ALERT).
bool is_notice(Reason r) {
    return r == Reason::SessionExpired || r == Reason::AlreadyRegistered ||
           r == Reason::PasswordExpired;
}

// An item of the error summary names its field (a bare "required" would not
// say which), unless its message names it already.
std::string summary_text(const std::string& field, Reason r) {
    const std::string text = message(r);
    const char* label = field_label(field);
    if (label && text.find(label) == std::string::npos)
        return std::string(label) + "：" + text;
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
    // Room for the largest pages (医療費情報's 48 cards, ~24 KB) at once,
    // rather than a dozen doublings each copying what came before.
    std::string out;
    out.reserve(32 * 1024);
    if (!cache_->ExpandNoLoad(name, strip_for(name), &dict, nullptr, &out))
        throw TemplateError("cannot expand template '" + name +
                            "' (it or a template it includes is not loaded)");
    return out;
}

Page::Page(const Renderer& renderer, const Config& config, const char* body_template,
           const char* title, const Society* society)
    : renderer_(renderer), layout_("layout") {
    layout_.SetValue("SITE_NAME", config.site_name);
    layout_.SetValue("TITLE", title);
    layout_.SetValue("STATIC_PREFIX", config.static_prefix);
    // An included template sees none of its parent's values: the body gets
    // its own copies.
    body_ = layout_.AddIncludeDictionary("BODY");
    body_->SetFilename(body_template);
    body_->SetValue("SITE_NAME", config.site_name);
    body_->SetValue("STATIC_PREFIX", config.static_prefix);
    body_->SetValue("CSRF", "");
    // Before the login no society is known, and the page names the site only.
    if (society) {
        for (auto* dict : {&layout_, body_}) {
            dict->SetValue("INSURER_NAME", society->name);
            dict->ShowSection("INSURER");
        }
    }
}

Page::Page(Context& ctx, const char* body_template, const char* title)
    : Page(ctx.renderer, ctx.config, body_template, title, ctx.society ? &*ctx.society : nullptr) {
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

void show_password_days(ctemplate::TemplateDictionary& dict, const Config& config) {
    if (config.password_max_days != 0)
        dict.SetValueAndShowSection("PASSWORD_DAYS", std::to_string(config.password_max_days),
                                    "PASSWORD_EXPIRES");
}

Response error_page(const Renderer& renderer, const Config& config, int status) {
    const HttpErrorText& text = http_error_text(status);
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
