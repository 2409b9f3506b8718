// mail.h: a mail's composition: RFC 2047 header words, the base64 body,
// the Date and Message-ID headers (the outbox is delivery.h, the pipe
// sendmail.h)
#ifndef KOSMO_MAIL_H
#define KOSMO_MAIL_H

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"

namespace kosmo {

// True when S can stand in a header: no CR, LF or NUL.
bool header_safe(std::string_view s);

// S as RFC 2047 encoded-words (=?UTF-8?B?…?=), each at most 75 characters,
// split between whole UTF-8 characters; plain ASCII without specials is
// returned as it is.
std::string encode_rfc2047(std::string_view s);

struct MailContent {
    std::string to;
    std::string subject;  // UTF-8
    std::string body;     // UTF-8, LF line ends
};

// The whole message (From, To, Subject, Date, Message-ID, MIME-Version,
// Content-Type: text/plain; charset=UTF-8, Content-Transfer-Encoding:
// base64), CRLF-free LF line ends as sendmail expects. nullopt when a header
// value is not header_safe.
std::optional<std::string> compose_mail(const Config& config, const MailContent& mail,
                                        std::string_view message_id, std::time_t date);

// A new Message-ID "<random@domain of From>".
std::string new_message_id(const Config& config);

}  // namespace kosmo

#endif
