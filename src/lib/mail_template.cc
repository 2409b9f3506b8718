// mail_template.cc: a mail made from a template under templates/mail/
#include "mail_template.h"

#include <ctime>

#include "error.h"
#include "mail.h"

namespace kosmo {

std::string templated_mail(const Renderer& renderer, const Config& config,
                           const std::string& society_name, const char* name, const std::string& to,
                           ctemplate::TemplateDictionary& dict) {
    dict.SetValue("SITE_NAME", config.site_name);
    dict.SetValue("INSURER_NAME", society_name);
    dict.SetValue("PUBLIC_URL", config.public_url);
    const std::string text = renderer.expand(name, dict);

    const auto start = text.find_first_not_of('\n');
    const auto eol = text.find('\n', start == std::string::npos ? 0 : start);
    if (start == std::string::npos || eol == std::string::npos)
        throw TemplateError(std::string("template '") + name + "' has no subject line");
    MailContent mail;
    mail.to = to;
    mail.subject = text.substr(start, eol - start);
    const auto body = text.find_first_not_of('\n', eol);
    mail.body = body == std::string::npos ? std::string() : text.substr(body);

    auto message = compose_mail(config, mail, new_message_id(config), std::time(nullptr));
    if (!message)
        throw Error(std::string("cannot compose mail '") + name + "': unsafe header value");
    return *message;
}

}  // namespace kosmo
