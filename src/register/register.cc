// register.cc: step 3 — input, confirm, 実行 and the completion screen
#include "register.h"

#include "completion_mail.h"
#include "delivery.h"
#include "log.h"
#include "messages.h"
#include "password.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/sessions.h"
#include "q/temp_credentials.h"
#include "render.h"
#include "session.h"
#include "validate.h"

namespace kosmo {

namespace {

struct RegisterInput {
    std::string user_id;
    std::string email;
};

// The input screen with VALUES kept (never the passwords) and whatever
// errors PAGE already carries.
Response render_input(Context& ctx, const q::Member& member, const RegisterInput& values,
                      Page& page) {
    page.step(3);
    auto& body = page.body();
    body.SetValue("USER_ID", values.user_id);
    body.SetValue("EMAIL", values.email);
    show_password_days(body, ctx.config);
    const auto& domains = ctx.member_society().company_domains;
    if (parse_category(member.category) == Category::Employee && !domains.empty()) {
        body.ShowSection("EMPLOYEE_SECTION");
        for (const auto& domain : domains)
            body.AddSectionDictionary("DOMAIN")->SetValue("DOMAIN_NAME", domain);
    } else {
        body.ShowSection("PRIVATE_SECTION");
    }
    return page.finish();
}

enum class ExecuteOutcome { Created, AlreadyDone, UserIdTaken, MemberHasAccount, Gone };

// 実行's transaction for the session ID_HASH in DB: the account made from
// the session's pending entries, the mail queued (MAIL_ID). The session row
// is locked first: a second 実行 with the same session (double click,
// reload, another tab) waits here and then finds the stage already at
// Registered. The ID does not rotate at 実行 for that reason; it rotated at
// every step before.
ExecuteOutcome execute_in(Context& ctx, Db& db, const std::string& id_hash,
                          std::optional<std::uint64_t>& mail_id) {
    using Outcome = ExecuteOutcome;
    mail_id.reset();
    auto row = q::session_lock(db, id_hash);
    if (!row)
        return Outcome::Gone;
    if (row->stage == Stage::Registered)
        return Outcome::AlreadyDone;
    if (row->stage != Stage::Confirming)
        return Outcome::Gone;
    auto member = q::member_by_id(db, row->member_id);
    if (!member)
        return Outcome::Gone;
    const auto created = q::account_insert(db, row->member_id, row->pending_user_id,
                                           row->pending_password_hash, row->pending_email);
    // Refused because this very registration exists: a second 実行 of the
    // session on another Galera node committed it after this node read the
    // session (its stage not yet Registered here). Done, not a taken ID nor
    // another registration of the member.
    if (created.outcome != q::AccountInsert::Outcome::Created &&
        q::account_is_registration(db, row->member_id, row->pending_user_id,
                                   row->pending_password_hash))
        return Outcome::AlreadyDone;
    if (created.outcome == q::AccountInsert::Outcome::UserIdTaken) {
        q::session_set_stage(db, id_hash, Stage::Verified, std::nullopt);
        return Outcome::UserIdTaken;
    }
    if (created.outcome == q::AccountInsert::Outcome::MemberHasAccount)
        return Outcome::MemberHasAccount;
    q::temp_retire(db, row->member_id);
    q::session_set_stage(db, id_hash, Stage::Registered, created.id);
    // A second browser left at step 2 or 3 could go on trying birth
    // dates or reach the confirm screen of a registration now done.
    q::session_delete_member_unfinished_but(db, row->member_id, id_hash);
    audit(db, "registered", row->member_id, row->pending_user_id, ctx.req.remote_addr, "");
    const Society& society = ctx.member_society();
    const std::string message = completion_mail(ctx.renderer, ctx.config, society, *member,
                                                row->pending_user_id, row->pending_email);
    mail_id =
        queue_mail(db, "registered", society.insurer_number,
                   "registered:" + std::to_string(row->member_id), row->pending_email, message);
    return Outcome::Created;
}

}  // namespace

std::optional<InputSession> input_session_or_respond(Context& ctx, Response& res) {
    auto s = session_in_stage_or_respond(ctx, {Stage::Verified, Stage::Confirming}, res);
    if (!s)
        return std::nullopt;
    if (!s->member) {
        res = Response::redirect("/login");
        return std::nullopt;
    }
    q::Member member = std::move(*s->member);
    return InputSession{std::move(*s), std::move(member)};
}

Response register_form(Context& ctx, const InputSession& in) {
    // Back from the confirm screen (or a taken ID): the entries are kept.
    Page page(ctx, "register.tpl", title(Screen::Register));
    return render_input(ctx, in.member, {in.session.pending_user_id, in.session.pending_email},
                        page);
}

Response register_submit(Context& ctx, InputSession& found) {
    Session& s = found.session;
    const q::Member& member = found.member;

    RegisterInput in{normalize_input(ctx.req.field("user_id")),
                     normalize_input(ctx.req.field("email"))};
    // Passwords are taken exactly as typed: never trimmed, never truncated.
    const std::string& password = ctx.req.field("password");
    const std::string& confirm = ctx.req.field("password_confirm");
    const auto category = parse_category(member.category).value_or(Category::Employee);

    Page page(ctx, "register.tpl", title(Screen::Register));
    Reason user_id = validate_user_id(in.user_id);
    if (user_id == Reason::Ok && q::account_user_id_taken(ctx.db, in.user_id))
        user_id = Reason::UserIdTaken;
    Reason pw = validate_password(password, in.user_id);
    Reason pw_confirm =
        pw == Reason::Ok ? validate_password_confirm(password, confirm) : Reason::Ok;
    if (confirm.empty())
        pw_confirm = Reason::Required;
    const Reason email = validate_email(in.email, category, ctx.member_society().company_domains);

    // A slot only when hashing follows (the temporary-password check and,
    // with valid entries, the new hash), held until both are done.
    auto slot = pw == Reason::Ok ? ctx.hash_slot() : HashGate::Admission{};
    if (pw == Reason::Ok && !slot)
        return error_page(ctx.renderer, ctx.config, slot.status());
    if (pw == Reason::Ok) {
        auto temp_hash = q::temp_hash_by_member(ctx.db, member.id);
        if (temp_hash && verify_password(password, *temp_hash))
            pw = Reason::PasswordEqualsTemporary;
    }

    if (user_id != Reason::Ok)
        page.field_error("user_id", user_id);
    if (pw != Reason::Ok)
        page.field_error("password", pw);
    if (pw_confirm != Reason::Ok)
        page.field_error("password_confirm", pw_confirm);
    if (email != Reason::Ok)
        page.field_error("email", email);
    if (page.has_errors())
        return render_input(ctx, member, in, page);

    // From here on the password exists only as this hash, in the session row.
    s.pending_password_hash = hash_password(password, ctx.config.password_hash);
    s.pending_user_id = in.user_id;
    s.pending_email = in.email;
    s.stage = Stage::Confirming;
    if (!start_session(ctx, s))
        return Response::redirect("/login?expired=1");
    return Response::redirect(stage_home(Stage::Confirming));
}

Response register_confirm(Context& ctx, const Session& s) {
    Page page(ctx, "confirm.tpl", title(Screen::Confirm));
    page.step(3);
    page.body().SetValue("USER_ID", s.pending_user_id);
    page.body().SetValue("EMAIL", s.pending_email);
    page.body().SetValue("PASSWORD_MASK", "********");
    page.body().SetValue("MAIL_FROM", ctx.config.mail_from);
    return page.finish();
}

Response register_back(Context&, const Session&) {
    // The session keeps the entries; GET /register shows them again.
    return Response::redirect("/register");
}

Response register_execute(Context& ctx, const Session& s) {
    if (s.stage == Stage::Registered)
        return Response::redirect(stage_home(Stage::Registered));

    std::optional<std::uint64_t> mail_id;
    const std::string id_hash = s.id_hash;
    const ExecuteOutcome outcome =
        in_transaction(ctx.db, [&](Db& db) { return execute_in(ctx, db, id_hash, mail_id); });

    switch (outcome) {
    case ExecuteOutcome::Created:
        if (mail_id)
            ctx.send_after_response(*mail_id);
        [[fallthrough]];
    case ExecuteOutcome::AlreadyDone:
        return Response::redirect(stage_home(Stage::Registered));
    case ExecuteOutcome::UserIdTaken: {
        if (!s.member)
            return Response::redirect("/login");
        Page page(ctx, "register.tpl", title(Screen::Register));
        page.field_error("user_id", Reason::UserIdTaken);
        return render_input(ctx, *s.member, {s.pending_user_id, s.pending_email}, page);
    }
    case ExecuteOutcome::MemberHasAccount: {
        end_session(ctx);
        Page page(ctx, "message.tpl", title(Screen::Register));
        page.body().SetValue("MESSAGE", message(Reason::AlreadyRegistered));
        page.body().SetValue("LINK", "/login");
        page.body().SetValue("LINK_TEXT", to_login_text());
        return page.finish();
    }
    case ExecuteOutcome::Gone:
        break;
    }
    return Response::redirect("/login?expired=1");
}

Response register_done(Context& ctx, const Session& s) {
    auto account = s.account_id ? q::account_by_id(ctx.db, *s.account_id) : std::nullopt;
    if (!account)
        return Response::redirect("/login");
    Page page(ctx, "done.tpl", title(Screen::Done));
    page.step(4);
    page.body().SetValue("EMAIL", account->email);
    return page.finish();
}

}  // namespace kosmo
