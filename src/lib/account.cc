// account.cc: the one "set a new password" operation of a permanent account
#include "account.h"

#include "delivery.h"
#include "log.h"
#include "mail_template.h"
#include "password.h"
#include "q/accounts.h"
#include "q/factors.h"
#include "q/login_addr_failures.h"
#include "q/sessions.h"
#include "render.h"

namespace kosmo {

PasswordCheck check_new_password(std::string_view password, std::string_view confirm,
                                 std::string_view user_id, std::string_view current_hash) {
    PasswordCheck c;
    c.password = validate_password(password, user_id);
    if (c.password == Reason::Ok)
        c.confirm = validate_password_confirm(password, confirm);
    if (c.ok() && verify_password(password, current_hash))
        c.password = Reason::PasswordSameAsCurrent;
    return c;
}

namespace {

std::string changed_mail(Context& ctx, const q::AccountAtDoor& a) {
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("NAME", a.name);
    dict.SetValue("USER_ID", a.user_id);
    show_password_days(dict, ctx.config);
    return templated_mail(ctx.renderer, ctx.config, a.society_name, "mail/password-changed.tpl",
                          a.email, dict);
}

// The transaction of a change; false when the reset link was not usable
// any more (then nothing of it is kept).
bool apply_new_password(Context& ctx, const NewPasswordRequest& r, const q::AccountAtDoor& a,
                        const std::string& hash, std::optional<std::uint64_t>& mail_id) {
    const std::string message = changed_mail(ctx, a);
    const std::string& addr = ctx.req.remote_addr;
    return in_transaction(ctx.db, [&](Db& db) {
        if (!r.reset_token_hash.empty()) {
            auto owner = q::reset_claim(db, r.reset_token_hash);
            if (!owner || *owner != a.id)
                return false;
        }
        q::account_set_new_password(db, a.id, hash);
        q::resets_void_for_account(db, a.id);
        q::session_delete_member_all_but(db, a.member_id, r.keep_session_hash);
        // A browser trusted under the old password is trusted no more: the
        // next login there asks for the second factor again.
        q::trusted_forget_all(db, a.id);
        q::addr_unlock(db, addr);
        // One notice per change: the key names the account and a fresh
        // random part, so two changes are two mails.
        mail_id = queue_mail(db, "password-changed", a.insurer_number,
                             "password-changed:" + std::to_string(a.id) + ":" + random_token(12),
                             a.email, message);
        audit(db, r.event, a.member_id, a.user_id, addr,
              "password set; sessions ended; trusted browsers forgotten");
        return true;
    });
}

}  // namespace

HashGate::Admission Context::hash_slot() {
    return hashes.acquire(req.remote_addr, std::chrono::milliseconds(config.hash_wait_ms));
}

NewPasswordResult set_new_password(Context& ctx, const NewPasswordRequest& r) {
    NewPasswordResult out;
    auto account = q::account_at_door_by_id(ctx.db, r.account_id);
    if (!account) {
        out.outcome = NewPasswordOutcome::LinkNotUsable;
        return out;
    }
    auto slot = ctx.hash_slot();
    if (!slot) {
        out.outcome = NewPasswordOutcome::Busy;
        return out;
    }
    out.check = check_new_password(r.password, r.confirm, account->user_id, account->password_hash);
    if (!out.check.ok()) {
        out.outcome = NewPasswordOutcome::Invalid;
        return out;
    }
    const std::string hash = hash_password(r.password, ctx.config.password_hash);
    slot.reset();

    std::optional<std::uint64_t> mail_id;
    if (!apply_new_password(ctx, r, *account, hash, mail_id)) {
        out.outcome = NewPasswordOutcome::LinkNotUsable;
        return out;
    }
    if (mail_id)
        ctx.send_after_response(*mail_id);
    out.outcome = NewPasswordOutcome::Changed;
    out.member_id = account->member_id;
    return out;
}

NewPasswordRequest new_password_request(const Context& ctx, std::int64_t account_id,
                                        const char* event) {
    NewPasswordRequest r;
    r.account_id = account_id;
    r.password = ctx.req.field("new_password");
    r.confirm = ctx.req.field("new_password_confirm");
    r.event = event;
    return r;
}

void show_new_password(const Context& ctx, Page& page, const PasswordCheck& check) {
    show_password_days(page.body(), ctx.config);
    if (check.password != Reason::Ok)
        page.field_error("new_password", check.password);
    if (check.confirm != Reason::Ok)
        page.field_error("new_password_confirm", check.confirm);
}

}  // namespace kosmo
