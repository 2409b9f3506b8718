// factor_mail.cc: the second factor's mails (確認コードのお知らせ,
// 二段階認証の設定変更のお知らせ), composed and queued
#include "factor_mail.h"

#include "delivery.h"
#include "error.h"
#include "mail_template.h"
#include "password.h"

namespace kosmo {

namespace {

// Queues MESSAGE of KIND for ACCOUNT. Each mail is its own: the dedupe
// key is random, so a second code or notice is never mistaken for the first.
std::uint64_t queue_for(Db& db, const char* kind, const q::AccountFactors& account,
                        const std::string& message) {
    auto id = queue_mail(db, kind, account.insurer_number,
                         std::string(kind) + ":" + random_token(16), account.email, message);
    if (!id)
        throw Error("mail '" + std::string(kind) + "' was not queued");
    return *id;
}

}  // namespace

std::uint64_t queue_login_code(Db& db, const Renderer& renderer, const Config& config,
                               const q::AccountFactors& account, std::string_view code) {
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("CODE", std::string(code));
    return queue_for(db, "login-code", account,
                     templated_mail(renderer, config, account.society_name, "mail/login-code.tpl",
                                    account.email, dict));
}

std::uint64_t queue_factor_changed(Db& db, const Renderer& renderer, const Config& config,
                                   const q::AccountFactors& account, std::string_view member_name,
                                   FactorChange change) {
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("NAME", std::string(member_name));
    dict.SetValue("USER_ID", account.user_id);
    dict.ShowSection(change == FactorChange::AppSet       ? "APP_SET"
                     : change == FactorChange::AppRemoved ? "APP_REMOVED"
                                                          : "APP_RESET");
    return queue_for(db, "factor-changed", account,
                     templated_mail(renderer, config, account.society_name,
                                    "mail/factor-changed.tpl", account.email, dict));
}

}  // namespace kosmo
