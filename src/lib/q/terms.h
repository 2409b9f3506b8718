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
// The version in force (the newest published); none before the migration.
std::optional<Terms> terms_newest(Db& db);
// Publishes VERSION; false when it was published already (nothing changes).
[[nodiscard]] bool terms_publish(Db& db, std::string_view version, std::string_view body);
// Appends MEMBER_ID's consent to the newest version from CLIENT_ADDR;
// SOURCE "verify" (step 2) or "login" (the required action).
void consent_insert(Db& db, std::int64_t member_id, std::string_view client_addr,
                    std::string_view source);
struct Consent {
    std::string at;  // "YYYY-MM-DD HH:MM:SS"
    std::string version;
    std::string client_addr;
    std::string source;  // "verify" or "login"
};
// MEMBER_ID's consents, oldest first.
std::vector<Consent> consents_of_member(Db& db, std::int64_t member_id);
// True when a version newer than MEMBER_ID's last consent is published.
bool terms_pending(Db& db, std::int64_t member_id);

}  // namespace kosmo::q

#endif
