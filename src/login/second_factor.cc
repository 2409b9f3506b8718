// second_factor.cc: the second factor at login (SPEC "二段階認証"): what a
// password login must prove next, the code page (a code by mail, or the
// app's), the recovery-code form, and trusted browsers
#include "login.h"

#include <ctime>

#include "factor.h"
#include "factor_mail.h"
#include "log.h"
#include "messages.h"
#include "password.h"
#include "q/accounts.h"
#include "q/factors.h"
#include "render.h"
#include "text.h"
#include "totp_key.h"

namespace kosmo {

namespace {

constexpr unsigned kMailCodeValidMinutes = 10;
constexpr unsigned kMailCodesPerHour = 5;
constexpr unsigned kMailCodeMaxWrong = 5;
constexpr unsigned kTrustedDays = 30;

bool secure_cookies(const Context& ctx) {
    return ctx.config.secure_cookies || ctx.req.https;
}

FactorNeed need_of(const Context& ctx, const q::AccountFactors& f) {
    return factor_needed(mfa_in_force(ctx.config.mfa, f.society_mfa), f.has_app(), f.mail_codes);
}

// True when this browser carries a trusted-browser token of ACCOUNT_ID that
// has not expired.
bool browser_trusted(Context& ctx, std::int64_t account_id) {
    const std::string& token = ctx.req.cookie(trusted_cookie_name(secure_cookies(ctx)));
    return token_well_formed(token) && q::trusted_valid(ctx.db, sha256(token), account_id);
}

// The session's account's factors; none when the account is gone.
std::optional<q::AccountFactors> factors_of(Context& ctx, const Session& s) {
    if (!s.account_id)
        return std::nullopt;
    return q::account_factors(ctx.db, *s.account_id);
}

// A flooding address (login.h's address_locked, from F as session_at_code read it).
bool address_locked(const Context& ctx, const q::AccountFactors& f) {
    return ctx.config.login_addr_max_failures != 0 && f.address_locked;
}

struct CodeView {
    Reason code = Reason::Ok;  // next to the field
    Reason form = Reason::Ok;  // for the whole form
    bool resent = false;
};

Response render_code(Context& ctx, const q::AccountFactors& f, const CodeView& v) {
    Page page(ctx, "login-code.tpl", title(Screen::SecondFactor));
    auto& body = page.body();
    if (f.has_app()) {
        body.ShowSection("APP_MODE");
    } else {
        body.ShowSection("MAIL_MODE");
        body.SetValue("MASKED_EMAIL", masked_address(f.email));
    }
    if (v.resent)
        body.ShowSection("RESENT");
    if (v.form != Reason::Ok)
        page.form_error(v.form);
    if (v.code != Reason::Ok)
        page.field_error("code", v.code);
    return page.finish(page.has_errors() ? 400 : 200);
}

Response render_recovery(Context& ctx, Reason reason) {
    Page page(ctx, "login-recovery.tpl", title(Screen::RecoveryLogin));
    if (reason != Reason::Ok)
        page.field_error("recovery_code", reason);
    return page.finish(page.has_errors() ? 400 : 200);
}

// The second factor proved (HOW, for the audit): the session moves on to
// the first required action or the menu (F read by session_at_code), and
// with TRUST this browser is trusted for 30 days. PROVE runs first in the
// same transaction and may refuse (a replay, a code used meanwhile by a
// double submit): then nothing moves and its reason is returned. PROVE also
// clears the account's wrong-code count where its kind counts toward it.
// One transaction, as its one commit costs MariaDB less than the three of
// its writes made one by one (docs/PERFORMANCE.md, "The second factor").
template <typename Prove>
Reason pass_factor(Context& ctx, Session& s, const q::AccountFactors& f, const char* how,
                   Prove&& prove, Response& res) {
    const bool trust = ctx.req.field("trust") == "1";
    const std::string token = trust ? random_token(32) : std::string();
    const Stage next = stage_after_login(f.password_expired, f.terms_pending);
    Reason refused = Reason::Ok;
    const bool moved = in_transaction(ctx.db, [&](Db& db) {
        refused = prove(db);
        if (refused != Reason::Ok)
            return false;
        if (trust)
            q::trusted_insert(db, sha256(token), f.account_id, kTrustedDays);
        audit(db, "factor_ok", f.member_id, f.user_id, ctx.req.remote_addr,
              std::string(how) + (trust ? "; browser trusted for 30 days" : ""));
        s.stage = next;
        return start_session(ctx, s);
    });
    if (refused != Reason::Ok)
        return refused;
    res = Response::redirect(moved ? stage_home(next) : "/login?expired=1");
    if (moved && trust)
        res.header("Set-Cookie", trusted_cookie(token, secure_cookies(ctx), kTrustedDays));
    return Reason::Ok;
}

// A refused code (WHY, for the audit): counts toward the address's lock,
// and for the app and recovery codes (PER_ACCOUNT) toward the account's
// 30-minute wait.
void code_refused(Context& ctx, const q::AccountFactors& f, const char* why, bool per_account) {
    in_transaction(ctx.db, [&](Db& db) {
        audit(db, "factor_failed", f.member_id, f.user_id, ctx.req.remote_addr, why);
        if (per_account &&
            q::factor_failed(db, f.account_id, kFactorMaxFailures, kFactorLockMinutes))
            audit(db, "factor_locked", f.member_id, f.user_id, ctx.req.remote_addr,
                  "code step waits 30 minutes after repeated wrong codes");
    });
    count_address_failure(ctx, f.user_id);
}

// The app's code CODE for S: Reason::Ok with RES set when it let the member in.
Reason check_app_code(Context& ctx, Session& s, const q::AccountFactors& f, const std::string& code,
                      Response& res) {
    const auto key = open_totp_secret(ctx.config.secret_bytes, f.account_id, f.totp_key);
    if (!key) {
        // Sealed under another server secret (or damaged): no code can match.
        log_error("kosmo-login", ctx.req.request_id,
                  "account " + std::to_string(f.account_id) +
                      ": its app key does not open with this server secret");
        code_refused(ctx, f, "app key unreadable", true);
        return Reason::CodeWrong;
    }
    const TotpResult r = check_totp(*key, code, std::time(nullptr), f.totp_last_step);
    if (r.check == TotpCheck::Accepted) {
        const Reason why = pass_factor(
            ctx, s, f, "app code",
            // The step stored clears the wrong-code count with it.
            [&](Db& db) {
                return q::totp_accept_step(db, f.account_id, r.step) ? Reason::Ok
                                                                     : Reason::CodeReplayed;
            },
            res);
        if (why == Reason::Ok)
            return why;
    }
    const bool replayed = r.check != TotpCheck::Wrong;
    code_refused(ctx, f, replayed ? "app code replayed" : "wrong app code", true);
    return replayed ? Reason::CodeReplayed : Reason::CodeWrong;
}

// The mailed code CODE for S, as check_app_code. A wrong entry counts
// against the code: the fifth spends it.
Reason check_mail_code(Context& ctx, Session& s, const q::AccountFactors& f,
                       const std::string& code, Response& res) {
    const std::string& secret = ctx.config.secret_bytes;
    const Reason why = pass_factor(
        ctx, s, f, "mail code",
        [&](Db& db) {
            auto mc = q::mail_code_newest_locked(db, f.account_id);
            if (!mc || !mc->usable)
                return Reason::CodeSpent;
            if (code_matches(secret, CodeKind::Mail, f.account_id, code, mc->code_hash)) {
                q::mail_code_spend(db, mc->id);
                return Reason::Ok;
            }
            // The transaction commits the count, though it lets nobody in.
            return q::mail_code_wrong(db, mc->id, kMailCodeMaxWrong) ? Reason::CodeSpent
                                                                     : Reason::CodeWrong;
        },
        res);
    if (why == Reason::Ok)
        return why;
    code_refused(ctx, f, why == Reason::CodeSpent ? "mail code spent" : "wrong mail code", false);
    return why;
}

}  // namespace

FactorNeed second_factor_needed(Context& ctx, std::int64_t account_id) {
    const auto f = q::account_factors(ctx.db, account_id);
    if (!f)
        return FactorNeed::None;
    const FactorNeed need = need_of(ctx, *f);
    if (need != FactorNeed::None && browser_trusted(ctx, account_id)) {
        audit(ctx.db, "factor_ok", f->member_id, f->user_id, ctx.req.remote_addr,
              "trusted browser");
        return FactorNeed::None;
    }
    return need;
}

Reason mail_login_code(Context& ctx, std::int64_t account_id) {
    const auto f = q::account_factors(ctx.db, account_id);
    if (!f)
        return Reason::Ok;
    const std::string code = new_mail_code();
    const std::string hash = code_hash(ctx.config.secret_bytes, CodeKind::Mail, account_id, code);
    std::optional<std::uint64_t> mail_id;
    in_transaction(ctx.db, [&](Db& db) {
        // The account's row serialises two sends, so the hourly count holds.
        q::account_factor_lock(db, account_id);
        if (q::mail_codes_last_hour(db, account_id) >= kMailCodesPerHour) {
            audit(db, "factor_mail_limit", f->member_id, f->user_id, ctx.req.remote_addr,
                  "hourly limit of mailed codes reached");
            return;
        }
        q::mail_code_insert(db, account_id, hash, kMailCodeValidMinutes);
        mail_id = queue_login_code(db, ctx.renderer, ctx.config, *f, code);
        audit(db, "factor_mail_sent", f->member_id, f->user_id, ctx.req.remote_addr, "code mailed");
    });
    if (!mail_id)
        return Reason::CodeMailLimit;
    ctx.send_after_response(*mail_id);
    return Reason::Ok;
}

Response code_form(Context& ctx, const Session& s) {
    const auto f = factors_of(ctx, s);
    if (!f)
        return Response::redirect("/login");
    CodeView v;
    v.resent = query_param(ctx.req.query, "resent") == "1";
    if (f->has_app() && f->locked)
        v.form = Reason::FactorLocked;
    else if (!f->has_app() && query_param(ctx.req.query, "limit") == "1")
        v.form = Reason::CodeMailLimit;  // the login's own mail was not sent
    return render_code(ctx, *f, v);
}

Response code_submit(Context& ctx, Session& s) {
    const auto& f = s.factors;  // session_at_code's
    if (!f)
        return Response::redirect("/login");
    const std::string typed = ctx.req.field("code");
    if (normalize_input(typed).empty())
        return render_code(ctx, *f, {Reason::Required});
    // Refused before any code is compared: a flooding address, an app
    // whose code step waits.
    if (address_locked(ctx, *f) || (f->has_app() && f->locked)) {
        audit(ctx.db, "factor_failed", f->member_id, f->user_id, ctx.req.remote_addr,
              f->locked ? "code step waiting" : "address locked");
        return render_code(ctx, *f, {Reason::Ok, Reason::FactorLocked});
    }
    const auto code = typed_code(typed);
    Response res;
    Reason why = Reason::CodeWrong;
    if (!code)
        code_refused(ctx, *f, "malformed code", f->has_app());
    else if (f->has_app())
        why = check_app_code(ctx, s, *f, *code, res);
    else
        why = check_mail_code(ctx, s, *f, *code, res);
    if (why == Reason::Ok)
        return res;
    return render_code(ctx, *f, {why});
}

Response code_resend(Context& ctx, Session& s) {
    const auto f = factors_of(ctx, s);
    if (!f)
        return Response::redirect("/login");
    if (f->has_app())  // an app's member asks for no mail
        return Response::redirect("/login/code");
    if (const Reason r = mail_login_code(ctx, f->account_id); r != Reason::Ok)
        return render_code(ctx, *f, {Reason::Ok, r});
    return Response::redirect("/login/code?resent=1");
}

Response recovery_form(Context& ctx, const Session& s) {
    const auto f = factors_of(ctx, s);
    if (!f || !f->has_app())
        return Response::redirect("/login/code");
    return render_recovery(ctx, f->locked ? Reason::FactorLocked : Reason::Ok);
}

Response recovery_submit(Context& ctx, Session& s) {
    const auto& f = s.factors;  // session_at_code's
    if (!f || !f->has_app())
        return Response::redirect("/login/code");
    const std::string typed = ctx.req.field("recovery_code");
    if (normalize_input(typed).empty())
        return render_recovery(ctx, Reason::Required);
    if (address_locked(ctx, *f) || f->locked) {
        audit(ctx.db, "factor_failed", f->member_id, f->user_id, ctx.req.remote_addr,
              f->locked ? "code step waiting" : "address locked");
        return render_recovery(ctx, Reason::FactorLocked);
    }
    const auto code = typed_recovery_code(typed);
    Response res;
    if (code) {
        const std::string hash =
            code_hash(ctx.config.secret_bytes, CodeKind::Recovery, f->account_id, *code);
        const Reason why = pass_factor(
            ctx, s, *f, "recovery code",
            [&](Db& db) {
                if (!q::recovery_code_use(db, f->account_id, hash))
                    return Reason::RecoveryCodeWrong;
                q::factor_succeeded(db, f->account_id);
                return Reason::Ok;
            },
            res);
        if (why == Reason::Ok)
            return res;
    }
    code_refused(ctx, *f, "wrong recovery code", true);
    return render_recovery(ctx, Reason::RecoveryCodeWrong);
}

}  // namespace kosmo
