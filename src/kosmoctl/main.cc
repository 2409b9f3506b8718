// main.cc: kosmoctl, the operators' tool: global options and dispatch to
// the subcommands
#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "ctl.h"
#include "error.h"
#include "options.h"

namespace {

const std::vector<kosmo::OptionDef> kGlobalOptions = {
    {"--config", "FILE",
     "the configuration (default: $KOSMO_CONFIG, else\n"
     "/etc/kosmo/kosmo.conf)"},
};

void print_usage(std::ostream& out) {
    out << "usage: kosmoctl [--config FILE] COMMAND [ARGS]\n"
           "\n"
           "The operators' tool of kosmo. The configuration is FILE, else $KOSMO_CONFIG,\n"
           "else /etc/kosmo/kosmo.conf. `kosmoctl COMMAND --help` explains COMMAND.\n"
           "\n"
           "Options:\n"
        << kosmo::option_help(kGlobalOptions)
        << "\n"
           "Commands:\n";
    // The summaries line up two columns after the longest name.
    std::size_t width = 0;
    for (const kosmo::ctl::Command* c : kosmo::ctl::commands())
        width = std::max(width, std::string_view(c->name).size() + 2);
    for (const kosmo::ctl::Command* c : kosmo::ctl::commands()) {
        std::string name = c->name;
        name.resize(width, ' ');
        out << "  " << name << c->summary << "\n";
    }
    out << "\nExit status: 0 done, 1 failed, 2 wrong usage.\n";
}

// --config before COMMAND, else one among the command's arguments (which
// ctl::dispatch accepts and leaves to us), else "".
std::string given_config(const kosmo::ParsedOptions& global, const std::vector<std::string>& args) {
    if (global.has("--config"))
        return global.get("--config");
    return kosmo::parse_options(args, kGlobalOptions, {false, true}).get("--config");
}

// The command the first one or two of WORDS name ("migrate", "society
// add"), and how many words that took; none when they name none.
std::pair<const kosmo::ctl::Command*, std::size_t> find_command(
    const std::vector<std::string>& words) {
    for (const kosmo::ctl::Command* c : kosmo::ctl::commands()) {
        if (words[0] == c->name)
            return {c, 1};
        if (words.size() > 1 && words[0] + " " + words[1] == c->name)
            return {c, 2};
    }
    return {nullptr, 0};
}

int run(const kosmo::ctl::Command& command, const kosmo::ctl::Globals& globals,
        const std::vector<std::string>& args) {
    using namespace kosmo;
    try {
        return ctl::dispatch(command, globals, args);
    } catch (const ctl::UsageError& e) {
        std::cerr << "kosmoctl " << command.name << ": " << e.what() << "\n"
                  << ctl::help_text(command);
        return ctl::kExitUsage;
    } catch (const ConfigError& e) {
        std::cerr << "kosmoctl " << command.name << ": " << e.what() << "\n";
    } catch (const DbUnavailable& e) {
        std::cerr << "kosmoctl " << command.name << ": database unavailable: " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kosmoctl " << command.name << ": " << e.what() << "\n";
    }
    return ctl::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kosmo;
    using namespace kosmo::ctl;

    // Global options come before the command; the rest is the command's.
    const ParsedOptions global =
        parse_options(arguments(argc, argv), kGlobalOptions, {true, false});
    if (!global.error.empty()) {
        std::cerr << "kosmoctl: " << global.error << "\n";
        print_usage(std::cerr);
        return kExitUsage;
    }
    if (global.help) {
        print_usage(std::cout);
        return kExitOk;
    }
    if (global.positional.empty()) {
        print_usage(std::cerr);
        return kExitUsage;
    }
    const auto [command, words] = find_command(global.positional);
    if (!command) {
        if (global.positional.front() == "society")
            std::cerr << "kosmoctl: 'society' takes add, set, list or show\n";
        else
            std::cerr << "kosmoctl: unknown command '" << global.positional.front() << "'\n";
        print_usage(std::cerr);
        return kExitUsage;
    }
    const std::vector<std::string> args(global.positional.begin() + words, global.positional.end());
    Globals globals;
    globals.config_path = config_path(given_config(global, args));
    return run(*command, globals, args);
}
