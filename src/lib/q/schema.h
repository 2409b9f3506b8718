// schema.h: the schema's own bookkeeping (schema_version, kosmoctl
// migrate) and the state of the MariaDB node (GET /healthz, kosmoctl
// check-config). All throw DbUnavailable / DbRetry / DbError.
#ifndef KOSMO_Q_SCHEMA_H
#define KOSMO_Q_SCHEMA_H

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace kosmo::q {

struct SchemaVersion {
    std::int64_t version = 0;
    std::string name;
};
// Applied migrations in order; empty when the schema_version table does not
// exist yet.
std::vector<SchemaVersion> schema_versions(Db& db);
// Records migration VERSION (file NAME) as applied now.
void schema_version_insert(Db& db, std::int64_t version, std::string_view name);
// Turns autocommit off for the rest of this connection (kosmoctl migrate):
// after a migration's DDL, which MariaDB commits at once, the statements
// that follow stay in a transaction until COMMIT or ROLLBACK.
void migration_session(Db& db);
// Sets the session variables a migration may read from the configuration
// (sql/006-societies.sql: @kosmo_insurer_number, @kosmo_insurer_name,
// @kosmo_company_domains, each NULL when "").
void migration_variables(Db& db, std::string_view insurer_number, std::string_view insurer_name,
                         std::string_view company_domains);

// The Galera variables and status of the node behind DB, by name in capitals
// (WSREP_PROVIDER, WSREP_ON, WSREP_READY, WSREP_LOCAL_STATE,
// WSREP_LOCAL_STATE_COMMENT, WSREP_CLUSTER_STATUS); those the server does not
// have are missing. Answers on a node that is not ready, too.
std::map<std::string, std::string> wsrep_status(Db& db);

}  // namespace kosmo::q

#endif
