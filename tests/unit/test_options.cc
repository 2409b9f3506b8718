// test_options.cc: the one command-line parser: values, errors, "--", --help
// and the help lines made from the table
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "options.h"

using namespace kosmo;

namespace {

const std::vector<OptionDef> kTable = {
    {"--config", "FILE", "the configuration"},
    {"--out", "FILE", "where to write\nthe result"},
    {"--all", nullptr, "every one"},
    {"--hidden", "X", nullptr},
};

ParsedOptions parse(std::vector<std::string> args, ParseMode mode = {}) {
    return parse_options(args, kTable, mode);
}

// Sets an environment variable for one scope, and restores it after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name))
            old_ = old;
        setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(values_separate_and_inline) {
    const ParsedOptions p = parse({"--config", "/a.conf", "--out=x.csv", "--all", "--hidden="});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--config") == "/a.conf");
    BOOST_TEST(p.get("--out") == "x.csv");
    BOOST_TEST(p.has("--all"));
    BOOST_TEST(p.get("--all") == "");
    BOOST_TEST(p.has("--hidden"));  // an empty inline value is a value
    BOOST_TEST(!p.has("--nothing"));
    BOOST_TEST(p.get("--nothing") == "");
    BOOST_TEST(!p.help);
    BOOST_TEST(p.positional.empty());
}

BOOST_AUTO_TEST_CASE(a_value_may_look_like_an_option) {
    const ParsedOptions p = parse({"--out", "--all"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--out") == "--all");
    BOOST_TEST(!p.has("--all"));
}

BOOST_AUTO_TEST_CASE(positional_between_options) {
    const ParsedOptions p = parse({"in.csv", "--out", "o.csv", "-", "more"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.positional == (std::vector<std::string>{"in.csv", "-", "more"}));
    BOOST_TEST(p.get("--out") == "o.csv");
}

BOOST_AUTO_TEST_CASE(missing_value) {
    BOOST_TEST(parse({"--out"}).error == "option '--out' needs a value");
    BOOST_TEST(parse({"--all", "--config"}).error == "option '--config' needs a value");
}

BOOST_AUTO_TEST_CASE(unknown_option) {
    BOOST_TEST(parse({"--x"}).error == "unknown option '--x' (try --help)");
    BOOST_TEST(parse({"--x=1"}).error == "unknown option '--x' (try --help)");
    BOOST_TEST(parse({"-q"}).error == "unknown option '-q' (try --help)");
    // Parsing stops at the first error.
    const ParsedOptions p = parse({"--bogus", "--out"});
    BOOST_TEST(p.error == "unknown option '--bogus' (try --help)");
}

BOOST_AUTO_TEST_CASE(flag_with_a_value) {
    BOOST_TEST(parse({"--all=yes"}).error == "option '--all' takes no value");
}

BOOST_AUTO_TEST_CASE(repeated_option) {
    BOOST_TEST(parse({"--out", "a", "--out=b"}).error == "option '--out' given twice");
    BOOST_TEST(parse({"--all", "--all"}).error == "option '--all' given twice");
}

BOOST_AUTO_TEST_CASE(double_dash_ends_the_options) {
    const ParsedOptions p = parse({"--all", "--", "--out", "-h", "x"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.has("--all"));
    BOOST_TEST(!p.has("--out"));
    BOOST_TEST(!p.help);
    BOOST_TEST(p.positional == (std::vector<std::string>{"--out", "-h", "x"}));
}

BOOST_AUTO_TEST_CASE(help_long_and_short) {
    BOOST_TEST(parse({"--help"}).help);
    BOOST_TEST(parse({"-h"}).help);
    const ParsedOptions p = parse({"file", "--help"});
    BOOST_TEST(p.help);
    BOOST_TEST(p.error == "");
}

BOOST_AUTO_TEST_CASE(stop_at_positional) {
    const ParsedOptions p = parse({"--config", "c", "migrate", "--bogus", "--help"}, {true, false});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--config") == "c");
    BOOST_TEST(!p.help);  // the command's, not ours
    BOOST_TEST(p.positional == (std::vector<std::string>{"migrate", "--bogus", "--help"}));
}

BOOST_AUTO_TEST_CASE(skip_unknown) {
    const ParsedOptions p = parse({"--bogus", "x", "--config=c"}, {false, true});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--config") == "c");
}

BOOST_AUTO_TEST_CASE(abbreviations_are_unknown_options) {
    // getopt_long would take each of these for the option it begins.
    BOOST_TEST(parse({"--conf", "x"}).error == "unknown option '--conf' (try --help)");
    BOOST_TEST(parse({"--conf=x"}).error == "unknown option '--conf' (try --help)");
    BOOST_TEST(parse({"--al"}).error == "unknown option '--al' (try --help)");
    BOOST_TEST(parse({"--al=yes"}).error == "unknown option '--al' (try --help)");
    BOOST_TEST(parse({"--ou"}).error == "unknown option '--ou' (try --help)");
    const ParsedOptions help = parse({"--he"});
    BOOST_TEST(help.error == "unknown option '--he' (try --help)");
    BOOST_TEST(!help.help);
    // An ambiguous one (--hidden, --help) too.
    BOOST_TEST(parse({"--h"}).error == "unknown option '--h' (try --help)");
}

BOOST_AUTO_TEST_CASE(skip_unknown_leaves_what_follows_an_abbreviation) {
    const ParsedOptions p = parse({"--conf", "x", "--al", "--config", "c"}, {false, true});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--config") == "c");
    BOOST_TEST(!p.has("--all"));
    BOOST_TEST(p.positional == (std::vector<std::string>{"x"}));
}

BOOST_AUTO_TEST_CASE(positional_order_is_kept) {
    const ParsedOptions p =
        parse({"a", "--all", "b", "--out", "o", "", "c", "-", "--", "d", "--config", "e"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.positional ==
               (std::vector<std::string>{"a", "b", "", "c", "-", "d", "--config", "e"}));
    BOOST_TEST(p.get("--out") == "o");
    BOOST_TEST(!p.has("--config"));
}

BOOST_AUTO_TEST_CASE(posixly_correct_changes_nothing) {
    const ScopedEnv env("POSIXLY_CORRECT", "1");
    const ParsedOptions p = parse({"in.csv", "--out", "o.csv", "more"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.get("--out") == "o.csv");
    BOOST_TEST(p.positional == (std::vector<std::string>{"in.csv", "more"}));
    const ParsedOptions s = parse({"--all", "cmd", "--out", "x"}, {true, false});
    BOOST_TEST(s.has("--all"));
    BOOST_TEST(s.positional == (std::vector<std::string>{"cmd", "--out", "x"}));
}

BOOST_AUTO_TEST_CASE(stop_at_positional_edges) {
    const ParsedOptions dash = parse({"--all", "--", "x", "--out"}, {true, false});
    BOOST_TEST(dash.error == "");
    BOOST_TEST(dash.has("--all"));
    BOOST_TEST(dash.positional == (std::vector<std::string>{"x", "--out"}));
    const ParsedOptions stdin_first = parse({"-", "--all"}, {true, false});
    BOOST_TEST(!stdin_first.has("--all"));
    BOOST_TEST(stdin_first.positional == (std::vector<std::string>{"-", "--all"}));
    BOOST_TEST(parse({"--all"}, {true, false}).positional.empty());
}

BOOST_AUTO_TEST_CASE(values_dash_and_help_with_a_value) {
    BOOST_TEST(parse({"--out", "-"}).get("--out") == "-");
    BOOST_TEST(parse({"--out", "--"}).get("--out") == "--");
    BOOST_TEST(parse({"--help=x"}).error == "option '--help' takes no value");
    BOOST_TEST(parse({"-hq"}).error == "unknown option '-q' (try --help)");
}

BOOST_AUTO_TEST_CASE(each_call_starts_afresh) {
    // getopt's state is global: a parse stopped inside "-qh" (with 'h'
    // still pending) or after a stop_at_positional must not leak.
    BOOST_TEST(parse({"-qh"}).error == "unknown option '-q' (try --help)");
    ParsedOptions p = parse({"--all"});
    BOOST_TEST(p.error == "");
    BOOST_TEST(p.has("--all"));
    BOOST_TEST(!p.help);
    BOOST_TEST(parse({"x", "--all"}, {true, false}).positional.size() == 2u);
    p = parse({"x", "--all"});
    BOOST_TEST(p.has("--all"));
    BOOST_TEST(p.positional == (std::vector<std::string>{"x"}));
}

BOOST_AUTO_TEST_CASE(arguments_without_the_program) {
    char prog[] = "kosmoctl", a[] = "--config", b[] = "f";
    char* argv[] = {prog, a, b, nullptr};
    BOOST_TEST(arguments(3, argv) == (std::vector<std::string>{"--config", "f"}));
    BOOST_TEST(arguments(1, argv).empty());
    BOOST_TEST(arguments(0, argv).empty());
}

BOOST_AUTO_TEST_CASE(help_lines_from_the_table) {
    const std::string expected =
        "  --config FILE  the configuration\n"
        "  --out FILE     where to write\n"
        "                 the result\n"
        "  --all          every one\n"
        "  --help         this text\n";
    BOOST_TEST(option_help(kTable) == expected);
}

BOOST_AUTO_TEST_CASE(help_lines_without_help_and_with_a_wider_gap) {
    const std::string expected =
        "  --config FILE   the configuration\n"
        "  --out FILE      where to write\n"
        "                  the result\n"
        "  --all           every one\n";
    BOOST_TEST(option_help(kTable, {false, 3}) == expected);
    // Nothing listed, nothing at all: not even an empty line.
    BOOST_TEST(option_help({{"--hidden", "X", nullptr}}, {false, 2}) == "");
    BOOST_TEST(option_help({}, {true, 2}) == "  --help  this text\n");
}

BOOST_AUTO_TEST_SUITE_END()
