// delivery.cc: the outbox's mail: queued with the change that causes it, and
// one row's delivery to sendmail after the commit
#include "delivery.h"

#include <algorithm>

#include "context.h"
#include "db.h"
#include "log.h"
#include "q/outbox.h"
#include "sendmail.h"

namespace kosmo {

namespace {

// The mails whose body is a one-time secret: a reset link, an address's
// confirmation link, a login code. Once handed to sendmail they keep their
// headers only, so a copy of the database never holds a usable one.
constexpr std::string_view kSecretMailKinds = "password-reset,email_confirm,login-code";

// Back-off for the Nth failed attempt: 1, 2, 4 … minutes, at most 6 hours.
unsigned backoff_seconds(unsigned attempt) {
    const unsigned cap = 6 * 3600;
    if (attempt == 0)
        attempt = 1;
    if (attempt > 10)
        return cap;
    return std::min(cap, 60u << (attempt - 1));
}

}  // namespace

std::optional<std::uint64_t> queue_mail(Db& db, std::string_view kind,
                                        std::string_view insurer_number,
                                        std::string_view dedupe_key, std::string_view to,
                                        std::string_view message) {
    return q::outbox_insert(db, kind, insurer_number, dedupe_key, to, message);
}

unsigned claim_seconds_of(const Config& config) {
    // Past the sendmail timeout, so no second sender can take the row while
    // this one may still hand it over.
    return config.sendmail_timeout_seconds + 60;
}

void deliver_claimed(Db& db, const Config& config, std::uint64_t id, const std::string& message,
                     unsigned attempts, SendReport& report) {
    const std::string name = "mail " + std::to_string(id);
    const DeliveryResult r =
        pipe_to_sendmail(config.sendmail, message, config.sendmail_timeout_seconds);
    // The row and its audit event in one commit (one log flush, not two).
    if (r.outcome == Delivery::Sent) {
        in_transaction(db, [&](Db& d) {
            q::outbox_mark_sent(d, id, kSecretMailKinds);
            audit(d, "mail_sent", std::nullopt, "", "", name);
        });
        ++report.sent;
        report.lines.push_back(name + ": sent");
        return;
    }
    // Failed as well as TryLater stays queued: a mail is never dropped; the
    // error goes to the outbox row, the audit table and stderr; each
    // further attempt waits twice as long.
    const unsigned retry = backoff_seconds(attempts);
    const std::string line = name + ": " +
                             (r.outcome == Delivery::TryLater ? "deferred" : "failed") + " (" +
                             r.detail + "), next try in " + std::to_string(retry / 60) + " min";
    in_transaction(db, [&](Db& d) {
        q::outbox_mark_failed(d, id, r.detail, retry);
        audit(d, "mail_failed", std::nullopt, "", "", line);
    });
    log_error("kosmo", "-", "cannot deliver " + line);
    ++report.deferred;
    report.lines.push_back(line);
}

SendReport deliver_mail(Db& db, const Config& config, std::uint64_t id) {
    SendReport report;
    const std::string name = "mail " + std::to_string(id);
    if (!q::outbox_claim(db, id, claim_seconds_of(config)))
        return report;
    auto mail = q::outbox_message(db, id);
    if (!mail) {
        report.lines.push_back(name + ": gone from the outbox");
        return report;
    }
    deliver_claimed(db, config, id, mail->message, mail->attempts, report);
    return report;
}

void Context::send_after_response(std::uint64_t mail_id) {
    after_response.push_back(
        [mail_id](Db& db, const Config& config) { deliver_mail(db, config, mail_id); });
}

}  // namespace kosmo
