// config.cc: load and check the INI configuration
#include "config.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

#include "error.h"
#include "password.h"
#include "society.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

namespace {

bool valid_name(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    return true;
}

[[noreturn]] void bad(const std::string& key, const std::string& why) {
    throw ConfigError("bad value for '" + key + "': " + why);
}

unsigned to_unsigned(const std::string& key, const std::string& v, unsigned min, unsigned max) {
    if (v.empty() || v.size() > 10 || !all_digits(v))
        bad(key, "'" + v + "' is not a number");
    const unsigned long n = std::strtoul(v.c_str(), nullptr, 10);
    if (n < min || n > max)
        bad(key, v + " is not between " + std::to_string(min) + " and " + std::to_string(max));
    return unsigned(n);
}

bool to_bool(const std::string& key, const std::string& v) {
    const std::string l = ascii_lower(v);
    if (l == "true" || l == "yes" || l == "on" || l == "1")
        return true;
    if (l == "false" || l == "no" || l == "off" || l == "0")
        return false;
    bad(key, "'" + v + "' is not true or false");
}

std::string one_line(const std::string& key, const std::string& v) {
    for (char c : v)
        if (std::uint8_t(c) < 0x20 || c == 0x7f)
            bad(key, "control characters are not allowed");
    return v;
}

// "ln=17,r=8,p=1": parsed by the same code and bounds verify_password uses
// for stored hashes, so every hash we write can be read back.
ScryptParams to_scrypt(const std::string& key, const std::string& v) {
    const std::string probe = "$scrypt$" + v + "$AAAAAAAAAAAAAAAAAAAAAA$" + std::string(43, 'A');
    auto p = hash_params(probe);
    if (!p)
        bad(key, "'" + v +
                     "' is not of the form ln=17,r=8,p=1 within ln 10..22, r 1..32, "
                     "p 1..16 and 128*r*2^ln <= 1 GiB");
    return *p;
}

MfaPolicy to_mfa(const std::string& key, const std::string& v) {
    auto policy = parse_mfa(v);
    if (!policy)
        bad(key, "'" + v + "' is not required, optional or off");
    return *policy;
}

// A bare address: it goes into From and gives Message-IDs their domain.
std::string to_address(const std::string& key, const std::string& v) {
    const auto at = v.find('@');
    if (at == 0 || at == std::string::npos || at + 1 == v.size() ||
        v.find('@', at + 1) != std::string::npos ||
        v.find_first_of(" \t<>,;:\"()[]\\") != std::string::npos)
        bad(key, "'" + v + "' is not a plain mail address like webmaster@kosmoweb.jp");
    return one_line(key, v);
}

// The site's address as members reach it, the base of every link in a
// mail: http(s)://host[:port][/path]/, the trailing slash added.
std::string to_public_url(const std::string& key, const std::string& v) {
    const bool scheme = v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0;
    const auto host_at = v.find("://") + 3;
    if (!scheme || host_at >= v.size() || v[host_at] == '/' ||
        v.find_first_of(" \t\"'<>?#") != std::string::npos)
        bad(key, "'" + v + "' is not a URL like https://kosmo.example.jp/");
    std::string url = one_line(key, v);
    if (url.back() != '/')
        url += '/';
    return url;
}

std::vector<std::string> split_domains(const std::string& key, const std::string& v) {
    std::string item;
    auto domains = parse_domains(v, &item);
    if (!domains)
        bad(key, "'" + item + "' is not a domain");
    return *domains;
}

std::vector<std::string> split_words(const std::string& key, const std::string& v) {
    std::vector<std::string> out;
    std::istringstream in(v);
    std::string word;
    while (in >> word)
        out.push_back(word);
    if (out.empty())
        bad(key, "no command given");
    return out;
}

}  // namespace

