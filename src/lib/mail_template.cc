// mail_template.cc: a mail made from a template of templates/mail/
#include "mail_template.h"

#include <ctime>

#include "error.h"
#include "mail.h"

namespace kosmo {

std::string mail_from_template(const Renderer& renderer, const Config& config,
                               const std::string& name, const ctemplate::TemplateDictionary& dict,
                               const std::string& to, const std::string& message_id) {
    const std::string text = renderer.expand(name, dict);
    const auto start = text.find_first_not_of('\n');
    const auto eol = text.find('\n', start == std::string::npos ? 0 : start);
    if (start == std::string::npos || eol == std::string::npos)
        throw TemplateError("template '" + name + "' has no subject line");
    MailContent mail;
    mail.to = to;
    mail.subject = text.substr(start, eol - start);
    const auto body = text.find_first_not_of('\n', eol);
    mail.body = body == std::string::npos ? std::string() : text.substr(body);

    auto message = compose_mail(config, mail, message_id.empty() ? new_message_id(config) : message_id,
                                std::time(nullptr));
    if (!message)
        throw Error("cannot compose mail from '" + name + "': unsafe header value");
    return *message;
}

}  // namespace kosmo
