// login.cc: step 1 — login with the temporary or the permanent ID
#include "login.h"

#include "log.h"
#include "messages.h"
#include "password.h"
#include "q/accounts.h"
#include "q/login_addr_failures.h"
#include "q/temp_credentials.h"
#include "render.h"
#include "session.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

// IDs longer than this are not looked up at all.
constexpr std::size_t kMaxLoginId = 64;

// A temporary ID has a hyphen, which a permanent ID can never contain.
bool is_temp_id(const std::string& id) {
    return id.find('-') != std::string::npos;
}

void fill_login(Page& page, const std::string& user_id, Reason form_reason,
                Reason user_id_reason = Reason::Ok, Reason password_reason = Reason::Ok) {
    page.step(1);
    page.body().SetValue("USER_ID", user_id);
    if (form_reason != Reason::Ok)
        page.form_error(form_reason);
    if (user_id_reason != Reason::Ok)
        page.field_error("user_id", user_id_reason);
    if (password_reason != Reason::Ok)
        page.field_error("password", password_reason);
}

Response render_login(Context& ctx, const std::string& user_id, Reason form_reason,
                      Reason user_id_reason = Reason::Ok, Reason password_reason = Reason::Ok) {
    Page page(ctx, "login.tpl", title(Screen::Login));
    fill_login(page, user_id, form_reason, user_id_reason, password_reason);
    return page.finish();
}

// The empty login form is the same page for every visitor but for its CSRF
// token, and it is what a wave of members opens first: it is rendered once
// per process, with a marker where the token goes, and each request splices
// its own token in (a token is base64url, which HTML escaping leaves as is).
struct EmptyLoginForm {
    const Renderer* renderer = nullptr;  // what it was rendered with
    Response head;                       // status and headers, no body
    std::string before, after;           // the body around the token
};

EmptyLoginForm render_empty_login(const Renderer& renderer, const Config& config) {
    static constexpr const char* kMarker = "kosmo-csrf-token-goes-here-0123456789abcdef";
    EmptyLoginForm form;
    Page page(renderer, config, "login.tpl", title(Screen::Login));
    page.body().SetValue("CSRF", kMarker);
    fill_login(page, "", Reason::Ok);
    form.head = page.finish();
    const std::string& body = form.head.body;
    const auto at = body.find(kMarker);
    if (at == std::string::npos || body.find(kMarker, at + 1) != std::string::npos)
        return form;  // not exactly once: every request renders the page itself
    form.before = body.substr(0, at);
    form.after = body.substr(at + std::char_traits<char>::length(kMarker));
    form.head.body.clear();
    form.renderer = &renderer;
    return form;
}

// What one login attempt came to.
struct Attempt {
    bool ok = false;
    std::int64_t member_id = 0;
    std::optional<std::int64_t> account_id;
    Stage stage = Stage::TempLogin;  // where the new session goes
};

// Checks a temporary ID. Every path costs one hash, so an unknown, retired
// or locked ID answers in the same time as a wrong password.
Attempt attempt_temp(Context& ctx, const std::string& id, const std::string& password) {
    const Config& c = ctx.config;
    auto row = q::temp_login_by_id(ctx.db, id);
    const bool match =
        verify_password(password, row ? row->password_hash : dummy_hash(c.temp_password_hash));
    if (!row) {
        audit(ctx.db, "login_failed", std::nullopt, id, ctx.req.remote_addr, "unknown id");
        return {};
    }
    if (row->retired || row->locked || !match) {
        in_transaction(ctx.db, [&](Db& db) {
            const char* why = row->retired ? "retired" : row->locked ? "locked" : "wrong password";
            bool locked_now = false;
            if (!row->retired && !row->locked)
                locked_now = q::temp_login_failed(db, row->member_id, c.login_max_failures,
                                                  c.login_lock_minutes);
            audit(db, "login_failed", row->member_id, id, ctx.req.remote_addr, why);
            if (locked_now)
                audit(db, "login_locked", row->member_id, id, ctx.req.remote_addr,
                      "temporary id locked after repeated failures");
        });
        return {};
    }
    in_transaction(ctx.db, [&](Db& db) {
        q::temp_login_succeeded(db, row->member_id);
        audit(db, "login_ok", row->member_id, id, ctx.req.remote_addr, "temporary id");
    });
    return {true, row->member_id, std::nullopt, Stage::TempLogin};
}

