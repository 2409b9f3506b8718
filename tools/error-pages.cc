// error-pages.cc: kosmo-error-pages, the build tool that writes the web
// server's own error pages (build/static/NNN.html) from templates/error.tpl
// in the one layout, with the texts the binaries use (messages.cc)
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "config.h"
#include "render.h"

namespace {

constexpr const char* kUsage =
    "usage: kosmo-error-pages TEMPLATE_DIR PAGE\n"
    "Writes the page PAGE (400 404 405 413 414 429 501, or 50x for nginx's 502, 503\n"
    "and 504) to stdout, with the site's defaults (site name, /static).\n";

// The status whose text PAGE shows; 0 for an unknown PAGE. 50x is nginx's
// page for a binary it cannot reach: the binaries' own 503.
int status_of(const std::string& page) {
    if (page == "50x") return 503;
    for (const char* known : {"400", "404", "405", "413", "414", "429", "501"})
        if (page == known) return std::stoi(page);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--help") == 0) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    const int status = argc == 3 ? status_of(argv[2]) : 0;
    if (status == 0) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    try {
        kosmo::Config config;  // the defaults: nothing site-specific is known at build time
        config.template_dir = argv[1];
        const kosmo::Renderer renderer(config.template_dir);
        const kosmo::Response page = kosmo::error_page(renderer, config, status);
        if (std::fwrite(page.body.data(), 1, page.body.size(), stdout) != page.body.size() ||
            std::fflush(stdout) != 0) {
            std::fputs("fatal: kosmo-error-pages: cannot write to stdout\n", stderr);
            return 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fatal: kosmo-error-pages: %s\n", e.what());
        return 1;
    }
    return 0;
}
