// options.cc: the one command-line parser of every program
#include "options.h"

#include <algorithm>
#include <cstring>

namespace kosmo {

namespace {

const OptionDef kHelp{"--help", nullptr, "this text"};

const OptionDef* find_option(const std::vector<OptionDef>& table, const std::string& name) {
    for (const OptionDef& d : table)
        if (name == d.name)
            return &d;
    return nullptr;
}

// Handles the option ARGS[I] (advancing I past a separate value); false
// when it is a usage error, stored in OUT.error.
bool take_option(const std::vector<std::string>& args, std::size_t& i,
                 const std::vector<OptionDef>& table, ParseMode mode, ParsedOptions& out) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
        out.help = true;
        return true;
    }
    std::string name = arg, value;
    const auto eq = arg.find('=');
    const bool inline_value = eq != std::string::npos && arg.compare(0, 2, "--") == 0;
    if (inline_value) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
    }
    const OptionDef* def = find_option(table, name);
    if (!def) {
        out.error = mode.skip_unknown ? "" : "unknown option '" + name + "' (try --help)";
        return mode.skip_unknown;
    }
    if (def->value && !inline_value) {
        if (i + 1 >= args.size()) {
            out.error = "option '" + name + "' needs a value";
            return false;
        }
        value = args[++i];
    } else if (!def->value && inline_value) {
        out.error = "option '" + name + "' takes no value";
        return false;
    }
    if (!out.values.emplace(name, value).second) {
        out.error = "option '" + name + "' given twice";
        return false;
    }
    return true;
}

std::string option_label(const OptionDef& d) {
    std::string label = d.name;
    if (d.value)
        label += std::string(" ") + d.value;
    return label;
}

}  // namespace

std::string ParsedOptions::get(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

ParsedOptions parse_options(const std::vector<std::string>& args,
                            const std::vector<OptionDef>& table, ParseMode mode) {
    ParsedOptions out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            out.positional.insert(out.positional.end(), args.begin() + i + 1, args.end());
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            if (mode.stop_at_positional) {
                out.positional.insert(out.positional.end(), args.begin() + i, args.end());
                break;
            }
            out.positional.push_back(arg);
            continue;
        }
        if (!take_option(args, i, table, mode, out))
            break;
    }
    return out;
}

std::vector<std::string> arguments(int argc, char** argv) {
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
}

std::string option_help(const std::vector<OptionDef>& table) {
    std::vector<const OptionDef*> listed;
    for (const OptionDef& d : table)
        if (d.help)
            listed.push_back(&d);
    listed.push_back(&kHelp);
    std::size_t width = 0;
    for (const OptionDef* d : listed)
        width = std::max(width, option_label(*d).size());
    const std::string indent(2 + width + 2, ' ');
    std::string out;
    for (const OptionDef* d : listed) {
        std::string label = option_label(*d);
        label.resize(width, ' ');
        out += "  " + label + "  ";
        for (const char* p = d->help; *p; ++p) {
            out += *p;
            if (*p == '\n')
                out += indent;
        }
        out += '\n';
    }
    return out;
}

}  // namespace kosmo