std::map<std::string, std::string> parse_ini(const std::string& text, const std::string& filename) {
    std::map<std::string, std::string> out;
    std::string section;
    std::istringstream in(text);
    std::string line;
    unsigned lineno = 0;
    auto fail = [&](const std::string& why) {
        throw ConfigError(filename + ":" + std::to_string(lineno) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3);  // a BOM left by a Windows editor
        const std::string t(trim(line, Spaces::Ascii));
        // Only whole-line comments: values (passwords) may contain '#' and ';'.
        if (t.empty() || t[0] == '#' || t[0] == ';')
            continue;
        if (t[0] == '[') {
            if (t.back() != ']')
                fail("section header without ']'");
            section = trim(t.substr(1, t.size() - 2), Spaces::Ascii);
            if (!valid_name(section))
                fail("bad section name '" + section + "'");
            continue;
        }
        const auto eq = t.find('=');
        if (eq == std::string::npos)
            fail("expected 'key = value', got '" + t + "'");
        const std::string key(trim(t.substr(0, eq), Spaces::Ascii));
        if (!valid_name(key))
            fail("bad key name '" + key + "'");
        if (section.empty())
            fail("key '" + key + "' before any [section]");
        const std::string full = section + "." + key;
        if (!out.emplace(full, trim(t.substr(eq + 1), Spaces::Ascii)).second)
            fail("duplicate key '" + full + "'");
    }
    return out;
}

