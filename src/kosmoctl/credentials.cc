// credentials.cc: temporary credentials (import-members, reissue): drawing
// them, and the file or stdout they are handed over in
#include "credentials.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "password.h"

namespace kosmo::ctl {

namespace {

constexpr std::string_view kIdAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
constexpr std::string_view kPasswordAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr std::size_t kPasswordLength = 12;

bool has(const std::string& s, int (*kind)(int)) {
    return std::any_of(s.begin(), s.end(), [kind](unsigned char c) { return kind(c) != 0; });
}

}  // namespace

std::string draw_temp_user_id() {
    return random_string(4, kIdAlphabet) + "-" + random_string(4, kIdAlphabet);
}

std::string draw_temp_password() {
    // Redrawing the rare all-letter or all-digit string costs a few bits of
    // the ~60 and keeps the draw uniform over what is left.
    for (;;) {
        std::string pw = random_string(kPasswordLength, kPasswordAlphabet);
        if (has(pw, isalpha) && has(pw, isdigit))
            return pw;
    }
}

CredentialsFile::CredentialsFile(std::string path) : path_(std::move(path)) {
    struct stat st;
    if (::lstat(path_.c_str(), &st) == 0)  // a dangling symbolic link counts too
        throw Error("'" + path_ +
                    "' exists already (it may hold credentials not printed yet);"
                    " choose another name or remove it");
    std::string pattern = path_ + ".tmp-XXXXXX";
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);  // mode 0600
    if (fd_ < 0)
        throw Error("cannot create a file next to '" + path_ + "': " + std::strerror(errno));
    tmp_ = pattern;
}

CredentialsFile::~CredentialsFile() {
    if (fd_ >= 0)
        ::close(fd_);
    if (!keep_)
        ::unlink(tmp_.c_str());
}

void CredentialsFile::write(const std::string& data) {
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
        fail("cannot truncate");
    std::size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail("cannot write");
        off += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0)
        fail("cannot flush");
}

void CredentialsFile::publish() {
    keep_ = true;  // from here on it holds issued credentials
    int rc = ::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
        // A file system without RENAME_NOREPLACE: link() never replaces either.
        rc = ::link(tmp_.c_str(), path_.c_str());
        if (rc == 0)
            ::unlink(tmp_.c_str());
    }
    if (rc != 0)
        throw Error("the credentials are in '" + tmp_ + "': cannot name it '" + path_ +
                    "': " + std::strerror(errno));
    // The new name survives a crash only once the directory is on disk too;
    // the data is already (write() flushed it).
    const auto slash = path_.rfind('/');
    const std::string dir = slash == std::string::npos ? "."
                            : slash == 0               ? "/"
                                                       : path_.substr(0, slash);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);  // best effort: the file has its name whatever this says
        ::close(dfd);
    }
}

void CredentialsFile::fail(const char* what) {
    throw Error(std::string(what) + " '" + tmp_ + "': " + std::strerror(errno));
}

void hand_over_credentials(CredentialsFile* out, const std::string& csv, const char* again) {
    if (out) {
        out->publish();
        return;
    }
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    if (std::fflush(stdout) != 0 || std::ferror(stdout))
        throw Error("cannot write the credentials to stdout: " + std::string(std::strerror(errno)) +
                    " (they are committed: " + again + ")");
}

}  // namespace kosmo::ctl
