// verify.cc: step 2 — the identity check (保険者番号, 生年月日, consent)
#include "verify.h"

#include "log.h"
#include "messages.h"
#include "password.h"
#include "q/members.h"
#include "q/terms.h"
#include "render.h"
#include "session.h"
#include "terms_page.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

struct VerifyInput {
    std::string insurer_number;
    std::string birth_date;
    bool agreed = false;
};

Response render_verify(Context& ctx, const VerifyInput& in, Page& page) {
    page.step(2);
    auto& body = page.body();
    body.ShowSection("FORM_SECTION");
    body.SetValue("INSURER_NUMBER", in.insurer_number);
    body.SetValue("BIRTH_DATE", in.birth_date);
    // Read only when the page is shown: the passing POST needs no version
    // (the consent takes the newest in its own statement).
    auto terms = q::terms_newest(ctx.db, ctx.member_society().insurer_number);
    body.SetValue("TERMS_VERSION", terms ? terms->version : ctx.config.terms_version);
    if (in.agreed)
        body.ShowSection("AGREE_CHECKED");
    return page.finish();
}

Response render_locked(Context& ctx) {
    Page page(ctx, "verify.tpl", title(Screen::Verify));
    page.step(2);
    page.form_error(Reason::IdentityLocked);
    page.body().ShowSection("LOCKED_SECTION");
    return page.finish();
}

}  // namespace

Response verify_form(Context& ctx, const Session& s) {
    if (s.member && s.member->verify_locked)
        return render_locked(ctx);
    Page page(ctx, "verify.tpl", title(Screen::Verify));
    return render_verify(ctx, {}, page);
}

Response verify_submit(Context& ctx, Session& s) {
    const auto& member = s.member;
    if (!member)
        return Response::redirect("/login");
    if (member->verify_locked)
        return render_locked(ctx);

    VerifyInput in;
    in.insurer_number = normalize_input(ctx.req.field("insurer_number"));
    in.birth_date = normalize_input(ctx.req.field("birth_date"));
    in.agreed = ctx.req.field("agree") == "1";

    Page page(ctx, "verify.tpl", title(Screen::Verify));
    const Reason insurer = validate_insurer_number(in.insurer_number);
    const Reason birth = validate_birth_date(in.birth_date, today_in_japan());
    if (insurer != Reason::Ok)
        page.field_error("insurer_number", insurer);
    if (birth != Reason::Ok)
        page.field_error("birth_date", birth);
    if (!in.agreed)
        page.field_error("agree", Reason::ConsentRequired);
    if (page.has_errors()) {
        // Echo only what can be shown safely as typed; a malformed value is
        // kept so the member can correct it.
        return render_verify(ctx, in, page);
    }

    // Both compared, always: which one differed is never told.
    const bool same_insurer = constant_time_equal(in.insurer_number, member->insurer_number);
    const bool same_birth = constant_time_equal(in.birth_date, member->birth_date);
    if (!(same_insurer && same_birth)) {
        const bool locked = in_transaction(ctx.db, [&](Db& db) {
            const bool now_locked =
                q::member_verify_failed(db, member->id, ctx.config.verify_max_failures);
            audit(db, "verify_failed", member->id, "", ctx.req.remote_addr,
                  same_insurer ? "birth date" : "insurer number");
            if (now_locked)
                audit(db, "verify_locked", member->id, "", ctx.req.remote_addr,
                      "identity check locked after repeated mismatches");
            return now_locked;
        });
        if (locked)
            return render_locked(ctx);
        page.form_error(Reason::IdentityMismatch);
        in.birth_date.clear();
        return render_verify(ctx, in, page);
    }

    // The busiest POST of a wave: the read of the session and its member,
    // then one transaction with one commit. The consent is also the audit
    // record of the passed check (kosmoctl audit shows it as verify_ok).
    switch (start_verified_session(ctx, s)) {
    case Verified::Moved:
        break;
    case Verified::Locked:
        return render_locked(ctx);
    case Verified::Gone:
        return Response::redirect("/login?expired=1");
    }
    return Response::redirect(stage_home(Stage::Verified));
}

Response terms_page(Context& ctx) {
    // Step 2 links this page: a member on the way sees the terms in force
    // for their own society; anyone else the site's.
    load_session(ctx);
    const std::string insurer = ctx.society ? ctx.society->insurer_number : "";
    Page page(ctx, "terms.tpl", title(Screen::Terms));
    fill_terms(page.body(), q::terms_newest(ctx.db, insurer), ctx.config);
    return page.finish();
}

}  // namespace kosmo
