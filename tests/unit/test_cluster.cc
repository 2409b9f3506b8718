// test_cluster.cc: which wsrep states let a node serve (GET /healthz 200)
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <string>

#include "cluster.h"
#include "db.h"

using namespace kosmo;

namespace {

using Status = std::map<std::string, std::string>;

Status synced_node() {
    return {{"WSREP_PROVIDER", "/usr/lib/galera/libgalera_smm.so"},
            {"WSREP_ON", "ON"},
            {"WSREP_READY", "ON"},
            {"WSREP_LOCAL_STATE", "4"},
            {"WSREP_LOCAL_STATE_COMMENT", "Synced"},
            {"WSREP_CLUSTER_STATUS", "Primary"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster)

BOOST_AUTO_TEST_CASE(node_unsynced_a_server_without_galera_serves) {
    BOOST_TEST(!node_unsynced(Status{}).has_value());
    BOOST_TEST(!node_unsynced(Status{{"WSREP_PROVIDER", "none"},
                                     {"WSREP_ON", "OFF"},
                                     {"WSREP_READY", "OFF"},
                                     {"WSREP_LOCAL_STATE", "0"}})
                    .has_value());
}

BOOST_AUTO_TEST_CASE(node_unsynced_a_synced_node_serves) {
    BOOST_TEST(!node_unsynced(synced_node()).has_value());
}

BOOST_AUTO_TEST_CASE(node_unsynced_a_node_that_does_not_replicate_does_not) {
    Status s = synced_node();
    s["WSREP_ON"] = "OFF";
    auto why = node_unsynced(s);
    BOOST_REQUIRE(why.has_value());
    BOOST_TEST(why->find("wsrep_on") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(node_unsynced_a_node_out_of_the_primary_component_does_not) {
    Status s = synced_node();
    s["WSREP_READY"] = "OFF";
    s["WSREP_LOCAL_STATE"] = "0";
    s["WSREP_CLUSTER_STATUS"] = "non-Primary";
    auto why = node_unsynced(s);
    BOOST_REQUIRE(why.has_value());
    BOOST_TEST(why->find("wsrep_ready 'OFF'") != std::string::npos);
    BOOST_TEST(why->find("non-Primary") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(node_unsynced_each_state_but_synced_does_not) {
    const std::map<std::string, std::string> states = {
        {"1", "Joining"}, {"2", "Donor/Desynced"}, {"3", "Joined"}};
    for (const auto& [state, comment] : states) {
        Status s = synced_node();
        s["WSREP_LOCAL_STATE"] = state;
        s["WSREP_LOCAL_STATE_COMMENT"] = comment;
        auto why = node_unsynced(s);
        BOOST_REQUIRE(why.has_value());
        BOOST_TEST(why->find("wsrep_local_state " + state) != std::string::npos);
        BOOST_TEST(why->find(comment) != std::string::npos);
    }
    Status missing = synced_node();
    missing.erase("WSREP_LOCAL_STATE");
    BOOST_TEST(node_unsynced(missing).has_value());
}

BOOST_AUTO_TEST_CASE(retry_pause_is_short_and_grows) {
    using namespace std::chrono;
    auto took = [](int attempt) {
        const auto t0 = steady_clock::now();
        retry_pause(attempt);
        return duration_cast<milliseconds>(steady_clock::now() - t0).count();
    };
    const auto first = took(1);
    const auto last = took(kTransactionAttempts - 1);
    BOOST_TEST(first >= 2);
    BOOST_TEST(first < 50);
    BOOST_TEST(last >= (1 << std::min(kTransactionAttempts - 1, 6)));
    BOOST_TEST(last < 500);
}

BOOST_AUTO_TEST_SUITE_END()
