// settings.cc: 登録情報の変更: the password (through the one set_new_password),
// the mail address (confirmed by a link to the new one), the notices switch,
// and the page around the 二段階認証 section (factor_settings.cc)
#include "account.h"
#include "delivery.h"
#include "log.h"
#include "mail_template.h"
#include "messages.h"
#include "password.h"
#include "portal.h"
#include "random.h"
#include "render.h"
#include "validate.h"

namespace kosmo {

namespace {

constexpr unsigned kEmailLinkHours = 24;

// What a settings page shows besides the account: field errors, and which
// change (if any) has just been made (?done=…).
struct SettingsView {
    PasswordCheck password;
    Reason current_password = Reason::Ok;
    Reason new_email = Reason::Ok;
    Reason email_current_password = Reason::Ok;
    std::string new_email_value;
    FactorErrors factor;
    std::string done;
};

Response render_settings(Context& ctx, const PortalMember& pm, const SettingsView& v) {
    Page page(ctx, "settings.tpl", title(Screen::Settings));
    auto& body = page.body();
    body.SetValue("EMAIL", pm.account.email);
    body.SetValue("NEW_EMAIL", v.new_email_value);
    if (pm.account.notices)
        body.ShowSection("NOTICES_ON");
    if (v.current_password != Reason::Ok)
        page.field_error("current_password", v.current_password);
    show_new_password(ctx, page, v.password);
    if (v.new_email != Reason::Ok)
        page.field_error("new_email", v.new_email);
    if (v.email_current_password != Reason::Ok)
        page.field_error("email_current_password", v.email_current_password);
    show_factor_settings(ctx, pm, page, v.factor);
    for (const char* done : {"password", "email_sent", "email_changed", "notices", "app_removed",
                             "trusted", "mail_codes"})
        if (v.done == done)
            body.ShowSection(std::string("DONE_") + done);
    return page.finish(page.has_errors() ? 400 : 200);
}

// One page for a used, an expired and an unknown confirmation link.
Response email_link_invalid(Context& ctx) {
    Page page(ctx, "email-confirm.tpl", title(Screen::EmailConfirm));
    page.form_error(Reason::EmailLinkInvalid);
    return page.finish(400);
}

std::optional<Category> member_category(const PortalMember& pm) {
    return parse_category(pm.member.category);
}

}  // namespace

Reason check_current_password(Context& ctx, const PortalMember& pm, const std::string& password) {
    if (password.empty())
        return Reason::Required;
    auto login =
        q::account_login_by_user_id(ctx.db, pm.account.user_id, ctx.config.password_max_days);
    if (!login)
        return Reason::CurrentPasswordWrong;
    auto slot = ctx.hash_slot();
    if (!slot)
        return Reason::End;
    if (verify_password(password, login->password_hash))
        return Reason::Ok;
    in_transaction(ctx.db, [&](Db& db) {
        const bool locked = q::account_login_failed(db, login->id, ctx.config.login_max_failures,
                                                    ctx.config.login_lock_minutes);
        audit(db, "settings_password_wrong", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              "wrong current password in the settings");
        if (locked)
            audit(db, "login_locked", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
                  "user id locked after repeated failures (settings)");
    });
    return Reason::CurrentPasswordWrong;
}

Response settings_with_factor_errors(Context& ctx, const PortalMember& pm,
                                     const FactorErrors& errors) {
    SettingsView v;
    v.factor = errors;
    return render_settings(ctx, pm, v);
}

Response settings_page(Context& ctx, const PortalMember& pm) {
    SettingsView v;
    v.done = query_param(ctx.req.query, "done");
    return render_settings(ctx, pm, v);
}

Response settings_password(Context& ctx, const PortalMember& pm) {
    SettingsView v;
    v.current_password = check_current_password(ctx, pm, ctx.req.field("current_password"));
    if (v.current_password == Reason::End)
        return error_page(ctx.renderer, ctx.config, 503);
    if (v.current_password != Reason::Ok)
        return render_settings(ctx, pm, v);
    NewPasswordRequest r = new_password_request(ctx, pm.account.id, "password_changed");
    r.keep_session_hash = pm.session.id_hash;  // this session stays; every other one ends
    const NewPasswordResult result = set_new_password(ctx, r);
    switch (result.outcome) {
    case NewPasswordOutcome::Busy:
        return error_page(ctx.renderer, ctx.config, 503);
    case NewPasswordOutcome::Invalid:
    case NewPasswordOutcome::LinkNotUsable:
        v.password = result.check;
        return render_settings(ctx, pm, v);
    case NewPasswordOutcome::Changed:
        break;
    }
    return Response::redirect("/settings?done=password");
}

Response settings_email(Context& ctx, const PortalMember& pm) {
    SettingsView v;
    v.new_email_value = normalize_input(ctx.req.field("new_email"));
    const auto category = member_category(pm);
    v.new_email = validate_email(v.new_email_value, category.value_or(Category::Employee),
                                 pm.society.company_domains);
    if (v.new_email == Reason::Ok && v.new_email_value == pm.account.email)
        v.new_email = Reason::EmailUnchanged;
    v.email_current_password =
        check_current_password(ctx, pm, ctx.req.field("email_current_password"));
    if (v.email_current_password == Reason::End)
        return error_page(ctx.renderer, ctx.config, 503);
    if (v.new_email != Reason::Ok || v.email_current_password != Reason::Ok)
        return render_settings(ctx, pm, v);

    const std::string token = random_token();
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("LINK", ctx.config.public_url + "settings/email/confirm?token=" + token);
    dict.SetIntValue("HOURS", kEmailLinkHours);
    const std::string message = templated_mail(ctx.renderer, ctx.config, pm.society.name,
                                               "mail/email-confirm.tpl", v.new_email_value, dict);
    const auto id = in_transaction(ctx.db, [&](Db& db) {
        q::email_change_void_others(db, pm.account.id);  // only the newest link works
        q::email_change_insert(db, sha256(token), pm.account.id, v.new_email_value,
                               kEmailLinkHours);
        audit(db, "email_change_requested", pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              "confirmation link sent to the new address");
        return queue_mail(db, "email_confirm", pm.society.insurer_number,
                          "email_confirm:" + hex(sha256(token)), v.new_email_value, message);
    });
    if (id)
        ctx.send_after_response(*id);
    return Response::redirect("/settings?done=email_sent");
}

Response save_switch(Context& ctx, const PortalMember& pm, const AccountSwitch& sw) {
    const bool on = ctx.req.field(sw.field) == "1";
    in_transaction(ctx.db, [&](Db& db) {
        sw.set(db, pm.account.id, on);
        audit(db, sw.event, pm.member.id, pm.account.user_id, ctx.req.remote_addr,
              on ? sw.on : sw.off);
    });
    return Response::redirect(std::string("/settings?done=") + sw.done);
}

Response settings_notices(Context& ctx, const PortalMember& pm) {
    return save_switch(ctx, pm,
                       {"notices", q::account_set_notices, "notices_changed", "update notices on",
                        "update notices off", "notices"});
}

// GET changes nothing: mail scanners open links. It shows 確定, a POST.
Response email_confirm_page(Context& ctx) {
    const std::string token = query_param(ctx.req.query, "token");
    auto change = token.empty() ? std::nullopt : q::email_change_lock(ctx.db, sha256(token));
    if (!change || !change->usable)
        return email_link_invalid(ctx);
    Page page(ctx, "email-confirm.tpl", title(Screen::EmailConfirm));
    page.body().ShowSection("CONFIRM");
    page.body().SetValue("TOKEN", token);
    page.body().SetValue("NEW_EMAIL", change->new_email);
    return page.finish();
}

Response email_confirm_submit(Context& ctx) {
    const std::string token_hash = sha256(ctx.req.field("token"));
    struct Outcome {
        bool changed = false;
        std::optional<std::uint64_t> mail;
    };
    const Outcome out = in_transaction(ctx.db, [&](Db& db) {
        auto change = q::email_change_lock(db, token_hash);
        if (!change || !change->usable || q::email_change_use(db, token_hash) != 1)
            return Outcome{};
        auto account = q::account_at_door_by_id(db, change->account_id);
        if (!account)
            return Outcome{};
        q::account_set_email(db, account->id, change->new_email);
        audit(db, "email_changed", account->member_id, account->user_id, ctx.req.remote_addr,
              "mail address changed by its confirmation link");
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("USER_ID", account->user_id);
        const std::string message = templated_mail(ctx.renderer, ctx.config, account->society_name,
                                                   "mail/email-changed.tpl", account->email, dict);
        return Outcome{true,
                       queue_mail(db, "email_changed", account->insurer_number,
                                  "email_changed:" + hex(token_hash), account->email, message)};
    });
    if (!out.changed)
        return email_link_invalid(ctx);
    if (out.mail)
        ctx.send_after_response(*out.mail);
    Page page(ctx, "email-confirm.tpl", title(Screen::EmailConfirm));
    page.body().ShowSection("DONE");
    return page.finish();
}

}  // namespace kosmo
