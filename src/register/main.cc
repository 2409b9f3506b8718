// main.cc: kosmo-register.fcgi, step 3 (permanent ID and password)
#include "register.h"
#include "server.h"

int main(int argc, char** argv) {
    const std::vector<kosmo::Route> routes = {
        {"GET", "/register", kosmo::register_form},
        {"POST", "/register", kosmo::register_submit},
        {"GET", "/register/confirm", kosmo::register_confirm},
        {"POST", "/register/back", kosmo::register_back},
        {"POST", "/register/execute", kosmo::register_execute},
        {"GET", "/register/done", kosmo::register_done},
    };
    return kosmo::run_fcgi_main(argc, argv, "kosmo-register.fcgi",
                                "step 3: register the permanent ID, password and mail address",
                                routes);
}
