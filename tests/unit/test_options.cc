// test_options.cc: the one command-line parser: values, errors, "--", --help
// and the help lines made from the table
#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
