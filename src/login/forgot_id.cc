// forgot_id.cc: the forgotten user ID: mail address and birth date in, the
// same answer page always, the user ID by mail when they match
#include "login.h"

#include "delivery.h"
#include "log.h"
#include "mail_template.h"
#include "messages.h"
#include "password.h"
#include "q/accounts.h"
#include "render.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

Response render_form(Context& ctx, const std::string& email, const std::string& birth_date,
                     Reason email_reason, Reason birth_reason) {
    Page page(ctx, "forgot-userid.tpl", title(Screen::ForgotUserId));
    page.body().SetValue("EMAIL", email);
    page.body().SetValue("BIRTH_DATE", birth_date);
    if (email_reason != Reason::Ok)
        page.field_error("email", email_reason);
    if (birth_reason != Reason::Ok)
        page.field_error("birth_date", birth_reason);
    return page.finish();
}

struct Reminder {
    q::AccountAtDoor account;
    std::string message;
};

// The reminders to queue: each account with the address whose member has
// BIRTH_DATE and is within the hourly limit. Every candidate costs the same
// (a count and a composed mail), matching or not.
std::vector<Reminder> reminders_for(Context& ctx, const std::string& email,
                                    const std::string& birth_date) {
    std::vector<Reminder> out;
    for (auto& a : q::accounts_at_door_by_email(ctx.db, email)) {
        const bool born = constant_time_equal(a.birth_date, birth_date);
        const bool room = q::reminders_last_hour(ctx.db, a.id) < kDoorMailsPerHour;
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("NAME", a.name);
        dict.SetValue("USER_ID", a.user_id);
        std::string message = templated_mail(ctx.renderer, ctx.config, a.society_name,
                                             "mail/user-id.tpl", a.email, dict);
        if (born && room)
            out.push_back({std::move(a), std::move(message)});
    }
    return out;
}

}  // namespace

Response forgot_userid_form(Context& ctx) {
    return render_form(ctx, "", "", Reason::Ok, Reason::Ok);
}

Response forgot_userid_submit(Context& ctx) {
    const std::string email = normalize_input(ctx.req.field("email"));
    const std::string birth = normalize_input(ctx.req.field("birth_date"));
    const Reason email_reason = email.empty()                                 ? Reason::Required
                                : email.size() > 254 || !is_valid_utf8(email) ? Reason::EmailInvalid
                                                                              : Reason::Ok;
    // Only the form is checked (no "future" here: a date after today simply
    // matches no member).
    const Reason birth_reason = validate_birth_date(birth, 99991231);
    if (email_reason != Reason::Ok || birth_reason != Reason::Ok)
        return render_form(ctx, email_reason == Reason::Ok ? email : "", birth, email_reason,
                           birth_reason);

    auto reminders = reminders_for(ctx, email, birth);
    std::vector<std::uint64_t> mail_ids;
    in_transaction(ctx.db, [&](Db& db) {
        mail_ids.clear();
        for (const auto& r : reminders) {
            q::reminder_insert(db, r.account.id);
            if (auto id =
                    queue_mail(db, "user-id", r.account.insurer_number,
                               "user-id:" + std::to_string(r.account.id) + ":" + random_token(12),
                               r.account.email, r.message))
                mail_ids.push_back(*id);
            audit(db, "userid_reminded", r.account.member_id, r.account.user_id,
                  ctx.req.remote_addr, "mail queued");
        }
        if (reminders.empty())
            audit(db, "userid_requested", std::nullopt, "", ctx.req.remote_addr, "no mail");
    });
    for (auto id : mail_ids)
        ctx.send_after_response(id);
    Page page(ctx, "forgot-sent.tpl", title(Screen::ForgotUserId));
    page.body().ShowSection("USERID_SECTION");
    return page.finish();
}

}  // namespace kosmo
