// outbox.h: mail_outbox, the queued mails: queued in the transaction of the
// change that causes them, claimed by one sender at a time (one by one, or
// in batches by a send-mail wave), marked sent or failed. One prepared
// statement per function in the caller's transaction; all throw
// DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_OUTBOX_H
#define KOSMO_Q_OUTBOX_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

// Queues MESSAGE (a whole mail) of KIND to RECIPIENT, a member of the
// society INSURER_NUMBER, due now; its id, or none when a mail with
// DEDUPE_KEY was queued before (nothing inserted).
std::optional<std::uint64_t> outbox_insert(Db& db, std::string_view kind,
                                           std::string_view insurer_number,
                                           std::string_view dedupe_key, std::string_view recipient,
                                           std::string_view message);
// Ids of rows due now (unsent, next_attempt_at passed, not claimed).
std::vector<std::uint64_t> outbox_due(Db& db, unsigned limit);
// Claims ID for CLAIM_SECONDS; true when this caller now owns it.
bool outbox_claim(Db& db, std::uint64_t id, unsigned claim_seconds);
struct OutboxMail {
    std::string message;
    unsigned attempts = 0;  // including the claim just made
};
// The mail ID and its attempts; none when there is no such row.
std::optional<OutboxMail> outbox_message(Db& db, std::uint64_t id);
// ID was handed to sendmail: sent now, its claim released. When its kind is
// one of SECRET_KINDS (comma-separated), only its headers are kept: the
// body carried a one-time code or link, which the database keeps as a hash
// only everywhere else.
void outbox_mark_sent(Db& db, std::uint64_t id, std::string_view secret_kinds);
// ID could not be handed over: ERROR kept (cut to 500 bytes), the next
// attempt in RETRY_SECONDS, its claim released.
void outbox_mark_failed(Db& db, std::uint64_t id, std::string_view error, unsigned retry_seconds);

// The operators' reports below take INSURER_NUMBER: "" = every mail, else
// only the mails for that society's members. A mail of no society (NULL:
// queued before societies were kept) has insurer_number "" in their rows.

struct OutboxStatus {
    std::uint64_t queued = 0, sent = 0, failing = 0;
};
// How many mails are queued, sent, and queued after a failure.
OutboxStatus outbox_status(Db& db, std::string_view insurer_number = {});

// The counts of one society's mails, with its name ("" for no society).
struct SocietyOutbox {
    std::string insurer_number, name;
    OutboxStatus status;
};
// outbox_status per society that has mails in the outbox, by insurer
// number, the mails of no society last.
std::vector<SocietyOutbox> outbox_status_by_society(Db& db);

// The oldest unsent mail: when it was queued and how long ago.
struct OutboxOldest {
    std::string created_at;  // "YYYY-MM-DD HH:MM:SS", the server's clock
    std::int64_t age_seconds = 0;
};
std::optional<OutboxOldest> outbox_oldest_queued(Db& db, std::string_view insurer_number = {});
// An unsent mail that failed at least once (times "YYYY-MM-DD HH:MM:SS").
struct FailingMail {
    std::int64_t id = 0;
    std::string insurer_number;  // its society's, "" for none
    std::string kind;
    std::string recipient;
    std::int64_t attempts = 0;
    std::string created_at;
    std::string next_attempt_at;
    std::string last_error;
};
// Unsent mails that failed at least once, most recently failed first, at
// most LIMIT.
std::vector<FailingMail> outbox_failing(Db& db, unsigned limit,
                                        std::string_view insurer_number = {});

// Claims at most LIMIT due rows for CLAIMER for CLAIM_SECONDS in one
// statement (so two senders can never both own a row); returns how many.
// INSURER_NUMBER ("" = any) claims only the mails for that society's
// members.
std::uint64_t outbox_claim_batch(Db& db, std::string_view claimer, unsigned claim_seconds,
                                 unsigned limit, std::string_view insurer_number = {});
struct ClaimedMail {
    std::uint64_t id = 0;
    std::string message;
    unsigned attempts = 0;
    std::string insurer_number;  // whose member it is for; "" for none
};
// Extends CLAIMER's claim on ID by CLAIM_SECONDS from now; false when the
// row is sent or its claim went to another sender (expired meanwhile).
bool outbox_renew_claim(Db& db, std::uint64_t id, std::string_view claimer, unsigned claim_seconds);
// The unsent rows CLAIMER holds now, oldest first.
std::vector<ClaimedMail> outbox_claimed(Db& db, std::string_view claimer);
// Gives back the unsent rows CLAIMER still holds (claimed, never handed to
// sendmail), each with the attempt its claim counted taken back, so the
// next sender takes them at once; returns how many.
std::uint64_t outbox_release_claims(Db& db, std::string_view claimer);

}  // namespace kosmo::q

#endif
