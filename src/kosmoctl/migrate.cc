// migrate.cc: kosmoctl migrate: applies the numbered sql/NNN-*.sql files the
// database has not recorded in schema_version yet
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>

#include <dirent.h>
#include <sys/stat.h>

#include "ctl.h"
#include "db.h"
#include "error.h"
#include "q/schema.h"
#include "society.h"
#include "text.h"

namespace kosmo::ctl {

namespace {

struct Migration {
    std::int64_t version = 0;
    std::string name;  // "001-initial.sql"
};

bool is_dir(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// NNN-name.sql, NNN at least one digit: the migrations of DIR by version.
std::vector<Migration> list_migrations(const std::string& dir) {
    const std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir.c_str()), closedir);
    if (!d)
        throw Error("cannot open the migrations directory '" + dir + "'");
    std::vector<Migration> out;
    while (struct dirent* e = readdir(d.get())) {
        std::string name = e->d_name;
        auto dash = name.find('-');
        if (dash == 0 || dash == std::string::npos || name.size() < 5 ||
            name.compare(name.size() - 4, 4, ".sql") != 0)
            continue;
        std::string digits = name.substr(0, dash);
        if (digits.size() > 9 || !all_digits(digits))
            continue;
        out.push_back({std::stoll(digits), name});
    }
    std::sort(out.begin(), out.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i].version == out[i - 1].version)
            throw Error("two migrations with version " + std::to_string(out[i].version) + ": '" +
                        out[i - 1].name + "' and '" + out[i].name + "'");
    return out;
}

// The statements of a migration: lines starting with "--" are comments; a
// statement ends with a line whose last non-blank character is ';'.
std::vector<std::string> split_statements(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const std::string_view line : lines_of(text)) {
        auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line.compare(first, 2, "--") == 0)
            continue;
        auto last = line.find_last_not_of(" \t\r");
        current += line.substr(0, last + 1);
        if (line[last] == ';') {
            current.pop_back();
            out.push_back(current);
            current.clear();
        } else {
            current += '\n';
        }
    }
    if (current.find_first_not_of(" \t\r\n") != std::string::npos)
        out.push_back(current);
    return out;
}

// True when STATEMENT makes MariaDB commit on its own (DDL and the like),
// so a failure after it cannot roll it back.
bool commits_implicitly(const std::string& statement) {
    auto start = statement.find_first_not_of(" \t\r\n");
    if (start == std::string::npos)
        return false;
    auto end = statement.find_first_of(" \t\r\n(;", start);
    std::string word = statement.substr(start, end == std::string::npos ? end : end - start);
    for (auto& c : word)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* ddl :
         {"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE", "LOCK", "UNLOCK"})
        if (word == ddl)
            return true;
    return false;
}

}  // namespace

std::string default_sql_dir() {
    if (const char* env = std::getenv("KOSMO_SQL_DIR"); env && *env)
        return env;
    std::string bin = program_dir();
    if (!bin.empty()) {
        for (const char* rel : {"/../sql", "/../share/kosmo/sql"})
            if (is_dir(bin + rel))
                return bin + rel;
    }
    return "/usr/share/kosmo/sql";
}

std::int64_t newest_migration(const std::string& dir) {
    auto all = list_migrations(dir);
    return all.empty() ? 0 : all.back().version;
}

namespace {

int run_migrate(const Globals& globals, const Args& args) {
    std::string dir = args.has("--sql-dir") ? args.get("--sql-dir") : default_sql_dir();
    auto migrations = list_migrations(dir);
    if (migrations.empty())
        throw Error("no migrations (NNN-name.sql) in '" + dir + "'");

    Config config = load(globals);
    Db db(config.db);
    db.set_io_timeout(3600);  // a migration may rebuild a large table

    std::set<std::int64_t> applied;
    std::int64_t newest_applied = 0;
    for (const auto& row : q::schema_versions(db)) {
        applied.insert(row.version);
        newest_applied = std::max(newest_applied, row.version);
    }
    const Migration& newest = migrations.back();
    if (newest_applied > newest.version) {
        std::cerr << "kosmoctl migrate: the database has schema version " << newest_applied
                  << ", newer than the newest migration '" << newest.name << "' in '" << dir
                  << "'; refusing (is this kosmoctl older than the database?)\n";
        return kExitFailure;
    }

    // Each migration in a transaction, recorded in it. DDL commits on its
    // own in MariaDB; with autocommit off, what follows the last DDL still
    // commits together with the schema_version row, or not at all.
    q::migration_session(db);
    const auto& legacy = config.legacy_insurer;  // the first society (006)
    q::migration_variables(db, legacy.number, legacy.name, domains_text(legacy.company_domains));
    unsigned count = 0;
    for (const auto& m : migrations) {
        if (applied.count(m.version))
            continue;
        auto statements = split_statements(read_file(dir + "/" + m.name));
        Transaction tx(db);
        std::size_t last_ddl = 0;  // 1-based; 0: none ran
        for (std::size_t i = 0; i < statements.size(); ++i) {
            try {
                db.exec_raw(statements[i]);
                if (commits_implicitly(statements[i]))
                    last_ddl = i + 1;
            } catch (const DbError& e) {
                std::cerr << "kosmoctl migrate: '" << m.name << "' failed at statement " << i + 1
                          << " of " << statements.size() << ": " << e.what() << "\n";
                if (last_ddl == 0)
                    std::cerr << "kosmoctl migrate: nothing of it was applied (rolled back)\n";
                else
                    std::cerr << "kosmoctl migrate: statements 1-" << last_ddl
                              << " of it stay applied (MariaDB commits DDL at once), the rest"
                                 " was rolled back; repair by hand, then record it in"
                                 " schema_version\n";
                return kExitFailure;
            }
        }
        q::schema_version_insert(db, m.version, m.name);
        tx.commit();
        std::cout << "applied " << m.name << "\n";
        ++count;
    }
    if (count == 0)
        std::cout << "schema is up to date (version " << newest_applied << ")\n";
    else
        std::cout << "applied " << count << " migration" << (count == 1 ? "" : "s")
                  << "; schema version " << newest.version << "\n";
    return kExitOk;
}

}  // namespace

const Command kMigrate{
    "migrate",
    "apply the database migrations not applied yet",
    "[--sql-dir DIR]",
    "Applies, in order, every DIR/NNN-*.sql not yet recorded in the table\n"
    "schema_version, each in a transaction that records it. MariaDB commits DDL\n"
    "at once: a file failing after a DDL statement leaves that applied (and says\n"
    "so), the rest rolled back. Refuses when the database has a newer version\n"
    "than the newest file (an older kosmoctl).\n"
    "\n"
    "Upgrading from a release that served one society: the configuration's\n"
    "[insurer] section (number, name, company_domains) becomes the first society\n"
    "(006-societies.sql); remove the section afterwards (check-config says so).\n",
    {{"--sql-dir", "DIR",
      "the migrations; default: $KOSMO_SQL_DIR, else <bin>/../sql,\n"
      "else <bin>/../share/kosmo/sql, else /usr/share/kosmo/sql"}},
    kNoArguments,
    run_migrate,
};

}  // namespace kosmo::ctl
