// config.h: the INI configuration file, loaded once at start
#ifndef KOSMO_CONFIG_H
#define KOSMO_CONFIG_H

#include <map>
#include <string>
#include <vector>

#include "password.h"  // ScryptParams
#include "society.h"   // MfaPolicy

namespace kosmo {

struct DbConfig {
    std::string socket;          // [db] socket   (preferred: unix socket path)
    std::string host;            // [db] host     (used when socket is empty)
    unsigned port = 3306;        // [db] port
    std::string user = "kosmo";  // [db] user
    std::string password;        // [db] password
    std::string name = "kosmo";  // [db] name
};

// The most [mail] senders (and kosmoctl send-mail --senders) allowed: each
// is a thread, a database connection and a sendmail process at once.
constexpr unsigned kMaxMailSenders = 32;

struct Config {
    DbConfig db;

    // [server]
    unsigned threads = 8;          // threads  worker threads per binary
    std::size_t max_body = 16384;  // max_body bytes of a POST body; more is 413
    bool log_requests = true;      // log_requests  a line per request on stderr

    // [site]
    std::string site_name = "KOSMO Communication Web";  // site_name
    std::string template_dir = "templates";             // templates
    std::string static_prefix = "/static";              // static_prefix  URL of the css
    bool secure_cookies = true;  // secure_cookies  false only on the local stack
    // public_url  the site as members reach it: the base of the links in
    // mails (reset links); ends with '/'.
    std::string public_url = "http://localhost/";

    // [insurer], of the releases that served one society: no longer read
    // but by `kosmoctl migrate`, which makes it the first society (the
    // societies are data: society.h), and check-config, which says so.
    struct LegacyInsurer {
        std::string number;                        // number  8 digits, e.g. 06279996
        std::string name;                          // name    e.g. サンプル健康保険組合
        std::vector<std::string> company_domains;  // company_domains  comma separated
        bool present() const {
            return !number.empty() || !name.empty() || !company_domains.empty();
        }
    } legacy_insurer;

    // [security]
    std::string secret;                // secret  hex, >= 64 hex digits, same on every host
    unsigned login_max_failures = 5;   // login_max_failures
    unsigned login_lock_minutes = 30;  // login_lock_minutes
    // login_addr_max_failures  failed logins from one client address (any
    // IDs) within login_lock_minutes that lock that address for
    // login_lock_minutes; 0 = no per-address count (SECURITY.md "Lockout").
    unsigned login_addr_max_failures = 50;
    unsigned verify_max_failures = 5;         // verify_max_failures
    unsigned session_idle_minutes = 30;       // session_idle_minutes
    unsigned session_absolute_minutes = 120;  // session_absolute_minutes
    ScryptParams password_hash;               // password_scrypt = ln=17,r=8,p=1
    // The temporary passwords are random (12 of 32 characters, 60 bits): the
    // cheapest cost the hash format takes, so an import of 100,000 members
    // hashes in seconds (docs/PERFORMANCE.md, "Hash costs").
    ScryptParams temp_password_hash{10, 1, 1};  // temp_password_scrypt = ln=10,r=1,p=1
    unsigned max_concurrent_hashes = 2;         // max_concurrent_hashes  per binary
    unsigned hash_wait_ms = 5000;               // hash_wait_ms  wait for a hash slot before 503
    unsigned hashes_per_address = 2;   // hashes_per_address  slots + waits of one address (0: any)
    unsigned password_max_days = 360;  // password_max_days  0: never expire (SECURITY.md)
    // mfa  the site's second-factor policy (SPEC "二段階認証"); a society's
    // own (societies.mfa) overrides it.
    MfaPolicy mfa = MfaPolicy::Required;

    // [mail]
    std::string mail_from = "webmaster@kosmoweb.jp";  // from
    std::vector<std::string> sendmail{"/usr/sbin/sendmail", "-t",
                                      "-i"};  // sendmail  split on spaces
    unsigned sendmail_timeout_seconds = 30;   // timeout
    // Mails in flight at once in a kosmoctl send-mail wave, one thread and
    // one connection each (kosmoctl send-mail --senders overrides it).
    unsigned mail_senders = 4;  // senders  1..32

    // [terms]
    std::string terms_version = "2022-03";    // version
    std::string terms_date = "2022年3月1日";  // date

    // The secret as bytes (decoded from hex at load).
    std::string secret_bytes;
};

// Parsed INI: "section.key" -> value. Lines: "[section]", "key = value",
// comments starting with '#' or ';'. Throws ConfigError("FILE:LINE: ...").
std::map<std::string, std::string> parse_ini(const std::string& text, const std::string& filename);

// Builds a Config from parsed INI. Unknown keys and bad values throw
// ConfigError naming the key. Checks: secret present and long enough,
// [insurer] number well-formed, numbers in range.
Config config_from_ini(const std::map<std::string, std::string>& ini);

// Reads and checks FILE. Throws ConfigError.
Config load_config(const std::string& path);

// The config path: GIVEN (the value of --config) when not empty, else the
// KOSMO_CONFIG environment variable, else /etc/kosmo/kosmo.conf.
std::string config_path(const std::string& given);

}  // namespace kosmo

#endif
