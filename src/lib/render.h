// render.h: the ctemplate cache, pages in the one layout, security headers
#ifndef KOSMO_RENDER_H
#define KOSMO_RENDER_H

#include <memory>
#include <string>

#include <ctemplate/template.h>

#include "config.h"
#include "request.h"
#include "society.h"
#include "validate.h"

namespace kosmo {

struct Context;

// Loads every template under DIR (*.tpl and mail/*.tpl) once, at start, and
// freezes the cache: nothing is read from disk while serving.
class Renderer {
public:
    // Throws TemplateError naming the file that is missing or does not parse.
    explicit Renderer(const std::string& dir);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // NAME relative to the template dir ("login.tpl", "mail/registered.tpl").
    // Throws TemplateError.
    std::string expand(const std::string& name, const ctemplate::TemplateDictionary& dict) const;

private:
    std::unique_ptr<ctemplate::TemplateCache> cache_;
};

// One page: the layout (layout.tpl) around a body template. Layout variables:
// SITE_NAME, TITLE, STATIC_PREFIX; INSURER_NAME and section INSURER (in the
// body too) when the page is for a member of a society (the session's: a
// page before the login names the site only); section STEPS (with
// STEP1_CURRENT, STEP2_CURRENT, STEP3_CURRENT, each showing its "current"
// section, and STEPn_DONE) when step() was set; section ERROR_SUMMARY with
// ERROR_ITEM {FIELD_ID, MESSAGE} when errors were added, and FIELD_ERRORS
// when one of them is a field's. The body always has CSRF, SITE_NAME,
// STATIC_PREFIX.
class Page {
public:
    Page(const Renderer& renderer, const Config& config, const char* body_template,
         const char* title, const Society* society = nullptr);
    // CSRF and the society (ctx.society) from CTX.
    Page(Context& ctx, const char* body_template, const char* title);

    ctemplate::TemplateDictionary& body() { return *body_; }

    // Marks step N (1..3) as current, the ones before it as done; the
    // confirm screen is step 3 too. N = 4: all three done (the completion
    // screen).
    void step(int n);

    // Field FIELD (its id, e.g. "user_id") is invalid for R: sets
    // <FIELD>_ERROR (the message) and shows section <FIELD>_INVALID in the
    // body (FIELD upper-cased), and adds it to the summary.
    void field_error(const std::string& field, Reason r);

    // A message for the whole form (summary only, and the body's FORM_ERROR
    // with section FORM_ERROR_SECTION, and FORM_NOTICE when R is news rather
    // than a mistake, such as an expired session, else FORM_ALERT).
    void form_error(Reason r);

    bool has_errors() const { return errors_ > 0; }

    // The rendered page with the security headers. Throws TemplateError.
    Response finish(int status = 200);

private:
    const Renderer& renderer_;
    ctemplate::TemplateDictionary layout_;
    ctemplate::TemplateDictionary* body_;
    int errors_ = 0;
};

// How long a new password lasts ([security] password_max_days): sets
// PASSWORD_DAYS and shows section PASSWORD_EXPIRES in DICT (a page's body
// or a mail), unless passwords never expire (0), when nothing is shown.
void show_password_days(ctemplate::TemplateDictionary& dict, const Config& config);

// The site's page for an HTTP error STATUS (400, 403, 404, 405, 413, 415,
// 500, 503) from error.tpl; needs no database.
Response error_page(const Renderer& renderer, const Config& config, int status);

// Content-Security-Policy (default-src 'none'; style-src 'self'; img-src
// 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'),
// X-Content-Type-Options, Referrer-Policy, X-Frame-Options,
// Cache-Control: no-store, and HSTS when HTTPS.
void add_security_headers(Response& res, bool https);

}  // namespace kosmo

#endif
