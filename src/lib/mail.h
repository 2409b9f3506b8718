// mail.h: mail composition, the outbox and the sendmail pipe
#ifndef KOSMO_MAIL_H
#define KOSMO_MAIL_H

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace kosmo {

class Db;

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

enum class Delivery { Sent, TryLater, Failed };
struct DeliveryResult {
    Delivery outcome = Delivery::Failed;
    std::string detail;  // "exit 75", "timeout after 30s", "cannot spawn ..."
};

// Runs ARGV (no shell, posix_spawn), writes MESSAGE to its stdin and waits
// at most TIMEOUT_SECONDS (then kills it). Exit 0 is Sent, 75 (EX_TEMPFAIL)
// TryLater, anything else Failed.
DeliveryResult pipe_to_sendmail(const std::vector<std::string>& argv, std::string_view message,
                                unsigned timeout_seconds);

// Queues MESSAGE in the outbox within the caller's transaction. nullopt when
// a mail with DEDUPE_KEY is already queued (nothing is added).
std::optional<std::uint64_t> queue_mail(Db& db, std::string_view kind, std::string_view dedupe_key,
                                        std::string_view to, std::string_view message);

struct SendReport {
    unsigned sent = 0;
    unsigned deferred = 0;           // left queued for a later try (back-off)
    unsigned released = 0;           // claimed, then given back unsent by a stop
    std::vector<std::string> lines;  // one per mail handled, for kosmoctl
};

// Delivers the outbox row ID right after the commit that queued it. The
// row is claimed first (so two senders never both send it), piped to
// sendmail, then marked sent or given its error, attempt count and next
// attempt time (back-off 1, 2, 4 … minutes, at most 6 hours). Throws
// DbUnavailable.
SendReport deliver_mail(Db& db, const Config& config, std::uint64_t id);

// Delivers every due row with SENDERS (1..kMaxMailSenders) at once: the
// calling thread on DB and SENDERS - 1 threads on connections of their own,
// each with its own claimer name, claiming batches of
// wave_batch_size(SENDERS), each row then handled as deliver_mail handles
// its one. Once STOP is set (a signal handler may set it)
// no sender claims or starts another mail: the sendmail processes running
// finish and are recorded, the rows claimed but not started are released
// (report.released) for the next run. The reports are summed. Throws the
// first sender's DbUnavailable after every sender has ended.
SendReport deliver_wave(Db& db, const Config& config, unsigned senders,
                        const std::atomic<bool>& stop);

// Rows one sender claims per statement when SENDERS share the queue.
unsigned wave_batch_size(unsigned senders);

// Whether a claim of CLAIM_SECONDS made at CLAIMED still covers a sendmail
// of at most TIMEOUT seconds started now, with half a minute to spare for
// the two clocks. Only when it does not is a row's claim renewed before
// its sendmail: in the usual case, a batch that goes fast, a statement and
// a commit a mail are saved.
bool claim_covers(std::chrono::steady_clock::time_point claimed, unsigned claim_seconds,
                  unsigned timeout);

}  // namespace kosmo

#endif
