// test_config.cc: INI parsing, checks and errors that name the key
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "config.h"
#include "error.h"
#include "options.h"

using namespace kosmo;

namespace {

const std::string kSecret(64, 'a');

const std::string kGood =
    "# kosmo test configuration\n"
    "; another comment\n"
    "[db]\n"
    "socket = /run/mysqld/mysqld.sock\n"
    "port = 3307\n"
    "user = kosmo_app\n"
    "password = p=ss#word;1 \n"
    "name = kosmo_test\n"
    "\n"
    "[server]\n"
    "threads=8\n"
    "max_body = 32768\n"
    "log_requests = off\n"
    "[site]\n"
    "site_name = KOSMO Communication Web\n"
    "templates = /usr/share/kosmo/templates\n"
    "static_prefix = /static\n"
    "secure_cookies = no\n"
    "[insurer]\n"
    "number = 06279996\n"
    "name = サンプル健康保険組合\n"
    "company_domains = Example.co.jp, example-group.jp ,,\n"
    "[security]\n"
    "secret = " +
    kSecret +
    "\n"
    "login_max_failures = 3\n"
    "login_lock_minutes = 15\n"
    "verify_max_failures = 4\n"
    "session_idle_minutes = 20\n"
    "session_absolute_minutes = 90\n"
    "password_scrypt = ln=16,r=8,p=2\n"
    "temp_password_scrypt = ln=10,r=8,p=1\n"
    "max_concurrent_hashes = 3\n"
    "hash_wait_ms = 2500\n"
    "password_max_days = 180\n"
    "[mail]\n"
    "from = webmaster@kosmoweb.jp\n"
    "sendmail = /usr/sbin/sendmail  -t   -i\n"
    "timeout = 10\n"
    "senders = 6\n"
    "[terms]\n"
    "version = 2024-12\n"
    "date = 2024年12月2日\n";

Config from(const std::string& text) {
    return config_from_ini(parse_ini(text, "test.conf"));
}

std::string minimal(const std::string& extra) {
    return "[security]\nsecret = " + kSecret + "\n" + extra;
}

// The ConfigError message of F, or "" when F does not throw one.
template <typename F>
std::string error_of(F f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text) {
        char tmpl[] = "/tmp/kosmo-config-XXXXXX";
        const int fd = mkstemp(tmpl);
        BOOST_REQUIRE(fd >= 0);
        close(fd);
        path = tmpl;
        std::ofstream(path) << text;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(parse_ini_basics) {
    const auto ini =
        parse_ini("\xEF\xBB\xBF[a]\r\n  k1 =  v 1  \r\n# c\n;c\n[ b ]\nk2=x=y\nk3 =\n", "f");
    BOOST_TEST(ini.size() == 3u);
    BOOST_TEST(ini.at("a.k1") == "v 1");
    BOOST_TEST(ini.at("b.k2") == "x=y");
    BOOST_TEST(ini.at("b.k3") == "");
    // No inline comments: a password may hold '#' or ';'.
    BOOST_TEST(parse_ini("[a]\nk = x # y ; z\n", "f").at("a.k") == "x # y ; z");
    BOOST_TEST(parse_ini("", "f").empty());
}

BOOST_AUTO_TEST_CASE(parse_ini_errors_name_file_and_line) {
    BOOST_TEST(contains(error_of([] { parse_ini("[a]\nk=1\nk = 2\n", "x.conf"); }),
                        "x.conf:3: duplicate key 'a.k'"));
    BOOST_TEST(contains(error_of([] { parse_ini("k=1\n", "x.conf"); }), "x.conf:1:"));
    BOOST_TEST(contains(error_of([] { parse_ini("[a]\njust words\n", "x.conf"); }), "x.conf:2:"));
    BOOST_TEST(contains(error_of([] { parse_ini("[a\n", "x.conf"); }), "x.conf:1:"));
    BOOST_TEST(contains(error_of([] { parse_ini("[]\n", "x.conf"); }), "x.conf:1:"));
    BOOST_TEST(contains(error_of([] { parse_ini("[a]\n = v\n", "x.conf"); }), "x.conf:2:"));
    BOOST_TEST(contains(error_of([] { parse_ini("[a]\nk k = v\n", "x.conf"); }), "x.conf:2:"));
    // The same key in two sections is not a duplicate.
    BOOST_TEST(error_of([] { parse_ini("[a]\nk=1\n[b]\nk=1\n", "x.conf"); }).empty());
}

BOOST_AUTO_TEST_CASE(good_file) {
    const Config c = from(kGood);
    BOOST_TEST(c.db.socket == "/run/mysqld/mysqld.sock");
    BOOST_TEST(c.db.port == 3307u);
    BOOST_TEST(c.db.user == "kosmo_app");
    BOOST_TEST(c.db.password == "p=ss#word;1");
    BOOST_TEST(c.db.name == "kosmo_test");
    BOOST_TEST(c.threads == 8u);
    BOOST_TEST(c.max_body == 32768u);
    BOOST_TEST(!c.log_requests);
    BOOST_TEST(c.template_dir == "/usr/share/kosmo/templates");
    BOOST_TEST(!c.secure_cookies);
    BOOST_TEST(c.legacy_insurer.number == "06279996");
    BOOST_TEST(c.legacy_insurer.name == "サンプル健康保険組合");
    BOOST_TEST(c.legacy_insurer.company_domains ==
                   (std::vector<std::string>{"example.co.jp", "example-group.jp"}),
               boost::test_tools::per_element());
    BOOST_TEST(c.secret == kSecret);
    BOOST_TEST(c.secret_bytes == std::string(32, '\xaa'));
    BOOST_TEST(c.login_max_failures == 3u);
    BOOST_TEST(c.login_lock_minutes == 15u);
    BOOST_TEST(c.verify_max_failures == 4u);
    BOOST_TEST(c.session_idle_minutes == 20u);
    BOOST_TEST(c.session_absolute_minutes == 90u);
    BOOST_TEST(c.password_hash.log2_n == 16u);
    BOOST_TEST(c.password_hash.r == 8u);
    BOOST_TEST(c.password_hash.p == 2u);
    BOOST_TEST(c.temp_password_hash.log2_n == 10u);
    BOOST_TEST(c.max_concurrent_hashes == 3u);
    BOOST_TEST(c.hash_wait_ms == 2500u);
    BOOST_TEST(c.password_max_days == 180u);
    BOOST_TEST(c.mail_from == "webmaster@kosmoweb.jp");
    BOOST_TEST(c.sendmail == (std::vector<std::string>{"/usr/sbin/sendmail", "-t", "-i"}),
               boost::test_tools::per_element());
    BOOST_TEST(c.sendmail_timeout_seconds == 10u);
    BOOST_TEST(c.mail_senders == 6u);
    BOOST_TEST(c.terms_version == "2024-12");
    BOOST_TEST(c.terms_date == "2024年12月2日");
}

BOOST_AUTO_TEST_CASE(defaults_with_only_a_secret) {
    const Config c = from(minimal(""));
    const Config d;
    BOOST_TEST(c.threads == d.threads);
    BOOST_TEST(c.password_hash.log2_n == 17u);
    BOOST_TEST(c.temp_password_hash.log2_n == 10u);
    BOOST_TEST(c.temp_password_hash.r == 1u);
    BOOST_TEST(c.sendmail.size() == 3u);
    BOOST_TEST(c.mail_senders == 4u);
    BOOST_TEST(c.secure_cookies);
    BOOST_TEST(c.log_requests);
    BOOST_TEST(!c.legacy_insurer.present());
    BOOST_TEST(c.secret_bytes.size() == 32u);
}

BOOST_AUTO_TEST_CASE(booleans) {
    for (const char* t : {"true", "yes", "1", "on", "TRUE", "Yes"})
        BOOST_TEST(
            from(minimal("[site]\nsecure_cookies = " + std::string(t) + "\n")).secure_cookies);
    for (const char* f : {"false", "no", "0", "off", "No"})
        BOOST_TEST(
            !from(minimal("[site]\nsecure_cookies = " + std::string(f) + "\n")).secure_cookies);
    BOOST_TEST(contains(error_of([] { from(minimal("[site]\nsecure_cookies = maybe\n")); }),
                        "'site.secure_cookies'"));
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_sections) {
    BOOST_TEST(
        contains(error_of([] { from(minimal("foo = 1\n")); }), "unknown key 'security.foo'"));
    BOOST_TEST(contains(error_of([] { from(minimal("[dbx]\nuser = a\n")); }), "'dbx'"));
    BOOST_TEST(contains(error_of([] { from(minimal("[db]\nusr = a\n")); }), "'db.usr'"));
}

BOOST_AUTO_TEST_CASE(secret_checks) {
    BOOST_TEST(contains(error_of([] { from("[db]\nuser = a\n"); }), "security.secret"));
    BOOST_TEST(
        contains(error_of([] { from("[security]\nsecret = " + std::string(62, 'a') + "\n"); }),
                 "security.secret"));
    BOOST_TEST(
        contains(error_of([] { from("[security]\nsecret = " + std::string(65, 'a') + "\n"); }),
                 "security.secret"));
    BOOST_TEST(
        contains(error_of([] { from("[security]\nsecret = " + std::string(64, 'g') + "\n"); }),
                 "security.secret"));
    BOOST_TEST(contains(error_of([] { from("[security]\nsecret =\n"); }), "security.secret"));
    // The value itself never appears in the error.
    BOOST_TEST(!contains(
        error_of([] { from("[security]\nsecret = " + std::string(64, 'g') + "\n"); }), "gggg"));
    const Config c = from("[security]\nsecret = " + std::string(128, 'F') + "\n");
    BOOST_TEST(c.secret_bytes == std::string(64, '\xff'));
}

BOOST_AUTO_TEST_CASE(bad_numbers_name_the_key) {
    const std::pair<const char*, const char*> cases[] = {
        {"[db]\nport = 0\n", "'db.port'"},
        {"[db]\nport = 65536\n", "'db.port'"},
        {"[db]\nport = 33a\n", "'db.port'"},
        {"[db]\nport = -1\n", "'db.port'"},
        {"[db]\nport = \n", "'db.port'"},
        {"[server]\nthreads = 0\n", "'server.threads'"},
        {"[server]\nthreads = 99999999999999\n", "'server.threads'"},
        {"[server]\nthreads = 4.5\n", "'server.threads'"},
        {"[security]\nlogin_max_failures = 0\n", "'security.login_max_failures'"},
        {"[security]\nsession_idle_minutes = 60\nsession_absolute_minutes = 30\n",
         "'security.session_absolute_minutes'"},
        {"[mail]\ntimeout = 0\n", "'mail.timeout'"},
        {"[mail]\nsenders = 0\n", "'mail.senders'"},
        {"[mail]\nsenders = 33\n", "'mail.senders'"},
        {"[mail]\nsenders = four\n", "'mail.senders'"},
    };
    // Not a structured binding: C++17 lets no lambda capture one (clang says so).
    for (const auto& c : cases) {
        const char* text = c.first;
        BOOST_TEST(contains(error_of([text] { from(minimal(text)); }), c.second), text);
    }
}

BOOST_AUTO_TEST_CASE(scrypt_values) {
    BOOST_TEST(from(minimal("[security]\n")).password_hash.log2_n == 17u);
    const char* bad[] = {"ln=17",
                         "ln=17,r=8",
                         "17,8,1",
                         "ln=17,r=8,p=1,",
                         "ln=9,r=8,p=1",
                         "ln=23,r=8,p=1",
                         "ln=17,r=0,p=1",
                         "ln=17,r=8,p=0",
                         "ln=17, r=8, p=1",
                         "ln=+17,r=8,p=1",
                         "ln=17,r=8,p=1$x",
                         "n=17,r=8,p=1",
                         ""};
    for (const char* v : bad) {
        const std::string text =
            "[security]\nsecret = " + kSecret + "\npassword_scrypt = " + v + "\n";
        BOOST_TEST(contains(error_of([&] { from(text); }), "'security.password_scrypt'"), v);
    }
    const auto c =
        from("[security]\nsecret = " + kSecret + "\ntemp_password_scrypt = ln=14,r=4,p=3\n");
    BOOST_TEST(c.temp_password_hash.log2_n == 14u);
    BOOST_TEST(c.temp_password_hash.r == 4u);
    BOOST_TEST(c.temp_password_hash.p == 3u);
}

BOOST_AUTO_TEST_CASE(insurer_and_domains) {
    BOOST_TEST(contains(error_of([] { from(minimal("[insurer]\nnumber = 06279995\n")); }),
                        "'insurer.number'"));
    BOOST_TEST(contains(error_of([] { from(minimal("[insurer]\nnumber = 0627999\n")); }),
                        "'insurer.number'"));
    BOOST_TEST(contains(error_of([] { from(minimal("[insurer]\ncompany_domains = a b.jp\n")); }),
                        "'insurer.company_domains'"));
    BOOST_TEST(contains(error_of([] { from(minimal("[insurer]\ncompany_domains = @x.jp\n")); }),
                        "'insurer.company_domains'"));
}

BOOST_AUTO_TEST_CASE(mail_values) {
    BOOST_TEST(
        contains(error_of([] { from(minimal("[mail]\nfrom = webmaster\n")); }), "'mail.from'"));
    BOOST_TEST(
        contains(error_of([] { from(minimal("[mail]\nfrom = a@b@c.jp\n")); }), "'mail.from'"));
    BOOST_TEST(
        contains(error_of([] { from(minimal("[mail]\nfrom = Web <a@b.jp>\n")); }), "'mail.from'"));
    BOOST_TEST(
        contains(error_of([] { from(minimal("[mail]\nsendmail =   \n")); }), "'mail.sendmail'"));
    const auto c = from(minimal("[mail]\nsendmail = /opt/bin/fake-sendmail\n"));
    BOOST_TEST(c.sendmail.size() == 1u);
    // The edges of the senders range are taken as they are.
    BOOST_TEST(from(minimal("[mail]\nsenders = 1\n")).mail_senders == 1u);
    BOOST_TEST(from(minimal("[mail]\nsenders = 32\n")).mail_senders == kMaxMailSenders);
}

BOOST_AUTO_TEST_CASE(load_config_reads_and_names_file) {
    TempFile good(kGood);
    BOOST_TEST(load_config(good.path).legacy_insurer.number == "06279996");

    TempFile unknown(kGood + "[security]\n");  // a repeated section header is fine
    BOOST_TEST(load_config(unknown.path).threads == 8u);

    TempFile bad(minimal("[security]\nfoo = 1\n"));
    const std::string e = error_of([&] { load_config(bad.path); });
    BOOST_TEST(contains(e, bad.path + ": unknown key 'security.foo'"), e);

    TempFile dup(minimal("secret = " + kSecret + "\n"));
    BOOST_TEST(contains(error_of([&] { load_config(dup.path); }), dup.path + ":3: duplicate key"));

    const std::string missing = error_of([] { load_config("/nonexistent/kosmo.conf"); });
    BOOST_TEST(contains(missing, "cannot read config '/nonexistent/kosmo.conf'"), missing);
    const std::string dir = error_of([] { load_config("/tmp"); });
    BOOST_TEST(contains(dir, "cannot read config '/tmp'"), dir);
}

BOOST_AUTO_TEST_CASE(config_path_sources) {
    // As the programs get it: the value of --config from the one parser.
    const std::vector<OptionDef> table = {{"--config", "FILE", nullptr},
                                          {"--socket", "PATH", nullptr}};
    auto given = [&](std::vector<std::string> args) {
        return parse_options(args, table).get("--config");
    };
    unsetenv("KOSMO_CONFIG");
    BOOST_TEST(config_path(given({"--socket", "/run/x", "--config", "/a.conf"})) == "/a.conf");
    BOOST_TEST(config_path(given({"--config=/b.conf"})) == "/b.conf");
    BOOST_TEST(config_path(given({})) == "/etc/kosmo/kosmo.conf");
    setenv("KOSMO_CONFIG", "/env.conf", 1);
    BOOST_TEST(config_path(given({})) == "/env.conf");
    BOOST_TEST(config_path(given({"--config", "/a.conf"})) == "/a.conf");
    unsetenv("KOSMO_CONFIG");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_door)

BOOST_AUTO_TEST_CASE(public_url_gets_its_slash_and_must_be_http) {
    BOOST_TEST(from(minimal("")).public_url == "http://localhost/");
    BOOST_TEST(from(minimal("[site]\npublic_url = https://kosmo.example.jp\n")).public_url ==
               "https://kosmo.example.jp/");
    BOOST_TEST(from(minimal("[site]\npublic_url = http://127.0.0.1:8080/\n")).public_url ==
               "http://127.0.0.1:8080/");
    for (const char* bad : {"ftp://x/", "kosmo.example.jp", "https://", "https:///x", "http://a b/",
                            "https://x/?q=1", "https://x/#f"})
        BOOST_TEST(contains(error_of([&] {
                                from(minimal(std::string("[site]\npublic_url = ") + bad + "\n"));
                            }),
                            "site.public_url"),
                   bad);
}

BOOST_AUTO_TEST_CASE(login_addr_max_failures_range) {
    BOOST_TEST(from(minimal("")).login_addr_max_failures == 50u);
    BOOST_TEST(from(minimal("[security]\nlogin_addr_max_failures = 0\n")).login_addr_max_failures ==
               0u);
    BOOST_TEST(
        from(minimal("[security]\nlogin_addr_max_failures = 100000\n")).login_addr_max_failures ==
        100000u);
    BOOST_TEST(
        contains(error_of([] { from(minimal("[security]\nlogin_addr_max_failures = 100001\n")); }),
                 "login_addr_max_failures"));
}

BOOST_AUTO_TEST_CASE(mfa_policy_defaults_to_required) {
    BOOST_TEST(static_cast<int>(from(minimal("")).mfa) == static_cast<int>(MfaPolicy::Required));
    BOOST_TEST(static_cast<int>(from(minimal("mfa = optional\n")).mfa) ==
               static_cast<int>(MfaPolicy::Optional));
    BOOST_TEST(static_cast<int>(from(minimal("mfa = off\n")).mfa) ==
               static_cast<int>(MfaPolicy::Off));
    BOOST_TEST(contains(error_of([] { from(minimal("mfa = sometimes\n")); }), "security.mfa"));
    BOOST_TEST(contains(error_of([] { from(minimal("mfa = Required\n")); }), "security.mfa"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_expiry)

BOOST_AUTO_TEST_CASE(password_max_days_range) {
    BOOST_TEST(from(minimal("")).password_max_days == 360u);
    // 0: passwords never expire (ASVS 6.2.10 advises against rotation).
    BOOST_TEST(from(minimal("[security]\npassword_max_days = 0\n")).password_max_days == 0u);
    BOOST_TEST(from(minimal("[security]\npassword_max_days = 36500\n")).password_max_days ==
               36500u);
    for (const char* bad : {"36501", "-1", "never", ""}) {
        const std::string text = "[security]\npassword_max_days = " + std::string(bad) + "\n";
        BOOST_TEST(
            contains(error_of([&text] { from(minimal(text)); }), "'security.password_max_days'"),
            bad);
    }
}

BOOST_AUTO_TEST_SUITE_END()
