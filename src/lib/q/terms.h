// terms.h: terms_versions, the published terms of use, and consents, who
// agreed to which version and when (appended, never updated). One prepared
// statement per function in the caller's transaction; all throw
// DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_TERMS_H
#define KOSMO_Q_TERMS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

struct Terms {
    std::int64_t seq = 0;
    std::string version;
    std::string body;          // UTF-8, paragraphs separated by blank lines
    std::string published_on;  // "YYYY-MM-DD"
};
// The version in force for the members of the society INSURER_NUMBER (""
// for the site's, before the login): the society's newest when it
// published its own, else the site's newest; none before the migration.
std::optional<Terms> terms_newest(Db& db, std::string_view insurer_number);
// Publishes VERSION as the society INSURER_NUMBER's own ("" the site's);
// false when that owner published it already (nothing changes).
[[nodiscard]] bool terms_publish(Db& db, std::string_view insurer_number, std::string_view version,
                                 std::string_view body);
// Appends MEMBER_ID's consent to the version in force for its society from
// CLIENT_ADDR; SOURCE "verify" (step 2) or "login" (the required action).
void consent_insert(Db& db, std::int64_t member_id, std::string_view client_addr,
                    std::string_view source);
struct Consent {
    std::string at;  // "YYYY-MM-DD HH:MM:SS"
    std::string version;
    std::string client_addr;
    std::string source;          // "verify" or "login"
    std::string insurer_number;  // whose version: a society's, "" the site's
};
// MEMBER_ID's consents, oldest first.
std::vector<Consent> consents_of_member(Db& db, std::int64_t member_id);
// A consent of a member of a society: the member's symbol and number.
struct MemberConsent {
    std::string symbol, number;
    Consent consent;
};
// The consents of every member of the society INSURER_NUMBER, by symbol
// and number, each member's oldest first.
std::vector<MemberConsent> consents_of_society(Db& db, std::string_view insurer_number);
// True when the version in force for MEMBER_ID's society is newer than the
// member's last consent.
bool terms_pending(Db& db, std::int64_t member_id);

}  // namespace kosmo::q

#endif
