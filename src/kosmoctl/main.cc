// main.cc: kosmoctl, the operators' tool: global options and dispatch to
// the subcommands
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "config.h"
#include "ctl.h"
#include "error.h"

namespace {

void print_usage(std::ostream& out) {
    out << "usage: kosmoctl [--config FILE] COMMAND [ARGS]\n"
           "\n"
           "The operators' tool of kosmo. The configuration is FILE, else $KOSMO_CONFIG,\n"
           "else /etc/kosmo/kosmo.conf. `kosmoctl COMMAND --help` explains COMMAND.\n"
           "\n"
           "Commands:\n";
    for (const auto& c : kosmo::ctl::commands()) {
        std::string name = c.name;
        name.resize(16, ' ');
        out << "  " << name << c.summary << "\n";
    }
    out << "\nExit status: 0 done, 1 failed, 2 wrong usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kosmo;
    using namespace kosmo::ctl;

    Globals globals;
    globals.config_path = config_path(argc, argv);

    // Global options come before the command.
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            print_usage(std::cout);
            return kExitOk;
        }
        if (arg == "--config") {
            if (++i >= argc) {
                std::cerr << "kosmoctl: option '--config' needs a value\n";
                return kExitUsage;
            }
            continue;
        }
        if (arg.rfind("--config=", 0) == 0) continue;
        std::cerr << "kosmoctl: unknown option '" << arg << "'\n";
        print_usage(std::cerr);
        return kExitUsage;
    }
    if (i >= argc) {
        print_usage(std::cerr);
        return kExitUsage;
    }

    const Command* command = nullptr;
    for (const auto& c : commands())
        if (std::strcmp(c.name, argv[i]) == 0) command = &c;
    if (!command) {
        std::cerr << "kosmoctl: unknown command '" << argv[i] << "'\n";
        print_usage(std::cerr);
        return kExitUsage;
    }

    std::vector<std::string> args(argv + i + 1, argv + argc);
    try {
        return command->run(globals, args);
    } catch (const UsageError& e) {
        std::cerr << "kosmoctl " << command->name << ": " << e.what() << "\n" << command->help;
        return kExitUsage;
    } catch (const ConfigError& e) {
        std::cerr << "kosmoctl " << command->name << ": " << e.what() << "\n";
    } catch (const DbUnavailable& e) {
        std::cerr << "kosmoctl " << command->name << ": database unavailable: " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kosmoctl " << command->name << ": " << e.what() << "\n";
    }
    return kExitFailure;
}
