// delivery.h: the outbox's mail: queued in the transaction of the change
// that causes it, and one row's delivery to sendmail after the commit
// (delivery.cc also defines Context::send_after_response, the handlers' way
// to it; the statements are q/outbox.h)
#ifndef KOSMO_DELIVERY_H
#define KOSMO_DELIVERY_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace kosmo {

class Db;

// Queues MESSAGE, for a member of the society INSURER_NUMBER, in the outbox
// within the caller's transaction. nullopt when a mail with DEDUPE_KEY is
// already queued (nothing is added).
std::optional<std::uint64_t> queue_mail(Db& db, std::string_view kind,
                                        std::string_view insurer_number,
                                        std::string_view dedupe_key, std::string_view to,
                                        std::string_view message);

struct SendReport {
    unsigned sent = 0;
    unsigned deferred = 0;           // left queued for a later try (back-off)
    unsigned released = 0;           // claimed, then given back unsent by a stop
    std::vector<std::string> lines;  // one per mail handled, for kosmoctl
};

// How long a sender's claim on a row lasts (seconds): past CONFIG's
// sendmail timeout.
unsigned claim_seconds_of(const Config& config);

// Pipes the outbox row ID, claimed by the caller, with its MESSAGE and its
// ATTEMPTS so far, to sendmail and records the outcome: marked sent, or
// given its error, attempt count and next attempt time (back-off 1, 2, 4 …
// minutes, at most 6 hours); never dropped. Counted and described in
// REPORT. Throws DbUnavailable.
void deliver_claimed(Db& db, const Config& config, std::uint64_t id, const std::string& message,
                     unsigned attempts, SendReport& report);

// Delivers the outbox row ID right after the commit that queued it. The
// row is claimed first (so two senders never both send it), then handled
// as deliver_claimed handles it. Throws DbUnavailable.
SendReport deliver_mail(Db& db, const Config& config, std::uint64_t id);

}  // namespace kosmo

#endif
