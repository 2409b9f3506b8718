// credentials.h: temporary credentials (import-members, reissue): drawing
// them, and the file or stdout they are handed over in
#ifndef KOSMO_CREDENTIALS_H
#define KOSMO_CREDENTIALS_H

#include <string>

namespace kosmo::ctl {

// A temporary user ID "XXXX-XXXX" from letters and digits that cannot be
// mistaken for each other on paper. The hyphen keeps it from ever being a
// permanent ID (8-13 letters and digits).
std::string draw_temp_user_id();

// A temporary password: 12 characters from lower-case letters and digits
// without look-alikes (about 60 bits), always with at least one letter and
// one digit, so that it has the shape of a valid permanent password and the
// rule "not the temporary password" can really apply.
std::string draw_temp_password();

// The --out file, crash-safe: written to a temporary name next to PATH (mode
// 0600) inside the transaction, flushed to disk, and given its name only
// after COMMIT, never over an existing file (it may hold credentials not
// printed yet). A crash or a rollback leaves no file under PATH; the
// temporary file is removed unless published.
class CredentialsFile {
public:
    // Throws Error when PATH exists or the temporary file cannot be made.
    explicit CredentialsFile(std::string path);
    ~CredentialsFile();
    CredentialsFile(const CredentialsFile&) = delete;
    CredentialsFile& operator=(const CredentialsFile&) = delete;

    // Replaces the content with DATA (a retried transaction writes again)
    // and flushes it to disk. Throws Error.
    void write(const std::string& data);

    // Gives the file its name (after COMMIT) and flushes the directory.
    // Throws Error, keeping the temporary file, whose name the message gives.
    void publish();

    const std::string& path() const { return path_; }

private:
    [[noreturn]] void fail(const char* what);
    std::string path_, tmp_;
    int fd_ = -1;
    bool keep_ = false;
};

// After COMMIT: publishes OUT, or without OUT writes CSV to stdout. Throws
// Error; AGAIN says in that message how to get the committed credentials
// anew ("reissue again").
void hand_over_credentials(CredentialsFile* out, const std::string& csv, const char* again);

}  // namespace kosmo::ctl

#endif
