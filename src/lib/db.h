// db.h: RAII around MYSQL* and MYSQL_STMT*, prepared statements cached per
// connection, transactions, reconnect after a lost connection
#ifndef KOSMO_DB_H
#define KOSMO_DB_H

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "config.h"
#include "error.h"

typedef struct st_mysql MYSQL;
typedef struct st_mysql_stmt MYSQL_STMT;

namespace kosmo {

// A statement parameter: NULL, an integer or text/bytes.
using Param = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

// One result row; every column is fetched as text (NULL is nullopt).
class Row {
public:
    explicit Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
    bool is_null(std::size_t i) const { return !cols_.at(i).has_value(); }
    // The column as text ("" for NULL).
    const std::string& str(std::size_t i) const;
    // The column as an integer (0 for NULL). Throws DbError if not a number.
    std::int64_t num(std::size_t i) const;
    std::size_t size() const { return cols_.size(); }

private:
    std::vector<std::optional<std::string>> cols_;
};

class Db;

// A prepared statement owned by its Db (valid until the Db reconnects; get
// it again through Db::stmt for each use).
class Stmt {
public:
    Stmt(Db& db, std::string name, std::string sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    // Executes with PARAMS; returns the affected rows. Throws DbUnavailable
    // (connection lost), DbRetry (deadlock / lock wait timeout), DbError.
    // Outside a transaction a statement that lost a conflict (deadlock,
    // Galera certification) is run again first: it was not applied at all.
    std::uint64_t exec(std::initializer_list<Param> params = {});
    // The same with a parameter list built at run time (multi-row inserts).
    std::uint64_t exec(const std::vector<Param>& params);

    // Like exec, but a duplicate-key error (ER_DUP_ENTRY) is returned as
    // nullopt instead of thrown; the key name is stored in *DUP_KEY if given.
    std::optional<std::uint64_t> exec_unless_duplicate(std::initializer_list<Param> params,
                                                       std::string* dup_key = nullptr);
    std::optional<std::uint64_t> exec_unless_duplicate(const std::vector<Param>& params,
                                                       std::string* dup_key = nullptr);

    // Executes and fetches every row. A SELECT outside a transaction that
    // finds the connection lost (a restarted server, a Galera node that
    // left and came back) reconnects and runs once more: a read changes
    // nothing, so running it again is running it a moment later.
    std::vector<Row> query(std::initializer_list<Param> params = {});

    // Executes and fetches the first row, if any.
    std::optional<Row> query_one(std::initializer_list<Param> params = {});

    // AUTO_INCREMENT id of the last exec.
    std::uint64_t insert_id() const;

private:
    // Binds PARAMS and executes; false on error (left in stmt_).
    bool run(const Param* params, std::size_t count);
    // After a failed run: whether query may reconnect and run it again.
    bool may_read_again() const;
    [[noreturn]] void fail(const char* what);
    Db& db_;
    std::string name_;
    std::string sql_;  // to prepare it again on a new connection
    MYSQL_STMT* stmt_ = nullptr;
};

// One connection (one per worker thread). Connects lazily; after a lost
// connection the next use reconnects (and re-prepares statements).
class Db {
public:
    explicit Db(DbConfig config);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // The statement NAME, prepared from SQL on first use on this connection
    // (outside a transaction, once more on a new connection when the
    // prepare finds this one lost). NAME must be a string literal (it is
    // the cache key and the log subject). Throws as Stmt::exec.
    Stmt& stmt(const char* name, const char* sql);

    // Runs SQL without parameters (DDL, migrations, SET). Throws as Stmt::exec.
    void exec_raw(std::string_view sql);

    // A lost connection inside a transaction loses the transaction: every
    // use throws DbUnavailable until rollback() (Transaction does it), so no
    // statement of it can silently run on a new connection.
    void begin();
    void commit();
    void rollback() noexcept;  // best effort; a lost connection is simply dropped
    bool in_transaction() const { return in_tx_; }

    // Read/write timeout in seconds (default 10), from the next connect on.
    // Web workers keep the default so a dead server cannot hang them;
    // kosmoctl raises it for migrations and large imports.
    void set_io_timeout(unsigned seconds) { io_timeout_ = seconds; }

    // The live handle; connects if needed. Throws DbUnavailable.
    MYSQL* handle();

    // Checks that the server answers (GET /healthz, the probe at start),
    // connecting if needed. A connection that went stale is dropped and
    // replaced once. Returns normally when the server answered; throws
    // DbUnavailable with the reason when it did not (the connection is then
    // dropped, so the next use reconnects).
    void ping();

    // Marks the connection as lost: closed now, reconnected on next use.
    void drop() noexcept;

    // Throws the right type for the current error of the connection
    // (DbUnavailable for lost connections and for a Galera node that is not
    // ready, DbRetry for deadlocks and certification failures).
    [[noreturn]] void fail(const std::string& what, unsigned err, const char* msg);

private:
    friend class Stmt;
    // Stmt::query's second run: on a new connection, at most once a call.
    // NAME and SQL by value: dropping the connection destroys the statement
    // that holds them.
    std::vector<Row> read_again(std::string name, std::string sql,
                                std::initializer_list<Param> params);
    void connect();
    bool reading_again_ = false;
    DbConfig config_;
    MYSQL* mysql_ = nullptr;
    std::map<std::string, std::unique_ptr<Stmt>> stmts_;
    bool in_tx_ = false;
    unsigned io_timeout_ = 10;
    std::int64_t last_used_ms_ = 0;  // steady clock: an idle connection is pinged first
};

// Begins a transaction; rolls it back on destruction unless committed.
class Transaction {
public:
    explicit Transaction(Db& db) : db_(db) { db_.begin(); }
    ~Transaction() {
        if (!done_)
            db_.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        db_.commit();
        done_ = true;
    }

private:
    Db& db_;
    bool done_ = false;
};

// How often in_transaction runs a transaction that keeps losing a conflict
// (InnoDB deadlock, or on Galera a certification failure: another node
// committed a change to the same rows first).
constexpr int kTransactionAttempts = 6;

// Sleeps before attempt ATTEMPT + 1 of a transaction or statement that lost
// a conflict: a few milliseconds, growing, with jitter, so that two nodes'
// retries do not collide again at once.
void retry_pause(int attempt) noexcept;

// Runs FN(db) inside a transaction, again from the start on DbRetry (up to
// kTransactionAttempts in all, then DbRetry goes on: the server answers
// 503), and once more on a new connection when the connection was lost
// before COMMIT was sent (the server rolled the transaction back; lost at
// COMMIT, it may have been applied, and DbUnavailable goes on). A
// rolled-back attempt left nothing behind, so FN must only re-read what it
// checks and keep no effect outside the database (INSTALL, "Scaling").
// Returns what FN returns.
template <typename Fn>
auto in_transaction(Db& db, Fn&& fn) -> decltype(fn(db)) {
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
        bool committing = false;
        try {
            Transaction tx(db);
            if constexpr (std::is_void_v<decltype(fn(db))>) {
                fn(db);
                committing = true;
                tx.commit();
                return;
            } else {
                auto result = fn(db);
                committing = true;
                tx.commit();
                return result;
            }
        } catch (const DbRetry&) {
            if (attempt >= kTransactionAttempts)
                throw;
        } catch (const DbUnavailable&) {
            if (committing || reconnected || attempt >= kTransactionAttempts)
                throw;
            reconnected = true;
        }
        retry_pause(attempt);
    }
}

}  // namespace kosmo

#endif
