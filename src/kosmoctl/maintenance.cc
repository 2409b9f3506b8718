// maintenance.cc: kosmoctl check-config and purge-sessions (with the second
// factor's spent rows), the chores run by hand after a change or from a timer
#include <iostream>

#include <sys/stat.h>
#include <unistd.h>

#include "cluster.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "q/factors.h"
#include "q/schema.h"
#include "q/sessions.h"
#include "q/societies.h"
#include "text.h"

namespace kosmo::ctl {

namespace {

// The schema version that made societies data (sql/006-societies.sql).
constexpr std::int64_t kSocietiesSchema = 6;

// What check-config says of a configuration that still has [insurer], on a
// database at schema VERSION.
std::string legacy_insurer_note(const Config& config, std::int64_t version) {
    const std::string section =
        "the [insurer] section (number " + config.legacy_insurer.number +
        ") is no longer read: the societies are data (kosmoctl society list)";
    if (version < kSocietiesSchema)
        return section + "; 'kosmoctl migrate' makes it the first society, then remove it";
    return section + "; remove it from the configuration";
}

int run_check_config(const Globals& globals, const Args&) {
    Config config;
    try {
        config = load(globals);
    } catch (const ConfigError& e) {
        std::cerr << "kosmoctl check-config: " << e.what() << "\n";
        return kExitFailure;
    }

    std::vector<std::string> problems, notes;
    std::int64_t version = 0;
    try {
        Db db(config.db);
        db.handle();
        // A node that is not synced refuses the schema query too (1047):
        // say why first.
        if (auto unsynced = node_unsynced(db))
            throw DbUnavailable("database '" + config.db.name + "': " + *unsynced);
        for (const auto& row : q::schema_versions(db))
            version = std::max(version, row.version);
        std::int64_t newest = 0;
        try {
            newest = newest_migration(default_sql_dir());
        } catch (const Error&) {
            // No migrations installed here: the schema is only checked for presence.
        }
        if (version == 0)
            problems.push_back("database '" + config.db.name +
                               "' has no schema yet: run 'kosmoctl migrate'");
        else if (version < newest)
            problems.push_back("database '" + config.db.name + "' has schema version " +
                               std::to_string(version) + ", migrations go up to " +
                               std::to_string(newest) + ": run 'kosmoctl migrate'");
        else if (version >= kSocietiesSchema && q::society_numbers(db).empty())
            notes.push_back("no society yet: add one with 'kosmoctl society add'");
    } catch (const Error& e) {
        problems.push_back(e.what());
    }

    struct stat st;
    if (stat(config.template_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        problems.push_back("template directory '" + config.template_dir + "' does not exist");
    if (config.sendmail.empty() || access(config.sendmail[0].c_str(), X_OK) != 0)
        problems.push_back("sendmail program '" +
                           (config.sendmail.empty() ? "" : config.sendmail[0]) +
                           "' is not executable");

    if (config.legacy_insurer.present())
        notes.push_back(legacy_insurer_note(config, version));
    for (const auto& n : notes)
        std::cerr << "kosmoctl check-config: note: " << n << "\n";
    if (problems.empty()) {
        std::cout << "ok\n";
        return kExitOk;
    }
    for (const auto& p : problems)
        std::cerr << "kosmoctl check-config: " << p << "\n";
    return kExitFailure;
}

}  // namespace

const Command kCheckConfig{
    "check-config",
    "check the configuration and the database connection",
    "",
    "Loads the configuration, connects to the database and checks the schema,\n"
    "the template directory and the sendmail program. Prints \"ok\", or each\n"
    "problem found (exit 1). Notes (exit 0): an [insurer] section, which is no\n"
    "longer read (kosmoctl migrate made it the first society), and a database\n"
    "without a society.\n",
    {},
    kNoArguments,
    run_check_config,
};

namespace {

int run_purge_sessions(const Globals& globals, const Args&) {
    Config config = load(globals);
    Db db(config.db);
    auto n =
        q::session_purge_expired(db, config.session_idle_minutes, config.session_absolute_minutes);
    std::cout << "purged " << n << " expired session" << (n == 1 ? "" : "s") << "\n";
    // The second factor's rows that can open nothing any more: mailed
    // codes past their day, trusted browsers past their 30 days.
    const auto f = q::factors_purge(db);
    std::cout << "purged " << f << " second-factor row" << (f == 1 ? "" : "s")
              << " (login codes mailed over a day ago, expired trusted browsers)\n";
    return kExitOk;
}

}  // namespace

const Command kPurgeSessions{
    "purge-sessions",
    "delete expired sessions, old login codes and expired trusted browsers",
    "",
    "Deletes the sessions past their idle or absolute time limit, the codes\n"
    "mailed at login more than a day ago (used, replaced or expired long\n"
    "since) and the trusted browsers past their 30 days (二段階認証); prints\n"
    "how many sessions went, then how many of those rows. Run it from cron or\n"
    "a systemd timer (kosmo-purge.timer, daily).\n",
    {},
    kNoArguments,
    run_purge_sessions,
};

}  // namespace kosmo::ctl
