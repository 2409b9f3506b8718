// completion_mail.cc: the 手続き完了メール sent after 実行
#include "completion_mail.h"

#include <ctime>

#include "error.h"
#include "mail.h"

namespace kosmo {

std::string completion_mail(const Renderer& renderer, const Config& config,
                            const q::Member& member, const std::string& user_id,
                            const std::string& email) {
    ctemplate::TemplateDictionary dict("mail");
    dict.SetValue("SITE_NAME", config.site_name);
    dict.SetValue("INSURER_NAME", config.insurer_name);
    dict.SetValue("NAME", member.name);
    dict.SetValue("USER_ID", user_id);
    std::string text = renderer.expand("mail/registered.tpl", dict);

    // The template's first non-empty line is the subject, the rest the body.
    const auto start = text.find_first_not_of('\n');
    const auto eol = text.find('\n', start == std::string::npos ? 0 : start);
    if (start == std::string::npos || eol == std::string::npos)
        throw TemplateError("template 'mail/registered.tpl' has no subject line");
    MailContent mail;
    mail.to = email;
    mail.subject = text.substr(start, eol - start);
    const auto body = text.find_first_not_of('\n', eol);
    mail.body = body == std::string::npos ? std::string() : text.substr(body);

    auto message = compose_mail(config, mail, new_message_id(config), std::time(nullptr));
    if (!message)
        throw Error("cannot compose mail 'registered': unsafe header value");
    return *message;
}

}  // namespace kosmo
