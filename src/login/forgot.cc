// forgot.cc: the forgotten password: the request form, the mail with a
// one-time link, and the link's page that sets a new password
#include "login.h"

#include "account.h"
#include "delivery.h"
#include "log.h"
#include "mail_template.h"
#include "messages.h"
#include "password.h"
#include "q/accounts.h"
#include "render.h"
#include "session.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

// Longer input is never an account's: it is not looked up (but costs the
// same work).
constexpr std::size_t kMaxField = 254;
// Where a mail that will not be queued is composed to, so both paths do
// the same work up to the insert.
constexpr const char* kNobody = "nobody@example.invalid";

Response render_forgot(Context& ctx, const std::string& user_id, const std::string& email,
                       Reason user_id_reason, Reason email_reason) {
    Page page(ctx, "forgot-password.tpl", title(Screen::ForgotPassword));
    page.body().SetValue("USER_ID", user_id);
    page.body().SetValue("EMAIL", email);
    if (user_id_reason != Reason::Ok)
        page.field_error("user_id", user_id_reason);
    if (email_reason != Reason::Ok)
        page.field_error("email", email_reason);
    return page.finish();
}

Response render_sent(Context& ctx, const char* section, const char* title) {
    Page page(ctx, "forgot-sent.tpl", title);
    page.body().ShowSection(section);
    return page.finish();
}

Response render_reset(Context& ctx, const std::string& token, Reason form_reason,
                      const PasswordCheck& check = {}) {
    Page page(ctx, "reset-password.tpl", title(Screen::ResetPassword));
    if (form_reason == Reason::ResetLinkInvalid) {
        page.form_error(form_reason);
        page.body().ShowSection("INVALID_SECTION");
        return page.finish();
    }
    page.body().ShowSection("FORM_SECTION");
    page.body().SetValue("TOKEN", token);
    show_new_password(ctx, page, check);
    return page.finish();
}

// The usable link's account, or none; a token that is not ours is never
// looked up.
std::optional<std::int64_t> usable_link(Context& ctx, const std::string& token) {
    if (!token_well_formed(token))
        return std::nullopt;
    return q::reset_usable(ctx.db, sha256(token));
}

}  // namespace

bool same_address(std::string_view a, std::string_view b) {
    return constant_time_equal(ascii_lower(a), ascii_lower(b));
}

Response forgot_password_form(Context& ctx) {
    return render_forgot(ctx, "", "", Reason::Ok, Reason::Ok);
}

Response forgot_password_submit(Context& ctx) {
    const std::string id = normalize_input(ctx.req.field("user_id"));
    const std::string email = normalize_input(ctx.req.field("email"));
    if (id.empty() || email.empty())
        return render_forgot(ctx, id.size() > kMaxField ? "" : id,
                             email.size() > kMaxField ? "" : email,
                             id.empty() ? Reason::Required : Reason::Ok,
                             email.empty() ? Reason::Required : Reason::Ok);

    // Every outcome does the same work up to the insert: one look-up, one
    // count, a token and a composed mail, one transaction with its audit
    // event; only a match within the hourly limit inserts the link and
    // queues the mail. The answer page is the same for all.
    std::optional<q::AccountAtDoor> account;
    if (id.size() <= kMaxField && is_valid_utf8(id))
        account = q::account_at_door_by_user_id(ctx.db, id);
    const bool match = account && same_address(account->email, email);
    const unsigned recent = q::resets_last_hour(ctx.db, account ? account->id : 0);
    const bool send = match && recent < kDoorMailsPerHour;

    const std::string token = random_token(32);
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("NAME", account ? account->name : "");
    dict.SetValue("RESET_URL", ctx.config.public_url + "password/reset?token=" + token);
    const std::string message =
        templated_mail(ctx.renderer, ctx.config, account ? account->society_name : "",
                       "mail/password-reset.tpl", send ? account->email : kNobody, dict);
    const char* detail = send ? "mail queued" : match ? "hourly limit reached" : "no match";

    std::optional<std::uint64_t> mail_id;
    in_transaction(ctx.db, [&](Db& db) {
        if (send) {
            q::reset_insert(db, sha256(token), account->id, kResetValidMinutes);
            mail_id = queue_mail(db, "password-reset", account->insurer_number,
                                 "password-reset:" + hex(sha256(token)), account->email, message);
        }
        audit(db, "reset_requested", account ? std::optional(account->member_id) : std::nullopt,
              id.size() > 64 ? "" : id, ctx.req.remote_addr, detail);
    });
    if (mail_id)
        ctx.send_after_response(*mail_id);
    return render_sent(ctx, "PASSWORD_SECTION", title(Screen::ForgotPassword));
}

Response reset_password_form(Context& ctx) {
    // Changes nothing: mail scanners and link previews open links.
    const std::string token = query_param(ctx.req.query, "token");
    if (!usable_link(ctx, token))
        return render_reset(ctx, "", Reason::ResetLinkInvalid);
    return render_reset(ctx, token, Reason::Ok);
}

Response reset_password_submit(Context& ctx) {
    const std::string& token = ctx.req.field("token");
    auto account_id = usable_link(ctx, token);
    if (!account_id)
        return render_reset(ctx, "", Reason::ResetLinkInvalid);

    NewPasswordRequest r = new_password_request(ctx, *account_id, "password_reset");
    r.reset_token_hash = sha256(token);
    const NewPasswordResult result = set_new_password(ctx, r);
    switch (result.outcome) {
    case NewPasswordOutcome::Busy:
        return error_page(ctx.renderer, ctx.config, 503);
    case NewPasswordOutcome::Invalid:
        return render_reset(ctx, token, Reason::Ok, result.check);
    case NewPasswordOutcome::LinkNotUsable:
        return render_reset(ctx, "", Reason::ResetLinkInvalid);
    case NewPasswordOutcome::Changed:
        break;
    }
    // This browser's session, if any, ended with the others.
    end_session(ctx);
    Page page(ctx, "password-done.tpl", title(Screen::ResetPassword));
    return page.finish();
}

}  // namespace kosmo
