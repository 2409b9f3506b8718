// societies.cc: the statements of the societies table
#include "q/societies.h"

#include "q/helpers.h"

namespace kosmo::q {

namespace {

// The mfa column of S: NULL follows the site's policy.
Param mfa_param(const Society& s) {
    if (!s.mfa)
        return nullptr;
    return std::string_view(mfa_text(*s.mfa));
}

}  // namespace

std::optional<Society> society_get(Db& db, std::string_view insurer_number) {
    static const std::string sql =
        std::string("SELECT") + kSocietyColumns + " FROM societies so WHERE so.insurer_number = ?";
    auto row = db.stmt("society_get", sql.c_str()).query_one({insurer_number});
    if (!row)
        return std::nullopt;
    return society_from(*row, 0);
}

bool society_insert(Db& db, const Society& s) {
    const std::string domains = domains_text(s.company_domains);
    const std::string features = features_text(s.features);
    return db
        .stmt("society_insert",
              "INSERT INTO societies (insurer_number, name, company_domains, features, mfa,"
              " keep_months, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NOW(6), NOW(6))")
        .exec_unless_duplicate({s.insurer_number, s.name, domains, features, mfa_param(s),
                                std::int64_t{s.keep_months}})
        .has_value();
}

bool society_update(Db& db, const Society& s) {
    const std::string domains = domains_text(s.company_domains);
    const std::string features = features_text(s.features);
    // updated_at always moves, so a found society is always an affected row.
    auto& st = db.stmt("society_update",
                       "UPDATE societies SET name = ?, company_domains = ?, features = ?, mfa = ?,"
                       " keep_months = ?, updated_at = NOW(6) WHERE insurer_number = ?");
    return st.exec({s.name, domains, features, mfa_param(s), std::int64_t{s.keep_months},
                    s.insurer_number}) > 0;
}

std::vector<SocietyCounts> societies_counted(Db& db, std::string_view only_number) {
    static const std::string sql =
        std::string("SELECT") + kSocietyColumns +
        ", (SELECT COUNT(*) FROM members m WHERE m.insurer_number = so.insurer_number),"
        " (SELECT COUNT(*) FROM members m JOIN accounts a ON a.member_id = m.id"
        " WHERE m.insurer_number = so.insurer_number),"
        " DATE_FORMAT(so.created_at, '%Y-%m-%d %H:%i:%s')"
        " FROM societies so WHERE ? IS NULL OR so.insurer_number = ? ORDER BY so.insurer_number";
    auto rows =
        db.stmt("societies_counted", sql.c_str()).query({opt(only_number), opt(only_number)});
    std::vector<SocietyCounts> out;
    for (const auto& r : rows)
        out.push_back(
            {*society_from(r, 0), std::uint64_t(r.num(6)), std::uint64_t(r.num(7)), r.str(8)});
    return out;
}

std::vector<std::string> society_numbers(Db& db) {
    auto rows =
        db.stmt("society_numbers", "SELECT insurer_number FROM societies ORDER BY 1").query();
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(r.str(0));
    return out;
}

}  // namespace kosmo::q
