// completion_mail.h: the 手続き完了メール sent after 実行
#ifndef KOSMO_COMPLETION_MAIL_H
#define KOSMO_COMPLETION_MAIL_H

#include <string>

#include "config.h"
#include "q/members.h"
#include "render.h"
#include "society.h"

namespace kosmo {

// The whole message (headers and body) for MEMBER of SOCIETY (which signs
// it) who registered USER_ID with EMAIL, from templates/mail/registered.tpl.
// Never contains the
// password. Throws Error when a header value is unsafe (the validators
// already refused CR/LF, so this is a bug) and TemplateError.
std::string completion_mail(const Renderer& renderer, const Config& config, const Society& society,
                            const q::Member& member, const std::string& user_id,
                            const std::string& email);

}  // namespace kosmo

#endif
