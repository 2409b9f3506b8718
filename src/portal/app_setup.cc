// app_setup.cc: 認証アプリの設定: a new key for this session, its QR code
// (served to this session only), the confirming code, and the ten
// リカバリーコード shown once
#include <ctime>

#include "factor.h"
#include "factor_mail.h"
#include "log.h"
#include "messages.h"
#include "portal.h"
#include "q/factors.h"
#include "render.h"
#include "totp_key.h"

namespace kosmo {

namespace {

// The key as the page shows it for typing: Base32 in groups of four.
constexpr std::size_t kKeyGroup = 4;

// The key this session is setting up, sealed as stored; none when it has
// none.
std::optional<std::string> pending_sealed(Context& ctx, const PortalMember& pm) {
    return q::session_totp_pending(ctx.db, pm.session.id_hash);
}

// SEALED opened for PM's account; none when it does not open (sealed under
// another server secret: the member starts again with a new key).
std::optional<std::string> opened(Context& ctx, const PortalMember& pm,
                                  const std::optional<std::string>& sealed) {
    if (!sealed)
        return std::nullopt;
    return open_totp_secret(ctx.config.secret_bytes, pm.account.id, *sealed);
}

// Where a member who may not set an app up now goes instead: one who has
// one already to the settings page; under the policy `off`, where nothing
// asks for one, the page is as absent as its link (the portal's 404).
// Nothing for a member who may.
std::optional<Response> cannot_set_up(Context& ctx, const PortalMember& pm,
                                      const std::optional<q::AccountFactors>& f) {
    if (!f || f->has_app())
        return Response::redirect("/settings");
    if (mfa_policy(ctx, pm) == MfaPolicy::Off)
        return error_page(ctx.renderer, ctx.config, 404);
    return std::nullopt;
}

Response render_setup(Context& ctx, const std::string& key, Reason code) {
    Page page(ctx, "app-setup.tpl", title(Screen::AppSetup));
    page.body().SetValue("KEY", in_groups(base32(key), kKeyGroup));
    if (code != Reason::Ok)
        page.field_error("app_code", code);
    return page.finish(page.has_errors() ? 400 : 200);
}

// The page of the codes: the only time they are ever shown.
Response render_recovery_codes(Context& ctx, const std::vector<std::string>& codes) {
    Page page(ctx, "recovery-codes.tpl", title(Screen::RecoveryCodes));
    auto& body = page.body();
    body.SetIntValue("COUNT", static_cast<long>(codes.size()));
    for (const auto& code : codes)
        body.AddSectionDictionary("CODE")->SetValue("VALUE", recovery_code_display(code));
    return page.finish();
}

}  // namespace

Response app_setup_page(Context& ctx, const PortalMember& pm) {
    const auto f = q::account_factors(ctx.db, pm.account.id);
    if (auto elsewhere = cannot_set_up(ctx, pm, f))
        return *elsewhere;
    // The same key until it is confirmed (or the session ends), so that a
    // reload shows what the app may have read already.
    auto key = opened(ctx, pm, pending_sealed(ctx, pm));
    if (!key) {
        key = new_totp_secret();
        q::session_set_totp_pending(ctx.db, pm.session.id_hash,
                                    seal_totp_secret(ctx.config.secret_bytes, pm.account.id, *key));
    }
    return render_setup(ctx, *key, Reason::Ok);
}

Response app_qr(Context& ctx, const PortalMember& pm) {
    // Only the key of this very session: another session (of this member
    // or another) has its own or none, and then the image does not exist.
    const auto key = opened(ctx, pm, pending_sealed(ctx, pm));
    if (!key)
        return error_page(ctx.renderer, ctx.config, 404);
    Response res;
    res.content_type = "image/svg+xml";
    res.body = qr_svg(otpauth_uri(ctx.config.site_name, pm.account.user_id, *key));
    // The house's headers, no-store among them: a key is never cached.
    add_security_headers(res, false);
    return res;
}

Response app_setup_submit(Context& ctx, const PortalMember& pm) {
    const auto f = q::account_factors(ctx.db, pm.account.id);
    if (auto elsewhere = cannot_set_up(ctx, pm, f))
        return *elsewhere;
    const auto sealed = pending_sealed(ctx, pm);
    const auto key = opened(ctx, pm, sealed);
    if (!key)
        return Response::redirect("/settings/app");
    const std::string typed = ctx.req.field("app_code");
    if (normalize_input(typed).empty())
        return render_setup(ctx, *key, Reason::Required);
    const auto code = typed_code(typed);
    const TotpResult r =
        code ? check_totp(*key, *code, std::time(nullptr), 0) : TotpResult{TotpCheck::Wrong, 0};
    if (r.check != TotpCheck::Accepted) {
        audit(ctx.db, "factor_failed", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              "wrong app code at set-up");
        return render_setup(ctx, *key, Reason::CodeWrong);
    }

    const std::vector<std::string> codes = new_recovery_codes();
    std::vector<std::string> hashes;
    for (const auto& c : codes)
        hashes.push_back(code_hash(ctx.config.secret_bytes, CodeKind::Recovery, f->account_id, c));
    const auto mail = in_transaction(ctx.db, [&](Db& db) -> std::optional<std::uint64_t> {
        // The session's row first: of two submits of one page the second
        // waits here, then finds the key taken, and sets nothing (else its
        // codes would replace those the first page shows).
        q::session_lock(db, pm.session.id_hash);
        if (q::session_totp_pending(db, pm.session.id_hash) != sealed)
            return std::nullopt;
        // Accepted up to the confirming code's step: it opens no login.
        q::totp_set(db, f->account_id, *sealed, r.step, hashes);
        q::session_set_totp_pending(db, pm.session.id_hash, "");
        audit(db, "factor_app_set", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              "authenticator app set up; 10 recovery codes issued");
        return queue_factor_changed(db, ctx.renderer, ctx.config, *f, pm.member.name,
                                    FactorChange::AppSet);
    });
    if (!mail)
        return Response::redirect("/settings");
    ctx.send_after_response(*mail);
    return render_recovery_codes(ctx, codes);
}

}  // namespace kosmo
