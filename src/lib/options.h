// options.h: the one command-line parser of every program (on getopt_long):
// an option table, "--name VALUE" and "--name=VALUE", and the --help lines
#ifndef KOSMO_OPTIONS_H
#define KOSMO_OPTIONS_H

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kosmo {

// One long option. --help (and -h) is always known and needs no entry.
struct OptionDef {
    const char* name;   // "--out": always "--" and the long name
    const char* value;  // what the value is called in --help ("FILE"); nullptr: a flag
    const char* help;   // its --help text; '\n' starts a continuation line; nullptr: unlisted
};

struct ParsedOptions {
    std::map<std::string, std::string> values;  // "--out" -> value ("" for a flag)
    std::vector<std::string> positional;        // in order; "-" is positional
    bool help = false;                          // --help or -h was given
    std::string error;  // the first usage error ("" when none); parsing stopped there

    bool has(const std::string& name) const { return values.count(name) != 0; }
    // The value of NAME ("" when absent).
    std::string get(const std::string& name) const;
};

struct ParseMode {
    // The first positional argument ends the options: it and everything
    // after it are positional (kosmoctl's global options before COMMAND).
    bool stop_at_positional = false;
    // Options not in the table (abbreviations too) are skipped instead of
    // being an error (to pick one option out of arguments someone else
    // parses); what follows one is never taken as its value.
    bool skip_unknown = false;
};

// Parses ARGS (without the program name) against TABLE with getopt_long(3).
// "--" ends the options; positional arguments keep their order, whatever
// $POSIXLY_CORRECT says. Names must be typed in full: getopt_long's
// abbreviations ("--conf" for "--config") are refused as unknown options, so
// that adding an option never changes what an old command line means. The
// errors, one line each: "unknown option '--x' (try --help)", "option '--out'
// needs a value", "option '--all' takes no value", "option '--out' given
// twice". Never throws but for memory. Not thread-safe (getopt's state is
// global: optind, optarg, optopt, opterr): call it at startup only.
ParsedOptions parse_options(const std::vector<std::string>& args,
                            const std::vector<OptionDef>& table, ParseMode mode = {});

// ARGV[1..ARGC) as strings, for parse_options.
std::vector<std::string> arguments(int argc, char** argv);

// How option_help lays its lines out.
struct HelpLayout {
    // A last line for --help itself (kosmoctl's subcommands leave it out:
    // their help says nothing of --help).
    bool list_help = true;
    // Spaces between the longest "--name VALUE" and the texts.
    std::size_t gap = 2;
};

// The "options:" lines of --help for TABLE, plus --help itself unless
// LAYOUT says not: each "  --name VALUE  help", the texts aligned in one
// column ("" when no option is listed).
std::string option_help(const std::vector<OptionDef>& table, HelpLayout layout = {});

}  // namespace kosmo

#endif
