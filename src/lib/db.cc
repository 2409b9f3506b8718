// db.cc: MariaDB Connector/C behind RAII: lazy connect, cached prepared
// statements, transactions, and reconnect after a lost connection
#include "db.h"

#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

namespace kosmo {

namespace {

constexpr unsigned kConnectTimeoutSeconds = 3;
// A connection idle longer than this is pinged before use, so a server-side
// wait_timeout (or a restarted server) costs a reconnect, not a failed request.
constexpr std::int64_t kIdlePingMs = 60 * 1000;
// First buffer per result column; longer values are fetched again in full.
constexpr unsigned long kColumnBuffer = 1024;

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Errors after which the connection cannot be trusted any more.
bool connection_lost(unsigned err) {
    switch (err) {
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_COMMANDS_OUT_OF_SYNC:
    case ER_CONNECTION_KILLED:
    case ER_SERVER_SHUTDOWN:
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MariaDB >= 10.6)
        return true;
    default:
        return err >= 2000 && err < 3000;  // every other client-side error too
    }
}

// ER_UNKNOWN_COM_ERROR is what a Galera node answers while it is not part
// of the primary component ("WSREP has not yet prepared node for
// application use"): this host cannot serve until the node has synced.
bool node_not_ready(unsigned err) {
    return err == ER_UNKNOWN_COM_ERROR;
}

// InnoDB's deadlock victim, and on Galera a certification failure (another
// node committed a conflicting change first): either was rolled back whole.
bool lost_conflict(unsigned err) {
    return err == ER_LOCK_DEADLOCK;
}

bool is_duplicate(unsigned err) {
    return err == ER_DUP_ENTRY || err == ER_DUP_ENTRY_WITH_KEY_NAME;
}

// "Duplicate entry 'x' for key 'account_user_id'" -> "account_user_id"
// (MySQL 8 writes 'accounts.account_user_id': the table is cut off).
std::string duplicate_key_name(const char* msg) {
    std::string_view m(msg);
    const std::string_view marker = "for key '";
    auto at = m.rfind(marker);
    if (at == std::string_view::npos)
        return {};
    m.remove_prefix(at + marker.size());
    auto end = m.find('\'');
    if (end != std::string_view::npos)
        m = m.substr(0, end);
    auto dot = m.rfind('.');
    if (dot != std::string_view::npos)
        m.remove_prefix(dot + 1);
    return std::string(m);
}

// The start of SQL for an error message, on one line.
std::string sql_excerpt(std::string_view sql) {
    std::string out;
    for (char c : sql) {
        if (out.size() >= 60) {
            out += "...";
            break;
        }
        char d = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        if (d == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += d;
    }
    return out;
}

const char kEmpty[] = "";

// Owns a MYSQL_RES, so no early return or throw leaves it unfreed.
struct ResultFree {
    void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultFree>;

}  // namespace

// ---- Row ----------------------------------------------------------------------

const std::string& Row::str(std::size_t i) const {
    static const std::string empty;
    const auto& col = cols_.at(i);
    return col ? *col : empty;
}

std::int64_t Row::num(std::size_t i) const {
    const auto& col = cols_.at(i);
    if (!col)
        return 0;
    std::int64_t value = 0;
    const char* first = col->data();
    const char* last = first + col->size();
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last)
        throw DbError("column " + std::to_string(i) + " is not a number: '" + *col + "'");
    return value;
}

// ---- Stmt ---------------------------------------------------------------------

Stmt::Stmt(Db& db, std::string name, std::string sql)
    : db_(db), name_(std::move(name)), sql_(std::move(sql)) {
    MYSQL* mysql = db_.handle();
    stmt_ = mysql_stmt_init(mysql);
    if (!stmt_)
        db_.fail("cannot allocate statement '" + name_ + "'", mysql_errno(mysql),
                 mysql_error(mysql));
    my_bool update_max = 0;
    mysql_stmt_attr_set(stmt_, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
    if (mysql_stmt_prepare(stmt_, sql_.data(), sql_.size()) != 0) {
        // The destructor does not run for a throwing constructor.
        unsigned err = mysql_stmt_errno(stmt_);
        std::string msg = mysql_stmt_error(stmt_);
        mysql_stmt_close(stmt_);
        stmt_ = nullptr;
        db_.fail("cannot prepare statement '" + name_ + "'", err, msg.c_str());
    }
}

Stmt::~Stmt() {
    if (stmt_)
        mysql_stmt_close(stmt_);
}

bool Stmt::run(const Param* params, std::size_t count) {
    unsigned long expected = mysql_stmt_param_count(stmt_);
    if (expected != count)
        throw DbError("statement '" + name_ + "' takes " + std::to_string(expected) +
                      " parameters, got " + std::to_string(count));
    std::vector<MYSQL_BIND> binds(count);
    std::vector<long long> ints(count);
    std::vector<unsigned long> lengths(count);
    for (std::size_t i = 0; i < count; ++i) {
        MYSQL_BIND& b = binds[i];
        std::memset(&b, 0, sizeof b);
        const Param& p = params[i];
        if (std::holds_alternative<std::nullptr_t>(p)) {
            b.buffer_type = MYSQL_TYPE_NULL;
        } else if (auto n = std::get_if<std::int64_t>(&p)) {
            ints[i] = *n;
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &ints[i];
        } else {
            auto s = std::get<std::string_view>(p);
            lengths[i] = s.size();
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = const_cast<char*>(s.empty() ? kEmpty : s.data());
            b.buffer_length = s.size();
            b.length = &lengths[i];
        }
    }
    if (count > 0 && mysql_stmt_bind_param(stmt_, binds.data()) != 0)
        return false;
    for (int attempt = 1;; ++attempt) {
        if (mysql_stmt_execute(stmt_) == 0)
            return true;
        // A statement of its own (autocommit) that lost a conflict was not
        // applied: running it again is running it a moment later, with its
        // WHERE evaluated afresh. Inside a transaction only the whole
        // transaction may run again (in_transaction).
        if (db_.in_transaction() || !lost_conflict(mysql_stmt_errno(stmt_)) ||
            attempt >= kTransactionAttempts)
            return false;
        retry_pause(attempt);
    }
}

void Stmt::fail(const char* what) {
    unsigned err = mysql_stmt_errno(stmt_);
    std::string msg = mysql_stmt_error(stmt_);
    // A half-read result would put the next execute out of sync.
    mysql_stmt_free_result(stmt_);
    std::string subject = std::string(what) + " '" + name_ + "'";
    // May destroy *this (a lost connection clears the statement cache):
    // nothing of this object is touched after the call.
    db_.fail(subject, err, msg.c_str());
}

std::uint64_t Stmt::exec(std::initializer_list<Param> params) {
    return exec(std::vector<Param>(params));
}

std::uint64_t Stmt::exec(const std::vector<Param>& params) {
    if (!run(params.data(), params.size()))
        fail("cannot execute statement");
    return mysql_stmt_affected_rows(stmt_);
}

std::optional<std::uint64_t> Stmt::exec_unless_duplicate(std::initializer_list<Param> params,
                                                         std::string* dup_key) {
    return exec_unless_duplicate(std::vector<Param>(params), dup_key);
}

std::optional<std::uint64_t> Stmt::exec_unless_duplicate(const std::vector<Param>& params,
                                                         std::string* dup_key) {
    if (run(params.data(), params.size()))
        return mysql_stmt_affected_rows(stmt_);
    if (!is_duplicate(mysql_stmt_errno(stmt_)))
        fail("cannot execute statement");
    if (dup_key)
        *dup_key = duplicate_key_name(mysql_stmt_error(stmt_));
    return std::nullopt;
}

bool Stmt::may_read_again() const {
    return !db_.in_transaction() && !db_.reading_again_ &&
           connection_lost(mysql_stmt_errno(stmt_)) && sql_.compare(0, 7, "SELECT ") == 0;
}

std::vector<Row> Stmt::query(std::initializer_list<Param> params) {
    if (!run(params.begin(), params.size())) {
        if (may_read_again())
            return db_.read_again(name_, sql_, params);  // destroys *this
        fail("cannot execute statement");
    }

    const ResultPtr meta(mysql_stmt_result_metadata(stmt_));
    if (!meta) {
        if (mysql_stmt_errno(stmt_) != 0)
            fail("cannot read result of statement");
        return {};  // not a SELECT
    }
    unsigned columns = mysql_num_fields(meta.get());
    MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
    std::vector<MYSQL_BIND> binds(columns);
    std::vector<std::vector<char>> buffers(columns);
    std::vector<unsigned long> lengths(columns);
    std::vector<my_bool> nulls(columns), errors(columns);
    for (unsigned i = 0; i < columns; ++i) {
        unsigned long size = fields[i].length + 1;
        if (size > kColumnBuffer || size < 2)
            size = kColumnBuffer;
        buffers[i].resize(size);
        MYSQL_BIND& b = binds[i];
        std::memset(&b, 0, sizeof b);
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = buffers[i].data();
        b.buffer_length = size;
        b.length = &lengths[i];
        b.is_null = &nulls[i];
        b.error = &errors[i];
    }

    if (mysql_stmt_bind_result(stmt_, binds.data()) != 0)
        fail("cannot bind result of statement");
    if (mysql_stmt_store_result(stmt_) != 0)
        fail("cannot read result of statement");

    std::vector<Row> rows;
    for (;;) {
        int rc = mysql_stmt_fetch(stmt_);
        if (rc == MYSQL_NO_DATA)
            break;
        if (rc == 1)
            fail("cannot fetch row of statement");
        std::vector<std::optional<std::string>> cols(columns);
        for (unsigned i = 0; i < columns; ++i) {
            if (nulls[i])
                continue;
            if (lengths[i] <= binds[i].buffer_length) {
                cols[i].emplace(buffers[i].data(), lengths[i]);
                continue;
            }
            // MYSQL_DATA_TRUNCATED: fetch this column again, whole.
            std::string full(lengths[i], '\0');
            MYSQL_BIND b;
            std::memset(&b, 0, sizeof b);
            unsigned long length = 0;
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = full.data();
            b.buffer_length = full.size();
            b.length = &length;
            if (mysql_stmt_fetch_column(stmt_, &b, i, 0) != 0)
                fail("cannot fetch long column of statement");
            full.resize(std::min<unsigned long>(length, full.size()));
            cols[i] = std::move(full);
        }
        rows.emplace_back(std::move(cols));
    }
    mysql_stmt_free_result(stmt_);
    return rows;
}

std::optional<Row> Stmt::query_one(std::initializer_list<Param> params) {
    auto rows = query(params);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

std::uint64_t Stmt::insert_id() const {
    return mysql_stmt_insert_id(stmt_);
}

// ---- retries --------------------------------------------------------------------

void retry_pause(int attempt) noexcept {
    // 2, 4, 8 … ms plus up to as much again: the low bits of the clock
    // differ between threads and hosts, which is all the jitter needs.
    const int base = 1 << std::min(attempt, 6);
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const auto jitter = static_cast<int>(static_cast<unsigned long long>(now / 1000) % (base + 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(base + jitter));
}

// ---- Db -----------------------------------------------------------------------

Db::Db(DbConfig config) : config_(std::move(config)) {}

Db::~Db() {
    stmts_.clear();
    if (mysql_)
        mysql_close(mysql_);
}

void Db::connect() {
    MYSQL* m = mysql_init(nullptr);
    if (!m)
        throw DbUnavailable("cannot allocate a database connection (out of memory)");
    unsigned connect_timeout = kConnectTimeoutSeconds;
    unsigned io_timeout = io_timeout_;
    my_bool on = 1, off = 0;
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
    mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
    mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);  // we reconnect ourselves, never mid-transaction
    mysql_optionsv(m, MYSQL_REPORT_DATA_TRUNCATION, &on);
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    // All times are compared by the server's NOW(6) in UTC; a lock wait gives
    // up (DbRetry) before the read timeout would take the connection down.
    unsigned lock_wait = io_timeout > 2 ? io_timeout / 2 : 1;
    std::string init =
        "SET time_zone = '+00:00', innodb_lock_wait_timeout = " + std::to_string(lock_wait) +
        ", sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
        "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";
    mysql_optionsv(m, MYSQL_INIT_COMMAND, init.c_str());

    const char* host = nullptr;
    const char* socket = nullptr;
    if (!config_.socket.empty()) {
        unsigned protocol = MYSQL_PROTOCOL_SOCKET;
        mysql_optionsv(m, MYSQL_OPT_PROTOCOL, &protocol);
        host = "localhost";
        socket = config_.socket.c_str();
    } else if (!config_.host.empty()) {
        host = config_.host.c_str();
    }
    if (!mysql_real_connect(m, host, config_.user.c_str(), config_.password.c_str(),
                            config_.name.c_str(), config_.port, socket, 0)) {
        std::string where =
            socket ? std::string(socket)
                   : (host ? std::string(host) : "localhost") + ":" + std::to_string(config_.port);
        std::string msg = "cannot connect to database '" + config_.name + "' at '" + where +
                          "': " + mysql_error(m) + " (" + std::to_string(mysql_errno(m)) + ")";
        mysql_close(m);
        throw DbUnavailable(msg);
    }
    mysql_autocommit(m, 1);
    mysql_ = m;
    last_used_ms_ = now_ms();
}

MYSQL* Db::handle() {
    std::int64_t now = now_ms();
    if (mysql_ && !in_tx_ && now - last_used_ms_ > kIdlePingMs && mysql_ping(mysql_) != 0)
        drop();
    if (!mysql_) {
        if (in_tx_)
            throw DbUnavailable("the connection to the database was lost inside a transaction");
        connect();
    }
    last_used_ms_ = now;
    return mysql_;
}

void Db::ping() {
    for (int attempt = 0;; ++attempt) {
        MYSQL* m = handle();  // a failed connect throws: no second attempt
        if (mysql_ping(m) == 0)
            return;
        std::string why = std::string("the database does not answer: ") + mysql_error(m) + " (" +
                          std::to_string(mysql_errno(m)) + ")";
        drop();
        if (attempt > 0)
            throw DbUnavailable(why);
    }
}

void Db::drop() noexcept {
    // Closing the connection first invalidates its statements, so closing
    // them afterwards only frees memory and sends nothing on a dead socket.
    if (mysql_)
        mysql_close(mysql_);
    mysql_ = nullptr;
    stmts_.clear();
}

void Db::fail(const std::string& what, unsigned err, const char* msg) {
    std::string text =
        what + ": " + (msg ? msg : "unknown error") + " (" + std::to_string(err) + ")";
    if (connection_lost(err)) {
        drop();
        throw DbUnavailable(text);
    }
    if (node_not_ready(err)) {
        drop();
        throw DbUnavailable(text + " (the database node is not synced with its Galera cluster)");
    }
    if (lost_conflict(err) || err == ER_LOCK_WAIT_TIMEOUT)
        throw DbRetry(text);
    throw DbError(text);
}

Stmt& Db::stmt(const char* name, const char* sql) {
    handle();
    auto it = stmts_.find(name);
    if (it != stmts_.end())
        return *it->second;
    std::unique_ptr<Stmt> made;
    try {
        made = std::make_unique<Stmt>(*this, name, sql);
    } catch (const DbUnavailable&) {
        // Preparing changes nothing: on a connection found lost (a restarted
        // server, a Galera node that came back; fail() dropped it) it is
        // prepared once more on a new one, as Stmt::query reads again.
        if (in_tx_ || mysql_)
            throw;
        handle();
        made = std::make_unique<Stmt>(*this, name, sql);
    }
    Stmt& ref = *made;
    stmts_.emplace(name, std::move(made));
    return ref;
}

std::vector<Row> Db::read_again(std::string name, std::string sql,
                                std::initializer_list<Param> params) {
    drop();
    reading_again_ = true;
    struct Done {
        bool& flag;
        ~Done() { flag = false; }
    } done{reading_again_};
    return stmt(name.c_str(), sql.c_str()).query(params);
}

void Db::exec_raw(std::string_view sql) {
    MYSQL* m = handle();
    if (mysql_real_query(m, sql.data(), sql.size()) != 0)
        fail("cannot run '" + sql_excerpt(sql) + "'", mysql_errno(m), mysql_error(m));
    // Drain whatever the statement returned, so the connection stays in sync.
    do {
        const ResultPtr res(mysql_store_result(m));
        if (!res && mysql_field_count(m) != 0)
            fail("cannot read result of '" + sql_excerpt(sql) + "'", mysql_errno(m),
                 mysql_error(m));
    } while (mysql_next_result(m) == 0);
}

void Db::begin() {
    if (in_tx_)
        throw DbError("cannot begin a transaction inside another one");
    MYSQL* m = handle();
    if (mysql_real_query(m, "START TRANSACTION", 17) != 0)
        fail("cannot begin transaction", mysql_errno(m), mysql_error(m));
    in_tx_ = true;
}

void Db::commit() {
    if (!in_tx_)
        throw DbError("cannot commit: no transaction is open");
    if (!mysql_)
        throw DbUnavailable(
            "cannot commit: the connection to the database was lost inside the transaction");
    if (mysql_real_query(mysql_, "COMMIT", 6) != 0)
        fail("cannot commit transaction", mysql_errno(mysql_), mysql_error(mysql_));
    in_tx_ = false;
    last_used_ms_ = now_ms();
}

void Db::rollback() noexcept {
    if (mysql_ && mysql_real_query(mysql_, "ROLLBACK", 8) != 0)
        drop();
    in_tx_ = false;
}

}  // namespace kosmo
