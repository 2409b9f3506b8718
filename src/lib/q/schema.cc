// schema.cc: the statements of schema_version and the node's wsrep state
#include "q/schema.h"

#include "q/helpers.h"

namespace kosmo::q {

std::vector<SchemaVersion> schema_versions(Db& db) {
    auto exists = db.stmt("schema_version_exists",
                          "SELECT 1 FROM information_schema.tables"
                          " WHERE table_schema = DATABASE() AND table_name = 'schema_version'")
                      .query_one();
    if (!exists)
        return {};
    auto rows =
        db.stmt("schema_versions", "SELECT version, name FROM schema_version ORDER BY version")
            .query();
    return rows_as(rows, [](const Row& r) { return SchemaVersion{r.num(0), r.str(1)}; });
}

void schema_version_insert(Db& db, std::int64_t version, std::string_view name) {
    db.stmt("schema_version_insert",
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, NOW(6))")
        .exec({version, name});
}

void migration_session(Db& db) {
    db.exec_raw("SET SESSION autocommit = 0");
}

std::map<std::string, std::string> wsrep_status(Db& db) {
    // information_schema answers while the node refuses tables (1047); a
    // wsrep_sync_wait of the node's would make it wait for a cluster that a
    // node cut off cannot see (1205), so this one read does not wait.
    auto rows =
        db.stmt(
              "wsrep_status",
              "SET STATEMENT wsrep_sync_wait = 0 FOR"
              " SELECT UPPER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES"
              " WHERE VARIABLE_NAME IN ('WSREP_PROVIDER', 'WSREP_ON')"
              " UNION ALL"
              " SELECT UPPER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
              " WHERE VARIABLE_NAME IN ('WSREP_READY', 'WSREP_LOCAL_STATE',"
              " 'WSREP_LOCAL_STATE_COMMENT', 'WSREP_CLUSTER_STATUS')")
            .query();
    std::map<std::string, std::string> out;
    for (const auto& row : rows)
        out[row.str(0)] = row.str(1);
    return out;
}

void migration_variables(Db& db, std::string_view insurer_number, std::string_view insurer_name,
                         std::string_view company_domains) {
    db.stmt("migration_variables",
            "SET @kosmo_insurer_number = ?, @kosmo_insurer_name = ?,"
            " @kosmo_company_domains = ?")
        .exec({opt(insurer_number), opt(insurer_name), opt(company_domains)});
}

}  // namespace kosmo::q
