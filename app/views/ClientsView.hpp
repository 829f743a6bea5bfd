#pragma once
// ClientsView: the article's client, played from the app: the server's port
// (editable for a server demo: a new port restarts the run), Connect, and
// each client with its state, what it sent and what came back, a line to
// send, and Close. Shown only for a program that is a server (see
// Session::server()); the clients are outside the world (see Clients).

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_clients_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
