// cluster.cc: whether the MariaDB node behind a connection may serve members
#include "cluster.h"

#include "q/schema.h"

namespace kosmo {

namespace {

std::string value_of(const std::map<std::string, std::string>& status, const char* name) {
    auto it = status.find(name);
    return it == status.end() ? std::string() : it->second;
}

}  // namespace

std::optional<std::string> node_unsynced(const std::map<std::string, std::string>& status) {
    const std::string provider = value_of(status, "WSREP_PROVIDER");
    if (provider.empty() || provider == "none")
        return std::nullopt;
    if (value_of(status, "WSREP_ON") != "ON")
        return "the Galera node does not replicate (wsrep_on is '" + value_of(status, "WSREP_ON") +
               "')";
    if (value_of(status, "WSREP_READY") != "ON")
        return "the Galera node is not ready (wsrep_ready '" + value_of(status, "WSREP_READY") +
               "', cluster status '" + value_of(status, "WSREP_CLUSTER_STATUS") + "')";
    const std::string state = value_of(status, "WSREP_LOCAL_STATE");
    if (state != "4")
        return "the Galera node is not synced (wsrep_local_state " + state + ", '" +
               value_of(status, "WSREP_LOCAL_STATE_COMMENT") + "')";
    return std::nullopt;
}

std::optional<std::string> node_unsynced(Db& db) {
    return node_unsynced(q::wsrep_status(db));
}

}  // namespace kosmo
