// audit.cc: the statements of audit_events
#include "q/audit.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

namespace {

// An event's columns, cut to their widths: audit_insert and audit_repeat
// write the same row.
struct AuditRow {
    AuditRow(std::string_view ev, std::optional<std::int64_t> member_id, std::string_view login_id,
             std::string_view client_addr, std::string_view det)
        : event(fit_utf8(ev, 40)),
          login(fit_utf8(login_id, 64)),
          addr(fit_utf8(client_addr, 45)),
          detail(fit_utf8(det, 500)) {
        if (member_id)
            member = *member_id;
    }
    std::string event, login, addr, detail;
    Param member = nullptr;
};

}  // namespace

void audit_insert(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr,
                  std::string_view detail) {
    const AuditRow r(event, member_id, login_id, client_addr, detail);
    db.stmt("audit_insert",
            "INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail)"
            " VALUES (NOW(6), ?, ?, ?, ?, ?)")
        .exec({r.event, r.member, opt(r.login), opt(r.addr), opt(r.detail)});
}

std::uint64_t audit_rows_this_minute(Db& db, std::string_view event, std::string_view client_addr) {
    auto addr = fit_utf8(client_addr, 45);
    auto row = db.stmt("audit_rows_this_minute",
                       "SELECT COUNT(*) FROM audit_events WHERE client_addr = ? AND event = ?"
                       " AND at >= DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:00')")
                   .query_one({addr, event});
    return row ? static_cast<std::uint64_t>(row->num(0)) : 0;
}

void audit_repeat(Db& db, std::string_view event, std::optional<std::int64_t> member_id,
                  std::string_view login_id, std::string_view client_addr,
                  std::string_view detail) {
    const AuditRow r(event, member_id, login_id, client_addr, detail);
    // The key is made from the server's clock in the statement itself, so
    // threads and hosts agree on the minute. A deadlock between two
    // threads upserting the same key is retried by atomically.
    atomically(db, [&](Db& db) {
        db.stmt("audit_repeat",
                "INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail,"
                " repeat_key) VALUES (NOW(6), ?, ?, ?, ?, ?, UNHEX(SHA2(CONCAT_WS(0x1f, ?,"
                " COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''),"
                " DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i')), 256)))"
                " ON DUPLICATE KEY UPDATE count = count + 1, last_at = NOW(6),"
                " login_id = IF(login_id <=> VALUES(login_id), login_id, NULL)")
            .exec({r.event, r.member, opt(r.login), opt(r.addr), opt(r.detail), r.event, r.member,
                   opt(r.addr), opt(r.detail)});
    });
}

std::vector<AuditEvent> audit_find(Db& db, const AuditQuery& q) {
    Param member = nullptr;
    if (q.member_id)
        member = *q.member_id;
    const Param login = opt(q.login_id), since = opt(q.since), event = opt(q.event),
                society = opt(q.society);
    // The events, with each member's consent as the verify_ok it records
    // (step 2 writes no event of its own). The newest LIMIT, then in time
    // order; ties by table and id, so one table's rows keep their order.
    // A chore's detail names a society as one of its words: the spaces
    // around it keep "society=06279996" from matching inside a longer word
    // (the number is digits: nothing in it is a LIKE wildcard).
    auto rows =
        db.stmt(
              "audit_find",
              "SELECT * FROM ("
              " SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s') AS at_text, a.event,"
              " m.insurer_number, m.symbol, m.number, a.login_id, a.client_addr, a.detail,"
              " a.at, a.source, a.count, DATE_FORMAT(a.last_at, '%H:%i:%s') AS last_text"
              " FROM (SELECT 0 AS source, id, at, event, member_id, login_id, client_addr,"
              "        detail, count, last_at FROM audit_events"
              "       UNION ALL"
              "       SELECT 1, c.id, c.at, IF(c.source = 'verify', 'verify_ok', 'consent'),"
              "        c.member_id, NULL, c.client_addr, CONCAT('terms version ', t.version), 1, NULL"
              "        FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq) a"
              " LEFT JOIN members m ON m.id = a.member_id"
              " WHERE ((? IS NULL AND ? IS NULL) OR a.member_id = ?"
              "        OR LOWER(a.login_id) = LOWER(?))"
              " AND (? IS NULL OR a.at >= ?)"
              " AND (? IS NULL OR a.event = ?)"
              " AND (? IS NULL OR m.insurer_number = ? OR (a.member_id IS NULL AND"
              "      (CONCAT(' ', a.detail, ' ') LIKE CONCAT('% society=', ?, ' %')"
              "       OR CONCAT(' ', a.detail, ' ') LIKE CONCAT('% insurer=', ?, ' %'))))"
              " ORDER BY a.at DESC, a.source DESC, a.id DESC LIMIT ?"
              ") newest ORDER BY at, source, id")
            .query({member, login, member, login, since, since, event, event, society, society,
                    society, society, std::int64_t{q.limit}});
    return rows_as(rows, [](const Row& r) {
        return AuditEvent{r.num(0),       r.str(1),
                          r.str(2),       nullable(r, 3),
                          nullable(r, 4), nullable(r, 5),
                          nullable(r, 6), nullable(r, 7),
                          nullable(r, 8), static_cast<std::uint64_t>(r.num(11)),
                          nullable(r, 12)};
    });
}

}  // namespace kosmo::q
