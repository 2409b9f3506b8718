// main.cc: kosmo-login.fcgi, step 1 (login), logout and the door
// (forgotten password and ID, required actions at login); the main menu is
// kosmo-portal.fcgi's
#include "login.h"
#include "server.h"
#include "session.h"

int main(int argc, char** argv) {
    using kosmo::gated, kosmo::session_at, kosmo::Stage;
    const std::vector<kosmo::Route> routes = {
        {"GET", "/login", kosmo::login_form},
        {"POST", "/login", kosmo::login_submit},
        {"POST", "/logout", kosmo::logout_submit},
        {"GET", "/password/forgot", kosmo::forgot_password_form},
        {"POST", "/password/forgot", kosmo::forgot_password_submit},
        {"GET", "/password/reset", kosmo::reset_password_form},
        {"POST", "/password/reset", kosmo::reset_password_submit},
        {"GET", "/userid/forgot", kosmo::forgot_userid_form},
        {"POST", "/userid/forgot", kosmo::forgot_userid_submit},
        {"GET", "/login/code", gated<session_at<Stage::SecondFactor>, kosmo::code_form>},
        {"POST", "/login/code", gated<kosmo::session_at_code, kosmo::code_submit>},
        {"POST", "/login/code/resend", gated<session_at<Stage::SecondFactor>, kosmo::code_resend>},
        {"GET", "/login/recovery", gated<session_at<Stage::SecondFactor>, kosmo::recovery_form>},
        {"POST", "/login/recovery", gated<kosmo::session_at_code, kosmo::recovery_submit>},
        {"GET", "/password/expired",
         gated<session_at<Stage::PasswordExpired>, kosmo::expired_password_form>},
        {"POST", "/password/expired",
         gated<session_at<Stage::PasswordExpired>, kosmo::expired_password_submit>},
        {"GET", "/terms/new", gated<session_at<Stage::TermsPending>, kosmo::new_terms_form>},
        {"POST", "/terms/new", gated<session_at<Stage::TermsPending>, kosmo::new_terms_submit>},
    };
    return kosmo::run_fcgi_main(
        argc, argv, "kosmo-login.fcgi",
        "step 1: login with the temporary or permanent ID and the second factor; logout; forgotten "
        "password and ID; required actions",
        routes);
}
