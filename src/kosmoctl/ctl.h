// ctl.h: what the kosmoctl subcommands share: the command table, argument
// parsing, configuration, and progress output for long runs
#ifndef KOSMO_CTL_H
#define KOSMO_CTL_H

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace kosmo::ctl {

enum Exit { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

// A wrong command line: main prints it with the usage and exits 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What main knows before a subcommand runs.
struct Globals {
    std::string config_path;  // --config, else KOSMO_CONFIG, else the default
};

struct Command {
    const char* name;
    const char* summary;  // one line for `kosmoctl --help`
    const char* help;     // the whole `kosmoctl NAME --help`, starting with "usage: "
    // Runs with the arguments after NAME; returns the exit code. Throws
    // UsageError, ConfigError, DbUnavailable, Error.
    int (*run)(const Globals& globals, const std::vector<std::string>& args);
};

// Every subcommand, in the order of `kosmoctl --help`.
const std::vector<Command>& commands();

// The subcommands (one file per family).
int run_migrate(const Globals&, const std::vector<std::string>&);
int run_import_members(const Globals&, const std::vector<std::string>&);
int run_unlock(const Globals&, const std::vector<std::string>&);
int run_send_mail(const Globals&, const std::vector<std::string>&);
int run_check_config(const Globals&, const std::vector<std::string>&);
int run_purge_sessions(const Globals&, const std::vector<std::string>&);
int run_reissue(const Globals&, const std::vector<std::string>&);
int run_unregistered(const Globals&, const std::vector<std::string>&);
int run_audit(const Globals&, const std::vector<std::string>&);
int run_outbox(const Globals&, const std::vector<std::string>&);
int run_import_expenses(const Globals&, const std::vector<std::string>&);
int run_import_eligibility(const Globals&, const std::vector<std::string>&);
int run_purge_expenses(const Globals&, const std::vector<std::string>&);
int run_publish_terms(const Globals&, const std::vector<std::string>&);
int run_consents(const Globals&, const std::vector<std::string>&);
int run_expire_password(const Globals&, const std::vector<std::string>&);
int run_notify_expiring(const Globals&, const std::vector<std::string>&);

// A subcommand's parsed arguments.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // "--out" -> value ("" for a flag)
    bool help = false;

    bool has(const std::string& name) const { return options.count(name) != 0; }
    std::string get(const std::string& name) const {
        auto it = options.find(name);
        return it == options.end() ? std::string() : it->second;
    }
};

struct OptionSpec {
    const char* name;  // "--out"
    bool takes_value;  // "--out FILE" or "--out=FILE"
};

// Parses ARGS against SPEC with the one parser (options.h). --help/-h and
// --config FILE (read by main) are always accepted; "--" ends the options.
// Throws UsageError for an unknown option, a missing value, a value given to
// a flag or a repeated option.
Args parse_args(const std::vector<std::string>& args, std::initializer_list<OptionSpec> spec);

// Prints COMMAND's help to stdout when ARGS asked for it; true then.
bool print_help_if_asked(const Args& args, const char* command_name);

// A member named on the command line as INSURER:SYMBOL:NUMBER, or with
// commas as INSURER,SYMBOL,NUMBER (each part normalized as the pages
// normalize input).
struct MemberKey {
    std::string insurer_number, symbol, number;
    std::string text() const { return insurer_number + "," + symbol + "," + number; }
};
// Parses the value of OPTION (for the message). Throws UsageError.
MemberKey parse_member_key(const std::string& option, const std::string& value);

// A member's insurer number, symbol and number as one string, for the sets
// and maps of members the imports keep (the parts joined by 0x1f, which no
// part holds).
std::string household_key(std::string_view insurer, std::string_view symbol,
                          std::string_view number);

// The value of OPTION as a number from MIN to MAX, written in at most as
// many digits as MAX. Throws UsageError ("--days takes a number from 1 to
// 365").
unsigned parse_count_option(const std::string& option, const std::string& value, unsigned min,
                            unsigned max);

// A point in time given as YYYY-MM-DD, "YYYY-MM-DD HH:MM" or
// "YYYY-MM-DD HH:MM:SS" (the database server's clock) as
// "YYYY-MM-DD HH:MM:SS". Throws UsageError naming OPTION.
std::string parse_time_option(const std::string& option, const std::string& value);

// Loads the configuration named by GLOBALS. Throws ConfigError.
Config load(const Globals& globals);

// The directory of the running kosmoctl binary ("" when unknown).
std::string program_dir();

// The whole file PATH ("-" is stdin). Throws Error.
std::string read_file(const std::string& path);

// The login name of the operator, for audit events.
std::string operator_name();

// The migrations directory when --sql-dir is not given: $KOSMO_SQL_DIR,
// else <bin>/../sql, else <bin>/../share/kosmo/sql, else /usr/share/kosmo/sql.
std::string default_sql_dir();

// The highest version NNN of DIR/NNN-*.sql (0 when there is none). Throws
// Error when DIR cannot be read.
std::int64_t newest_migration(const std::string& dir);

// Progress of a long step on stderr: on a terminal a bar redrawn in place,
// otherwise a plain line at every 10%.
class Progress {
public:
    Progress(std::string label, std::uint64_t total);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    void update(std::uint64_t done);
    void finish();  // shows 100% and ends the line
private:
    void draw(std::uint64_t done);
    std::string label_;
    std::uint64_t total_;
    bool tty_;
    bool finished_ = false;
    int last_decile_ = -1;
    int last_percent_ = -1;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace kosmo::ctl

#endif
