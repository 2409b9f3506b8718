// totp.cc: authenticator-app keys and codes for `make bench`'s rounds of the
// code step (POST /login/code with an app's code)
//
//   build/bench-totp seal KOSMO_CONF   stdin: account IDs, one a line
//       stdout: "ID KEY SEALED" a line: a new app key (Base32) for each
//       account and that key sealed as the product stores it in
//       accounts.totp_key (seal_totp_secret under the config's server secret)
//   build/bench-totp codes AT          stdin: "KEY REST..." lines
//       stdout: "REST... CODE" a line: the code an app shows for KEY at the
//       Unix time AT; on stderr "step N": AT's time step
//   build/bench-totp time KOSMO_CONF [COUNT]
//       stdout: "open_us=... check_us=...": the CPU time of what a code
//       step computes, on one thread: opening a sealed key
//       (open_totp_secret) and checking a right code against it
//       (check_totp), each the mean of COUNT calls (default 10000)
//
// The product's own functions (totp_key.h, factor.h), so a key sealed here
// opens in kosmo-login.fcgi and a code made here is the one it computes.
#include <time.h>
#include <cstdint>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <string>

#include "config.h"
#include "factor.h"
#include "totp_key.h"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: bench-totp seal KOSMO_CONF | codes UNIX_TIME | time KOSMO_CONF [COUNT]\n");
    return 2;
}

double cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int time_step(const std::string& config_path, int count) {
    const kosmo::Config config = kosmo::load_config(config_path);
    const std::string key = kosmo::new_totp_secret();
    const std::string sealed = kosmo::seal_totp_secret(config.secret_bytes, 1, key);
    const std::time_t now = std::time(nullptr);
    const std::string code = kosmo::totp_code(key, kosmo::totp_step(now));
    bool all_right = true;
    const double t0 = cpu_us();
    for (int i = 0; i < count; ++i)
        all_right = kosmo::open_totp_secret(config.secret_bytes, 1, sealed) == key && all_right;
    const double t1 = cpu_us();
    for (int i = 0; i < count; ++i)
        all_right =
            kosmo::check_totp(key, code, now, 0).check == kosmo::TotpCheck::Accepted && all_right;
    const double t2 = cpu_us();
    if (!all_right) {
        std::fprintf(stderr, "bench-totp: a key did not open or a code was refused\n");
        return 1;
    }
    std::printf("open_us=%.2f check_us=%.2f\n", (t1 - t0) / count, (t2 - t1) / count);
    return 0;
}

int seal(const std::string& config_path) {
    const kosmo::Config config = kosmo::load_config(config_path);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty())
            continue;
        const std::uint64_t id = std::stoull(line);
        const std::string key = kosmo::new_totp_secret();
        std::cout << id << ' ' << kosmo::base32(key) << ' '
                  << kosmo::seal_totp_secret(config.secret_bytes, id, key) << '\n';
    }
    return std::cout.flush() ? 0 : 1;
}

int codes(const std::string& at_text) {
    char* end = nullptr;
    const long long at = std::strtoll(at_text.c_str(), &end, 10);
    if (end == at_text.c_str() || *end != '\0' || at < 0)
        return usage();
    const std::int64_t step = kosmo::totp_step(static_cast<std::time_t>(at));
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto space = line.find(' ');
        if (space == std::string::npos)
            continue;
        const auto key = kosmo::base32_decode(line.substr(0, space));
        if (!key) {
            std::fprintf(stderr, "bench-totp: not a Base32 key: %s\n",
                         line.substr(0, space).c_str());
            return 1;
        }
        std::cout << line.substr(space + 1) << ' ' << kosmo::totp_code(*key, step) << '\n';
    }
    std::fprintf(stderr, "step %lld\n", static_cast<long long>(step));
    return std::cout.flush() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4)
        return usage();
    const std::string mode = argv[1];
    const int count = argc == 4 ? std::atoi(argv[3]) : 10000;
    if (count < 1 || (argc == 4 && mode != "time"))
        return usage();
    try {
        if (mode == "seal")
            return seal(argv[2]);
        if (mode == "codes")
            return codes(argv[2]);
        if (mode == "time")
            return time_step(argv[2], count);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-totp: %s\n", e.what());
        return 1;
    }
    return usage();
}
