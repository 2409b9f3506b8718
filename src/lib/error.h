// error.h: exception types for the unexpected (DESIGN.md "Errors")
#ifndef KOSMO_ERROR_H
#define KOSMO_ERROR_H

#include <stdexcept>
#include <string>

namespace kosmo {

// Expected outcomes (wrong password, invalid field, locked) are values, never
// these. These are for what should not happen; each message gives context.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The configuration file is missing, unreadable or has a bad value.
struct ConfigError : Error {
    using Error::Error;
};

// MariaDB cannot be reached or the connection was lost. The server answers
// the 503 page; the connection reconnects on its next use.
struct DbUnavailable : Error {
    using Error::Error;
};

// An SQL statement failed for another reason (a bug, a schema mismatch).
struct DbError : Error {
    using Error::Error;
};

// InnoDB chose this transaction as a deadlock victim or a lock wait timed
// out; the whole transaction may be retried.
struct DbRetry : DbError {
    using DbError::DbError;
};

// A template is missing or does not parse.
struct TemplateError : Error {
    using Error::Error;
};

// OpenSSL failed (random bytes, KDF, digest).
struct CryptoError : Error {
    using Error::Error;
};

}  // namespace kosmo

#endif
