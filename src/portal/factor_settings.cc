// factor_settings.cc: the 二段階認証 section of 登録情報の変更: its state,
// 認証アプリの解除 (the password and a current code), 信頼したブラウザを
// すべて解除, and codes by mail on or off under the policy `optional`
#include <ctime>
#include <functional>

#include "factor.h"
#include "factor_mail.h"
#include "log.h"
#include "portal.h"
#include "q/factors.h"
#include "render.h"
#include "totp_key.h"

namespace kosmo {

namespace {

// How a code typed for the removal is proved in the removal's transaction
// (true: spent now, it proves nothing again), and the reason shown when it
// does not prove.
struct CodeProof {
    std::function<bool(Db&)> prove;  // empty: proves nothing
    Reason wrong = Reason::CodeWrong;
    const char* what = "wrong app code";  // for the audit
};

// TYPED as the app's current code (accepted once: its step stored) or as
// one of the account's unused recovery codes.
CodeProof code_proof(Context& ctx, const q::AccountFactors& f, const std::string& typed) {
    CodeProof p;
    if (const auto code = typed_code(typed)) {
        const auto key = open_totp_secret(ctx.config.secret_bytes, f.account_id, f.totp_key);
        if (!key) {
            log_error("kosmo-portal", ctx.req.request_id,
                      "account " + std::to_string(f.account_id) +
                          ": its app key does not open with this server secret");
            p.what = "app key unreadable";
            return p;
        }
        const TotpResult r = check_totp(*key, *code, std::time(nullptr), f.totp_last_step);
        if (r.check == TotpCheck::Wrong)
            return p;
        p.wrong = Reason::CodeReplayed;
        p.what = "app code replayed";
        if (r.check == TotpCheck::Accepted) {
            const std::int64_t account = f.account_id, step = r.step;
            p.prove = [account, step](Db& db) { return q::totp_accept_step(db, account, step); };
        }
        return p;
    }
    p.wrong = Reason::RecoveryCodeWrong;
    p.what = "wrong recovery code";
    if (const auto code = typed_recovery_code(typed)) {
        const std::int64_t account = f.account_id;
        const std::string hash =
            code_hash(ctx.config.secret_bytes, CodeKind::Recovery, account, *code);
        p.prove = [account, hash](Db& db) { return q::recovery_code_use(db, account, hash); };
    }
    return p;
}

enum class Removal { Removed, Gone, Refused };

// Removes F's app when PROOF proves, in one transaction with its audit
// event and notice (MAIL); otherwise counts a wrong code toward the
// account's wait (LOCKED: it began now).
Removal remove_app(Context& ctx, const PortalMember& pm, const q::AccountFactors& f,
                   const CodeProof& proof, std::optional<std::uint64_t>& mail, bool& locked) {
    return in_transaction(ctx.db, [&](Db& db) {
        mail.reset();
        locked = false;
        if (proof.prove && proof.prove(db)) {
            if (!q::totp_remove(db, f.account_id))
                return Removal::Gone;  // removed meanwhile by another request
            audit(db, "factor_app_removed", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
                  "authenticator app removed by the member");
            mail = queue_factor_changed(db, ctx.renderer, ctx.config, f, pm.member.name,
                                        FactorChange::AppRemoved);
            return Removal::Removed;
        }
        audit(db, "factor_failed", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              std::string(proof.what) + " at removal");
        locked = q::factor_failed(db, f.account_id, kFactorMaxFailures, kFactorLockMinutes);
        if (locked)
            audit(db, "factor_locked", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
                  "code step waits 30 minutes after repeated wrong codes");
        return Removal::Refused;
    });
}

}  // namespace

void show_factor_settings(Context& ctx, const PortalMember& pm, Page& page,
                          const FactorErrors& errors) {
    const auto f = q::account_factors(ctx.db, pm.account.id);
    const bool app = f && f->has_app();
    const MfaPolicy policy = mfa_policy(ctx, pm);
    auto& body = page.body();
    if (app) {
        body.ShowSection("APP_SET");
        const unsigned left = q::recovery_codes_left(ctx.db, pm.account.id);
        body.SetIntValue("RECOVERY_LEFT", left);
        if (left == 0)
            body.ShowSection("RECOVERY_NONE");
    } else if (policy != MfaPolicy::Off) {
        body.ShowSection("APP_UNSET");
    }
    // Codes by mail: an app, once set up, is asked for instead (factor_needed).
    if (app && policy != MfaPolicy::Off)
        body.ShowSection("MAIL_BY_APP");
    else if (!app && policy == MfaPolicy::Required)
        body.ShowSection("MAIL_ALWAYS");
    else if (!app && policy == MfaPolicy::Optional)
        body.ShowSection("MAIL_SWITCH");
    if (!app && policy == MfaPolicy::Optional && f && f->mail_codes)
        body.ShowSection("MAIL_CODES_ON");
    if (app || policy != MfaPolicy::Off)
        body.ShowSection("TRUSTED");
    else
        body.ShowSection("FACTOR_OFF");
    if (errors.remove_password != Reason::Ok)
        page.field_error("remove_password", errors.remove_password);
    if (errors.remove_code != Reason::Ok)
        page.field_error("remove_code", errors.remove_code);
}

Response app_remove(Context& ctx, const PortalMember& pm) {
    const auto f = q::account_factors(ctx.db, pm.account.id);
    if (!f || !f->has_app())
        return Response::redirect("/settings");
    FactorErrors e;
    e.remove_password = check_current_password(ctx, pm, ctx.req.field("remove_password"));
    if (e.remove_password == Reason::End)
        return error_page(ctx.renderer, ctx.config, 503);
    const std::string typed = ctx.req.field("remove_code");
    if (normalize_input(typed).empty()) {
        e.remove_code = Reason::Required;
    } else if (f->locked) {
        audit(ctx.db, "factor_failed", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              "code step waiting (removal)");
        e.remove_code = Reason::FactorLocked;
    }
    // The code is compared only once the password is right: a session alone
    // (a browser left open) learns nothing of the codes here.
    if (e.remove_password != Reason::Ok || e.remove_code != Reason::Ok)
        return settings_with_factor_errors(ctx, pm, e);

    const CodeProof proof = code_proof(ctx, *f, typed);
    std::optional<std::uint64_t> mail;
    bool locked = false;
    switch (remove_app(ctx, pm, *f, proof, mail, locked)) {
    case Removal::Removed:
        ctx.send_after_response(*mail);
        return Response::redirect("/settings?done=app_removed");
    case Removal::Gone:
        return Response::redirect("/settings");
    case Removal::Refused:
        break;
    }
    e.remove_code = locked ? Reason::FactorLocked : proof.wrong;
    return settings_with_factor_errors(ctx, pm, e);
}

Response trusted_forget(Context& ctx, const PortalMember& pm) {
    in_transaction(ctx.db, [&](Db& db) {
        const std::uint64_t n = q::trusted_forget_all(db, pm.account.id);
        audit(db, "factor_trusted_forgotten", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              std::to_string(n) + " trusted browsers forgotten by the member");
    });
    return Response::redirect("/settings?done=trusted");
}

Response mail_codes_switch(Context& ctx, const PortalMember& pm) {
    // Only `optional` leaves it to the member: under `required` codes by
    // mail are always on, under `off` never asked; then there is no switch,
    // and its URL is as absent as a page a society does not offer.
    if (mfa_policy(ctx, pm) != MfaPolicy::Optional)
        return error_page(ctx.renderer, ctx.config, 404);
    return save_switch(ctx, pm,
                       {"mail_codes", q::mail_codes_set, "factor_mail_codes", "codes by mail on",
                        "codes by mail off", "mail_codes"});
}

}  // namespace kosmo
