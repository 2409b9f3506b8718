// main.cc: kosmo-verify.fcgi, step 2 (identity check) and the terms of use
#include "server.h"
#include "session.h"
#include "verify.h"

int main(int argc, char** argv) {
    using kosmo::gated, kosmo::session_at, kosmo::Stage;
    const std::vector<kosmo::Route> routes = {
        {"GET", "/verify", gated<session_at<Stage::TempLogin>, kosmo::verify_form>},
        {"POST", "/verify", gated<session_at<Stage::TempLogin>, kosmo::verify_submit>},
        {"GET", "/terms", kosmo::terms_page},
    };
    return kosmo::run_fcgi_main(argc, argv, "kosmo-verify.fcgi",
                                "step 2: identity check (insurer number, birth date, consent)",
                                routes);
}