namespace {

// The setter of each key, by "section.key"; each writes into the Config
// the map was made for, which outlives it.
using Setter = std::function<void(const std::string& key, const std::string& v)>;
using Setters = std::map<std::string, Setter>;

// [db], [server] and [site].
void add_db_server_site(Setters& s, Config& c) {
    s.insert({
        {"db.socket", [&](auto&, auto& v) { c.db.socket = v; }},
        {"db.host", [&](auto&, auto& v) { c.db.host = v; }},
        {"db.port", [&](auto& k, auto& v) { c.db.port = to_unsigned(k, v, 1, 65535); }},
        {"db.user", [&](auto&, auto& v) { c.db.user = v; }},
        {"db.password", [&](auto&, auto& v) { c.db.password = v; }},
        {"db.name", [&](auto&, auto& v) { c.db.name = v; }},
        {"server.threads", [&](auto& k, auto& v) { c.threads = to_unsigned(k, v, 1, 256); }},
        {"server.max_body",
         [&](auto& k, auto& v) { c.max_body = to_unsigned(k, v, 1024, 16u << 20); }},
        {"server.log_requests", [&](auto& k, auto& v) { c.log_requests = to_bool(k, v); }},
        {"site.site_name", [&](auto& k, auto& v) { c.site_name = one_line(k, v); }},
        {"site.templates", [&](auto&, auto& v) { c.template_dir = v; }},
        {"site.static_prefix", [&](auto&, auto& v) { c.static_prefix = v; }},
        {"site.public_url", [&](auto& k, auto& v) { c.public_url = to_public_url(k, v); }},
        {"site.secure_cookies", [&](auto& k, auto& v) { c.secure_cookies = to_bool(k, v); }},
    });
}

// [insurer]: read for kosmoctl migrate only (Config::LegacyInsurer).
void add_insurer(Setters& s, Config& c) {
    s.insert({
        {"insurer.number",
         [&](auto& k, auto& v) {
             if (validate_insurer_number(v) != Reason::Ok)
                 bad(k, "'" + v + "' is not an 8-digit insurer number with a valid check digit");
             c.legacy_insurer.number = v;
         }},
        {"insurer.name", [&](auto& k, auto& v) { c.legacy_insurer.name = one_line(k, v); }},
        {"insurer.company_domains",
         [&](auto& k, auto& v) { c.legacy_insurer.company_domains = split_domains(k, v); }},
    });
}

// [security].
void add_security(Setters& s, Config& c) {
    s.insert({
        {"security.secret", [&](auto&, auto& v) { c.secret = v; }},
        {"security.login_max_failures",
         [&](auto& k, auto& v) { c.login_max_failures = to_unsigned(k, v, 1, 1000); }},
        {"security.login_lock_minutes",
         [&](auto& k, auto& v) { c.login_lock_minutes = to_unsigned(k, v, 1, 525600); }},
        {"security.verify_max_failures",
         [&](auto& k, auto& v) { c.verify_max_failures = to_unsigned(k, v, 1, 1000); }},
        {"security.session_idle_minutes",
         [&](auto& k, auto& v) { c.session_idle_minutes = to_unsigned(k, v, 1, 1440); }},
        {"security.session_absolute_minutes",
         [&](auto& k, auto& v) { c.session_absolute_minutes = to_unsigned(k, v, 1, 10080); }},
        {"security.password_scrypt", [&](auto& k, auto& v) { c.password_hash = to_scrypt(k, v); }},
        {"security.temp_password_scrypt",
         [&](auto& k, auto& v) { c.temp_password_hash = to_scrypt(k, v); }},
        {"security.max_concurrent_hashes",
         [&](auto& k, auto& v) { c.max_concurrent_hashes = to_unsigned(k, v, 1, 256); }},
        {"security.hash_wait_ms",
         [&](auto& k, auto& v) { c.hash_wait_ms = to_unsigned(k, v, 0, 600000); }},
        {"security.hashes_per_address",
         [&](auto& k, auto& v) { c.hashes_per_address = to_unsigned(k, v, 0, 256); }},
        {"security.login_addr_max_failures",
         [&](auto& k, auto& v) { c.login_addr_max_failures = to_unsigned(k, v, 0, 100000); }},
        {"security.password_max_days",
         [&](auto& k, auto& v) { c.password_max_days = to_unsigned(k, v, 0, 36500); }},
        {"security.mfa", [&](auto& k, auto& v) { c.mfa = to_mfa(k, v); }},
    });
}

// [mail] and [terms].
void add_mail_terms(Setters& s, Config& c) {
    s.insert({
        {"mail.from", [&](auto& k, auto& v) { c.mail_from = to_address(k, v); }},
        {"mail.sendmail", [&](auto& k, auto& v) { c.sendmail = split_words(k, v); }},
        {"mail.timeout",
         [&](auto& k, auto& v) { c.sendmail_timeout_seconds = to_unsigned(k, v, 1, 3600); }},
        {"mail.senders",
         [&](auto& k, auto& v) { c.mail_senders = to_unsigned(k, v, 1, kMaxMailSenders); }},
        {"terms.version", [&](auto& k, auto& v) { c.terms_version = one_line(k, v); }},
        {"terms.date", [&](auto& k, auto& v) { c.terms_date = one_line(k, v); }},
    });
}

// Runs the setter of each key in INI; an unknown key or section is an error.
void apply_setters(const Setters& setters, const std::map<std::string, std::string>& ini) {
    std::set<std::string> sections;
    for (const auto& [key, setter] : setters)
        sections.insert(key.substr(0, key.find('.')));
    for (const auto& [key, value] : ini) {
        auto it = setters.find(key);
        if (it == setters.end()) {
            const std::string section = key.substr(0, key.find('.'));
            if (!sections.count(section))
                throw ConfigError("unknown section '" + section + "' (key '" + key + "')");
            throw ConfigError("unknown key '" + key + "'");
        }
        it->second(key, value);
    }
}

// The secret signs CSRF tokens on every host alike: it must be present,
// long and the same everywhere, so it is never defaulted.
void check_secret(const std::map<std::string, std::string>& ini, Config& c) {
    if (!ini.count("security.secret"))
        throw ConfigError("missing key 'security.secret' (64 or more hex digits)");
    auto bytes = unhex(c.secret);
    if (!bytes)
        bad("security.secret", "not an even number of hex digits");
    if (c.secret.size() < 64)
        bad("security.secret",
            "needs at least 64 hex digits, has " + std::to_string(c.secret.size()));
    c.secret_bytes = std::move(*bytes);
}

}  // namespace

Config config_from_ini(const std::map<std::string, std::string>& ini) {
    Config c;
    Setters setters;
    add_db_server_site(setters, c);
    add_insurer(setters, c);
    add_security(setters, c);
    add_mail_terms(setters, c);
    apply_setters(setters, ini);
    check_secret(ini, c);
    if (c.session_absolute_minutes < c.session_idle_minutes)
        bad("security.session_absolute_minutes", "is shorter than session_idle_minutes");
    return c;
}

Config load_config(const std::string& path) {
    // FILE* rather than ifstream: a directory or an I/O error must surface
    // as an error, not as an empty file.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f)
        throw ConfigError("cannot read config '" + path + "': " + std::strerror(errno));
    std::string text;
    char buf[8192];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0)
        text.append(buf, n);
    if (std::ferror(f.get()))
        throw ConfigError("cannot read config '" + path + "': " + std::strerror(errno));
    const auto ini = parse_ini(text, path);
    try {
        return config_from_ini(ini);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

std::string config_path(const std::string& given) {
    if (!given.empty())
        return given;
    if (const char* env = std::getenv("KOSMO_CONFIG"); env && *env)
        return env;
    return "/etc/kosmo/kosmo.conf";
}

}  // namespace kosmo
