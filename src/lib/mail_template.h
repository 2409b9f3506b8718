// mail_template.h: a mail made from a template under templates/mail/
#ifndef KOSMO_MAIL_TEMPLATE_H
#define KOSMO_MAIL_TEMPLATE_H

#include <string>

#include <ctemplate/template.h>

#include "config.h"
#include "render.h"

namespace kosmo {

// The whole message (headers and body) to TO from the template NAME
// ("mail/registered.tpl"): its first non-empty line is the subject, the
// rest after the blank line the body. DICT gets SITE_NAME, PUBLIC_URL and
// INSURER_NAME (SOCIETY_NAME: the member's society, which signs the mail). Throws TemplateError
// (missing template, no subject line) and Error (a header value that is not header_safe: the
// callers' validators refuse CR/LF, so that is a bug).
std::string templated_mail(const Renderer& renderer, const Config& config,
                           const std::string& society_name, const char* name, const std::string& to,
                           ctemplate::TemplateDictionary& dict);

}  // namespace kosmo

#endif
