// cluster.h: whether the MariaDB node behind a connection may serve members
// (a Galera node must be Synced), for GET /healthz and kosmoctl check-config
#ifndef KOSMO_CLUSTER_H
#define KOSMO_CLUSTER_H

#include <map>
#include <optional>
#include <string>

#include "db.h"

namespace kosmo {

// Why a node with these wsrep variables and status (q::wsrep_status) must
// not serve, or nullopt when it may: a server without the Galera provider
// always may; a Galera node only while it replicates (wsrep_on), is ready
// (wsrep_ready, primary component) and is Synced (wsrep_local_state 4).
// A Donor/Desynced node lags behind the others, so it does not serve either.
std::optional<std::string> node_unsynced(const std::map<std::string, std::string>& status);

// The same for the node DB is connected to. Throws DbUnavailable, DbError.
std::optional<std::string> node_unsynced(Db& db);

}  // namespace kosmo

#endif