Attempt attempt_permanent(Context& ctx, const std::string& id, const std::string& password) {
    const Config& c = ctx.config;
    auto row = q::account_login_by_user_id(ctx.db, id, c.password_max_days);
    const bool match =
        verify_password(password, row ? row->password_hash : dummy_hash(c.password_hash));
    if (!row) {
        audit(ctx.db, "login_failed", std::nullopt, id, ctx.req.remote_addr, "unknown id");
        return {};
    }
    if (row->locked || !match) {
        in_transaction(ctx.db, [&](Db& db) {
            bool locked_now = false;
            if (!row->locked)
                locked_now = q::account_login_failed(db, row->id, c.login_max_failures,
                                                     c.login_lock_minutes);
            audit(db, "login_failed", row->member_id, id, ctx.req.remote_addr,
                  row->locked ? "locked" : "wrong password");
            if (locked_now)
                audit(db, "login_locked", row->member_id, id, ctx.req.remote_addr,
                      "user id locked after repeated failures");
        });
        return {};
    }
    // The cost may have risen since this hash was made: upgrade it now,
    // while the plain password is at hand.
    std::string upgraded;
    if (needs_rehash(row->password_hash, c.password_hash))
        upgraded = hash_password(password, c.password_hash);
    in_transaction(ctx.db, [&](Db& db) {
        q::account_login_succeeded(db, row->id);
        if (!upgraded.empty())
            q::account_set_password_hash(db, row->id, upgraded);
        audit(db, "login_ok", row->member_id, id, ctx.req.remote_addr, "permanent id");
    });
    return {true, row->member_id, row->id,
            stage_after_login(row->password_expired, row->terms_pending)};
}

}  // namespace

void count_address_failure(Context& ctx, const std::string& id) {
    const Config& c = ctx.config;
    if (c.login_addr_max_failures == 0)
        return;
    in_transaction(ctx.db, [&](Db& db) {
        if (q::addr_login_failed(db, ctx.req.remote_addr, c.login_addr_max_failures,
                                 c.login_lock_minutes, c.login_lock_minutes))
            audit(db, "login_addr_locked", std::nullopt, id, ctx.req.remote_addr,
                  "client address locked after repeated failures");
    });
}

bool address_locked(Context& ctx) {
    return ctx.config.login_addr_max_failures != 0 && q::addr_locked(ctx.db, ctx.req.remote_addr);
}

Response login_form(Context& ctx) {
    // The login page needs no database: its CSRF token is derived from the
    // cookie, so a wave of members opening it costs only a render.
    const bool expired = query_param(ctx.req.query, "expired") == "1";
    if (!expired) {
        // The templates and the configuration are fixed for the life of the
        // process, so is the page; a renderer other than the first one (a
        // test) gets its own rendering.
        static const EmptyLoginForm form = render_empty_login(ctx.renderer, ctx.config);
        if (form.renderer == &ctx.renderer) {
            Response res = form.head;
            const std::string csrf = ctx.csrf();
            res.body.reserve(form.before.size() + csrf.size() + form.after.size());
            res.body.append(form.before).append(csrf).append(form.after);
            return res;
        }
    }
    return render_login(ctx, "", expired ? Reason::SessionExpired : Reason::Ok);
}

Response login_submit(Context& ctx) {
    const std::string id = normalize_input(ctx.req.field("user_id"));
    const std::string& password = ctx.req.field("password");
    if (id.empty() || password.empty())
        return render_login(ctx, id, Reason::Ok, id.empty() ? Reason::Required : Reason::Ok,
                            password.empty() ? Reason::Required : Reason::Ok);

    // What a request can be refused without a hash costs no slot, so a
    // flood of it takes none from the members (SECURITY.md "Logins under a
    // flood"). None of it depends on whether the ID exists: an ID too long or
    // not UTF-8 cannot exist, and a locked address gets this answer for any ID.
    if (id.size() > kMaxLoginId || !is_valid_utf8(id)) {
        count_address_failure(ctx, std::string());
        return render_login(ctx, std::string(), Reason::LoginFailed);
    }
    if (address_locked(ctx)) {
        audit(ctx.db, "login_failed", std::nullopt, id, ctx.req.remote_addr, "address locked");
        return render_login(ctx, id, Reason::LoginFailed);
    }
    Attempt attempt;
    if (is_temp_id(id)) {
        // temp_password_scrypt is cheap (0.3 ms and 128 KiB at its default):
        // the wave of temporary logins does not queue behind the permanent hashes.
        attempt = attempt_temp(ctx, id, password);
    } else {
        auto slot = ctx.hash_slot();
        if (!slot)
            return error_page(ctx.renderer, ctx.config, slot.status());
        attempt = attempt_permanent(ctx, id, password);
    }
    if (!attempt.ok) {
        count_address_failure(ctx, id);
        return render_login(ctx, id, Reason::LoginFailed);
    }

    // After the password, the second factor, unless the policy asks none
    // or the browser is trusted; the required actions wait behind it.
    const FactorNeed need =
        attempt.account_id ? second_factor_needed(ctx, *attempt.account_id) : FactorNeed::None;
    if (need != FactorNeed::None)
        attempt.stage = Stage::SecondFactor;

    Session s;
    s.member_id = attempt.member_id;
    s.account_id = attempt.account_id;
    s.stage = attempt.stage;
    (void)start_session(ctx, s);  // a fresh Session always gets its row
    if (need == FactorNeed::Mail && mail_login_code(ctx, *attempt.account_id) != Reason::Ok)
        return Response::redirect("/login/code?limit=1");
    return Response::redirect(stage_home(s.stage));
}

Response logout_submit(Context& ctx) {
    end_session(ctx);
    return Response::redirect("/login");
}

}  // namespace kosmo
