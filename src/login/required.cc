// required.cc: the required actions at login, before the menu: the expired
// password, then new terms of use
#include "login.h"

#include "account.h"
#include "log.h"
#include "messages.h"
#include "q/terms.h"
#include "render.h"
#include "session.h"
#include "terms_page.h"

namespace kosmo {

namespace {

Response render_expired(Context& ctx, const PasswordCheck& check) {
    Page page(ctx, "expired-password.tpl", title(Screen::PasswordExpired));
    page.form_error(Reason::PasswordExpired);
    show_new_password(ctx, page, check);
    return page.finish();
}

Response render_terms(Context& ctx, bool missing_consent) {
    Page page(ctx, "terms-new.tpl", title(Screen::NewTerms));
    fill_terms(page.body(), q::terms_newest(ctx.db, ctx.member_society().insurer_number),
               ctx.config);
    if (missing_consent)
        page.field_error("agree", Reason::ConsentRequired);
    return page.finish();
}

// Moves S on to its next stage (the next pending action, or the menu).
Response move_on(Context& ctx, Session& s, Stage next) {
    s.stage = next;
    if (!start_session(ctx, s))
        return Response::redirect("/login?expired=1");  // the login ended meanwhile
    return Response::redirect(stage_home(next));
}

}  // namespace

Stage stage_after_login(bool password_expired, bool terms_pending) {
    if (password_expired)
        return Stage::PasswordExpired;
    if (terms_pending)
        return Stage::TermsPending;
    return Stage::Member;
}

Response expired_password_form(Context& ctx, const Session&) {
    return render_expired(ctx, {});
}

Response expired_password_submit(Context& ctx, Session& s) {
    if (!s.account_id)
        return Response::redirect("/login");
    NewPasswordRequest r = new_password_request(ctx, *s.account_id, "password_expired_changed");
    r.keep_session_hash = s.id_hash;
    const NewPasswordResult result = set_new_password(ctx, r);
    switch (result.outcome) {
    case NewPasswordOutcome::Busy:
        return error_page(ctx.renderer, ctx.config, 503);
    case NewPasswordOutcome::Invalid:
        return render_expired(ctx, result.check);
    case NewPasswordOutcome::LinkNotUsable:
        return Response::redirect("/login");
    case NewPasswordOutcome::Changed:
        break;
    }
    const bool terms = q::terms_pending(ctx.db, s.member_id);
    return move_on(ctx, s, stage_after_login(false, terms));
}

Response new_terms_form(Context& ctx, const Session&) {
    return render_terms(ctx, false);
}

Response new_terms_submit(Context& ctx, Session& s) {
    if (ctx.req.field("agree") != "1")
        return render_terms(ctx, true);
    // The consent was given even when the login ended meanwhile: it stays.
    const bool moved = in_transaction(ctx.db, [&](Db& db) {
        q::consent_insert(db, s.member_id, ctx.req.remote_addr, "login");
        s.stage = Stage::Member;
        return start_session(ctx, s);
    });
    if (!moved)
        return Response::redirect("/login?expired=1");
    return Response::redirect(stage_home(Stage::Member));
}

}  // namespace kosmo
