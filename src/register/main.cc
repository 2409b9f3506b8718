// main.cc: kosmo-register.fcgi, step 3 (permanent ID and password)
#include "register.h"
#include "server.h"
#include "session.h"

int main(int argc, char** argv) {
    using kosmo::gated, kosmo::input_session_or_respond, kosmo::session_at, kosmo::Stage;
    const std::vector<kosmo::Route> routes = {
        {"GET", "/register", gated<input_session_or_respond, kosmo::register_form>},
        {"POST", "/register", gated<input_session_or_respond, kosmo::register_submit>},
        {"GET", "/register/confirm", gated<session_at<Stage::Confirming>, kosmo::register_confirm>},
        {"POST", "/register/back", gated<session_at<Stage::Confirming>, kosmo::register_back>},
        {"POST", "/register/execute",
         gated<session_at<Stage::Confirming, Stage::Registered>, kosmo::register_execute>},
        {"GET", "/register/done", gated<session_at<Stage::Registered>, kosmo::register_done>},
    };
    return kosmo::run_fcgi_main(argc, argv, "kosmo-register.fcgi",
                                "step 3: register the permanent ID, password and mail address",
                                routes);
}
