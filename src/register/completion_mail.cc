// completion_mail.cc: the 手続き完了メール sent after 実行
#include "completion_mail.h"

#include "mail_template.h"

namespace kosmo {

std::string completion_mail(const Renderer& renderer, const Config& config, const Society& society,
                            const q::Member& member, const std::string& user_id,
                            const std::string& email) {
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("NAME", member.name);
    dict.SetValue("USER_ID", user_id);
    show_password_days(dict, config);
    return templated_mail(renderer, config, society.name, "mail/registered.tpl", email, dict);
}

}  // namespace kosmo
