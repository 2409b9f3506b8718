// mail_template.h: a mail made from a template of templates/mail/: its first
// non-empty line is the subject, the rest the body
#ifndef KOSMO_MAIL_TEMPLATE_H
#define KOSMO_MAIL_TEMPLATE_H

#include <string>

#include "config.h"
#include "render.h"

namespace kosmo {

// The whole message (compose_mail) to TO from template NAME
// ("mail/registered.tpl") expanded with DICT, with MESSAGE_ID (a new one
// when empty). Throws TemplateError (no subject line) and Error when a
// header value is unsafe (the validators refused CR/LF before: a bug).
std::string mail_from_template(const Renderer& renderer, const Config& config,
                               const std::string& name, const ctemplate::TemplateDictionary& dict,
                               const std::string& to, const std::string& message_id = {});

}  // namespace kosmo

#endif
