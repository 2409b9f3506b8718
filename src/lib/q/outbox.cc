// outbox.cc: the statements of mail_outbox
#include "q/outbox.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

std::optional<std::uint64_t> outbox_insert(Db& db, std::string_view kind,
                                           std::string_view insurer_number,
                                           std::string_view dedupe_key, std::string_view recipient,
                                           std::string_view message) {
    auto& st = db.stmt("outbox_insert",
                       "INSERT INTO mail_outbox (kind, insurer_number, dedupe_key, recipient,"
                       " message, created_at, next_attempt_at)"
                       " VALUES (?, ?, ?, ?, ?, NOW(6), NOW(6))");
    if (!st.exec_unless_duplicate({kind, opt(insurer_number), dedupe_key, recipient, message}))
        return std::nullopt;
    return st.insert_id();
}

std::vector<std::uint64_t> outbox_due(Db& db, unsigned limit) {
    auto rows =
        db.stmt("outbox_due",
                "SELECT id FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= NOW(6)"
                " AND (claimed_until IS NULL OR claimed_until < NOW(6))"
                " ORDER BY next_attempt_at, id LIMIT ?")
            .query({std::int64_t{limit}});
    std::vector<std::uint64_t> ids;
    ids.reserve(rows.size());
    for (const auto& r : rows)
        ids.push_back(static_cast<std::uint64_t>(r.num(0)));
    return ids;
}

bool outbox_claim(Db& db, std::uint64_t id, unsigned claim_seconds) {
    return db.stmt("outbox_claim",
                   "UPDATE mail_outbox SET claimed_until = NOW(6) + INTERVAL ? SECOND,"
                   " attempts = attempts + 1"
                   " WHERE id = ? AND sent_at IS NULL"
                   " AND (claimed_until IS NULL OR claimed_until < NOW(6))")
               .exec({std::int64_t{claim_seconds}, static_cast<std::int64_t>(id)}) == 1;
}

std::optional<OutboxMail> outbox_message(Db& db, std::uint64_t id) {
    return one_row(db, "outbox_message", "SELECT message, attempts FROM mail_outbox WHERE id = ?",
                   {static_cast<std::int64_t>(id)}, [](const Row& r) {
                       return OutboxMail{r.str(0), static_cast<unsigned>(r.num(1))};
                   });
}

void outbox_mark_sent(Db& db, std::uint64_t id, std::string_view secret_kinds) {
    // compose_mail ends the headers with one empty line; the body after it
    // is left out, the mail stays well formed (an empty body).
    db.stmt("outbox_mark_sent",
            "UPDATE mail_outbox SET sent_at = NOW(6), claimed_until = NULL,"
            " message = IF(FIND_IN_SET(kind, ?),"
            "              CONCAT(SUBSTRING_INDEX(message, '\n\n', 1), '\n\n'), message)"
            " WHERE id = ?")
        .exec({secret_kinds, static_cast<std::int64_t>(id)});
}

void outbox_mark_failed(Db& db, std::uint64_t id, std::string_view error, unsigned retry_seconds) {
    auto text = fit_utf8(error, 500);
    db.stmt("outbox_mark_failed",
            "UPDATE mail_outbox SET last_error = ?, next_attempt_at = NOW(6) + INTERVAL ? SECOND,"
            " claimed_until = NULL WHERE id = ?")
        .exec({text, std::int64_t{retry_seconds}, static_cast<std::int64_t>(id)});
}

// The counts outbox_status reads, of "mail_outbox o".
#define KOSMO_OUTBOX_COUNTS                           \
    " COUNT(*) - COUNT(o.sent_at), COUNT(o.sent_at)," \
    " COALESCE(SUM(o.sent_at IS NULL AND o.last_error IS NOT NULL), 0)"

namespace {

// The counts of outbox_status in ROW's columns FIRST … FIRST + 2.
OutboxStatus status_from(const Row& row, std::size_t first) {
    OutboxStatus s;
    s.queued = static_cast<std::uint64_t>(row.num(first));
    s.sent = static_cast<std::uint64_t>(row.num(first + 1));
    s.failing = static_cast<std::uint64_t>(row.num(first + 2));
    return s;
}

}  // namespace

OutboxStatus outbox_status(Db& db, std::string_view insurer_number) {
    const Param society = opt(insurer_number);
    auto row =
        db.stmt("outbox_status", "SELECT" KOSMO_OUTBOX_COUNTS
                                 " FROM mail_outbox o WHERE (? IS NULL OR o.insurer_number = ?)")
            .query_one({society, society});
    return row ? status_from(*row, 0) : OutboxStatus{};
}

