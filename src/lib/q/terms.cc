// terms.cc: the statements of terms_versions and consents
#include "q/terms.h"

#include "q/helpers.h"
#include "text.h"

namespace kosmo::q {

std::optional<Terms> terms_newest(Db& db, std::string_view insurer_number) {
    return one_row(db, "terms_newest",
                   "SELECT t.seq, t.version, t.body, DATE_FORMAT(t.published_at, '%Y-%m-%d')"
                   " FROM terms_versions t WHERE t.insurer_number IN ('', ?)" KOSMO_TERMS_FIRST,
                   {insurer_number}, [](const Row& r) {
                       return Terms{r.num(0), r.str(1), r.str(2), r.str(3)};
                   });
}

bool terms_publish(Db& db, std::string_view insurer_number, std::string_view version,
                   std::string_view body) {
    return db
        .stmt("terms_publish",
              "INSERT INTO terms_versions (insurer_number, version, body, published_at)"
              " VALUES (?, ?, ?, NOW(6))")
        .exec_unless_duplicate({insurer_number, version, body})
        .has_value();
}

void consent_insert(Db& db, std::int64_t member_id, std::string_view client_addr,
                    std::string_view source) {
    auto addr = fit_utf8(client_addr, 45);
    db.stmt("consent_insert",
            "INSERT INTO consents (member_id, terms_seq, at, client_addr, source)"
            " SELECT m.id, t.seq, NOW(6), ?, ? FROM members m" KOSMO_TERMS_JOIN
            " WHERE m.id = ?" KOSMO_TERMS_FIRST)
        .exec({opt(addr), source, member_id});
}

std::vector<Consent> consents_of_member(Db& db, std::int64_t member_id) {
    auto rows = db.stmt("consents_of_member",
                        "SELECT DATE_FORMAT(c.at, '%Y-%m-%d %H:%i:%s'), t.version, c.client_addr,"
                        " c.source, t.insurer_number"
                        " FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq"
                        " WHERE c.member_id = ? ORDER BY c.at, c.id")
                    .query({member_id});
    std::vector<Consent> out;
    for (const auto& r : rows)
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)});
    return out;
}

std::vector<MemberConsent> consents_of_society(Db& db, std::string_view insurer_number) {
    auto rows = db.stmt("consents_of_society",
                        "SELECT m.symbol, m.number, DATE_FORMAT(c.at, '%Y-%m-%d %H:%i:%s'),"
                        " t.version, c.client_addr, c.source, t.insurer_number"
                        " FROM members m JOIN consents c ON c.member_id = m.id"
                        " JOIN terms_versions t ON t.seq = c.terms_seq"
                        " WHERE m.insurer_number = ? ORDER BY m.symbol, m.number, c.at, c.id")
                    .query({insurer_number});
    return rows_as(rows, [](const Row& r) {
        return MemberConsent{
            r.str(0), r.str(1), {r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)}};
    });
}

bool terms_pending(Db& db, std::int64_t member_id) {
    auto row = db.stmt("terms_pending",
                       "SELECT COALESCE((SELECT t.seq FROM members m" KOSMO_TERMS_JOIN
                       " WHERE m.id = ?" KOSMO_TERMS_FIRST
                       "), 0) >"
                       " COALESCE((SELECT MAX(terms_seq) FROM consents WHERE member_id = ?), 0)")
                   .query_one({member_id, member_id});
    return row && row->num(0) != 0;
}

}  // namespace kosmo::q
