// ctl.h: what the kosmoctl subcommands share: their declaration, the
// command table and the opening every one of them starts with, argument
// parsing, configuration, and progress output for long runs
#ifndef KOSMO_CTL_H
#define KOSMO_CTL_H

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "csv.h"
#include "db.h"
#include "options.h"

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

// A subcommand's command line, parsed and checked against its Command.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // "--out" -> value ("" for a flag)

    bool has(const std::string& name) const { return options.count(name) != 0; }
    std::string get(const std::string& name) const {
        auto it = options.find(name);
        return it == options.end() ? std::string() : it->second;
    }
    // The value of option NAME, which the command cannot do without;
    // throws UsageError(MISSING) when it was not given.
    std::string required(const std::string& name, const char* missing) const {
        if (!has(name))
            throw UsageError(missing);
        return get(name);
    }
};

// How many arguments besides the options a subcommand takes, and what the
// usage error says when there are fewer or more.
struct Arguments {
    std::size_t min = 0, max = 0;
    const char* missing = nullptr;   // fewer than min
    const char* too_many = nullptr;  // more than max; nullptr: "unexpected argument 'X'"
};
inline constexpr Arguments kNoArguments{};
// Exactly N arguments, with one message for fewer and for more.
constexpr Arguments exactly(std::size_t n, const char* wrong_count) {
    return {n, n, wrong_count, wrong_count};
}

// One subcommand, declared once beside its run function: its name, its
// options and arguments, and the texts its --help is made of:
//   usage: kosmoctl [--config FILE] NAME SYNOPSIS
//
//   DESCRIPTION
//   (an empty line and the option lines, when it has options)
//   EPILOGUE
struct Command {
    const char* name;     // one word, or two for a family ("society add")
    const char* summary;  // its line in `kosmoctl --help`
    // What follows NAME on the usage line ("" for nothing); a continuation
    // line has its indentation written out.
    const char* synopsis;
    const char* description;  // paragraphs, each line ending in '\n'
    // Its options, in the order of the help. --help, -h and --config (main's)
    // are always accepted and never listed.
    std::vector<OptionDef> options;
    Arguments arguments;
    // Runs with the command line checked; returns the exit code. Throws
    // UsageError, ConfigError, DbUnavailable, Error.
    int (*run)(const Globals& globals, const Args& args);
    const char* epilogue = "";   // the help after the option lines
    std::size_t option_gap = 2;  // spaces before the option texts in the help
};

// The subcommands, each defined in its own file (or its family's).
extern const Command kMigrate, kImportMembers, kImportExpenses, kImportEligibility, kPurgeExpenses,
    kUnlock, kSendMail, kCheckConfig, kPurgeSessions, kReissue, kUnregistered, kAudit, kOutbox,
    kPublishTerms, kConsents, kExpirePassword, kNotifyExpiring, kSocietyAdd, kSocietySet,
    kSocietyList, kSocietyShow, kPurgeRecords, kMfaReset, kImportBenefits, kPurgeBenefits;

// Every subcommand, in the order of `kosmoctl --help`.
const std::vector<const Command*>& commands();

// The whole `kosmoctl NAME --help` of COMMAND, starting with "usage: ".
std::string help_text(const Command& command);

// The opening every subcommand shares, then COMMAND.run: parses ARGS (the
// command line after NAME) against COMMAND's options with the one parser
// (options.h), "--" ending the options; prints the help to stdout and
// returns kExitOk when --help or -h was given; checks the arguments' count.
// Returns what run returns. Throws UsageError for an unknown option, a
// missing value, a value given to a flag, a repeated option, or too few or
// too many arguments (checked in this order, the help before the count),
// and whatever run throws.
int dispatch(const Command& command, const Globals& globals, const std::vector<std::string>& args);

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

// VALUE, given as WHAT ("--society", "the insurer number"), as an insurer
// number: normalized, 8 digits with the check digit. Throws UsageError.
std::string parse_insurer_number(const std::string& what, const std::string& value);

// The society that --society names: an insurer number that is a society
// in DB. Throws UsageError (not an insurer number) or Error (no such
// society).
std::string society_option(Db& db, const Args& args);

// What an import accepts: every society of DB, and with --society in ARGS
// only that one (society_option's checks).
ImportSocieties import_societies(Db& db, const Args& args);

// The --society option of the imports, for their Command.
extern const OptionDef kImportSocietyOption;

// The --society option of the operators' reports and chores (unregistered,
// audit, consents, outbox, send-mail), for their Command.
extern const OptionDef kReportSocietyOption;

// How a report names the society NUMBER called NAME on a line:
// "06279996 サンプル健康保険組合" (the name made printable, log.h), or "none"
// for NUMBER "" (a mail queued before societies were kept).
std::string society_label(const std::string& number, const std::string& name);

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