std::vector<SocietyOutbox> outbox_status_by_society(Db& db) {
    auto rows = db.stmt("outbox_status_by_society",
                        "SELECT o.insurer_number, so.name," KOSMO_OUTBOX_COUNTS
                        " FROM mail_outbox o"
                        " LEFT JOIN societies so ON so.insurer_number = o.insurer_number"
                        " GROUP BY o.insurer_number, so.name"
                        " ORDER BY o.insurer_number IS NULL, o.insurer_number")
                    .query();
    return rows_as(rows, [](const Row& r) {
        return SocietyOutbox{r.str(0), r.str(1), status_from(r, 2)};
    });
}

std::optional<OutboxOldest> outbox_oldest_queued(Db& db, std::string_view insurer_number) {
    const Param society = opt(insurer_number);
    return one_row(db, "outbox_oldest_queued",
                   "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),"
                   " TIMESTAMPDIFF(SECOND, created_at, NOW(6))"
                   " FROM mail_outbox WHERE sent_at IS NULL"
                   " AND (? IS NULL OR insurer_number = ?) ORDER BY created_at, id LIMIT 1",
                   {society, society}, [](const Row& r) {
                       return OutboxOldest{r.str(0), r.num(1)};
                   });
}

std::vector<FailingMail> outbox_failing(Db& db, unsigned limit, std::string_view insurer_number) {
    const Param society = opt(insurer_number);
    auto rows = db.stmt("outbox_failing",
                        "SELECT id, insurer_number, kind, recipient, attempts,"
                        " DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),"
                        " DATE_FORMAT(next_attempt_at, '%Y-%m-%d %H:%i:%s'), last_error"
                        " FROM mail_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL"
                        " AND (? IS NULL OR insurer_number = ?)"
                        " ORDER BY next_attempt_at DESC, id DESC LIMIT ?")
                    .query({society, society, std::int64_t{limit}});
    return rows_as(rows, [](const Row& r) {
        return FailingMail{r.num(0), r.str(1), r.str(2), r.str(3),
                           r.num(4), r.str(5), r.str(6), r.str(7)};
    });
}

std::uint64_t outbox_claim_batch(Db& db, std::string_view claimer, unsigned claim_seconds,
                                 unsigned limit, std::string_view insurer_number) {
    const Param society = opt(insurer_number);
    return db
        .stmt("outbox_claim_batch",
              "UPDATE mail_outbox SET claimed_by = ?,"
              " claimed_until = NOW(6) + INTERVAL ? SECOND, attempts = attempts + 1"
              " WHERE sent_at IS NULL AND next_attempt_at <= NOW(6)"
              " AND (claimed_until IS NULL OR claimed_until < NOW(6))"
              " AND (? IS NULL OR insurer_number = ?)"
              " ORDER BY next_attempt_at, id LIMIT ?")
        .exec({claimer, std::int64_t{claim_seconds}, society, society, std::int64_t{limit}});
}

bool outbox_renew_claim(Db& db, std::uint64_t id, std::string_view claimer,
                        unsigned claim_seconds) {
    return db.stmt(
                 "outbox_renew_claim",
                 "UPDATE mail_outbox SET claimed_until = NOW(6) + INTERVAL ? SECOND"
                 " WHERE id = ? AND claimed_by = ? AND sent_at IS NULL AND claimed_until > NOW(6)")
               .exec({std::int64_t{claim_seconds}, static_cast<std::int64_t>(id), claimer}) == 1;
}

std::vector<ClaimedMail> outbox_claimed(Db& db, std::string_view claimer) {
    auto rows = db.stmt("outbox_claimed",
                        "SELECT id, message, attempts, insurer_number FROM mail_outbox"
                        " WHERE claimed_by = ?"
                        " AND sent_at IS NULL AND claimed_until > NOW(6) ORDER BY id")
                    .query({claimer});
    return rows_as(rows, [](const Row& r) {
        return ClaimedMail{static_cast<std::uint64_t>(r.num(0)), r.str(1),
                           static_cast<unsigned>(r.num(2)), r.str(3)};
    });
}

std::uint64_t outbox_release_claims(Db& db, std::string_view claimer) {
    // GREATEST: attempts is unsigned, and strict mode refuses 0 - 1.
    return db
        .stmt("outbox_release_claims",
              "UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL,"
              " attempts = GREATEST(attempts, 1) - 1"
              " WHERE claimed_by = ? AND sent_at IS NULL AND claimed_until > NOW(6)")
        .exec({claimer});
}

}  // namespace kosmo::q
