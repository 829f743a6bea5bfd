#include "views/ClientsView.hpp"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <imgui_stdlib.h>

namespace coroscope::app::views {

namespace {

const ImVec4 kBad(1.0f, 0.5f, 0.5f, 1.0f);
const ImVec4 kGood(0.45f, 0.8f, 0.55f, 1.0f);

// printable(text): a line as the panel shows it: no newline at its end,
// control bytes as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' && i + 1 == text.size()) break;
    if (c < 0x20 || c == 0x7f) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// server_line: the port (editable for a server demo), Connect, and where the
// server stands: not listening yet, listening, finished, or its port taken.
void server_line(const ViewContext& ctx) {
  const ServerInfo& server = ctx.session.server();
  const player::Player& p = ctx.player();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("port");
  ImGui::SameLine();
  if (server.port_arg) {
    int port = *server.port_arg;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("000000").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::InputInt("##port", &port, 0, 0, ImGuiInputTextFlags_EnterReturnsTrue) &&
        port != *server.port_arg && port >= 0 && port <= 65535) {
      ctx.commands.args = std::vector<std::string>{std::to_string(port)};
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "The server's sys.argv[1]. Enter runs it again on this port; 0 lets the system pick a "
          "free one");
    }
  } else {
    ImGui::TextUnformatted(server.port() > 0 ? std::to_string(server.port()).c_str() : "?");
  }
  ImGui::SameLine();
  // Nothing to connect to before the port is known, or once the server has ended.
  ImGui::BeginDisabled(server.port() == 0 || p.finished());
  if (ImGui::Button("Connect")) ctx.commands.connect_client = true;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Open a new TCP connection to 127.0.0.1:%d, as the article's client does",
                      server.port());
  }
  bool finished_ones = false;
  for (const Client& c : ctx.session.clients().all()) {
    finished_ones |= c.state == ClientState::Closed || c.state == ClientState::Failed;
  }
  if (finished_ones) {
    ImGui::SameLine();
    if (ImGui::Button("Clear")) ctx.commands.clear_clients = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Forget the closed and failed clients");
  }

  // Where the server stands: beside the buttons when it fits, else below them.
  const int arg = server.port_arg.value_or(server.port());
  std::string status;
  ImVec4 colour = dim_text();
  if (server.address_in_use) {
    status = "another program listens on " + std::to_string(arg) + ": pick another port";
    colour = kBad;
  } else if (p.finished()) {
    status = "the server has finished: nothing listens any more (Restart runs it again)";
  } else if (server.announced) {
    status = "listening on 127.0.0.1:" + std::to_string(*server.announced);
    if (p.waiting_for_io()) status += " · the step waits for a client";
    colour = kGood;
  } else if (server.port() == 0) {
    status = "port 0: the system picks a free port at listen(); step the server there";
  } else {
    status = "not listening yet: step the server to its listen()";
  }
  ImGui::SameLine();
  if (ImGui::CalcTextSize(status.c_str()).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(colour, "%s", status.c_str());
  ImGui::PopTextWrapPos();
}

void client_row(const ViewContext& ctx, const Client& c) {
  ImGui::PushID(c.id);
  const bool live = c.state == ClientState::Connecting || c.state == ClientState::Open ||
                    c.state == ClientState::Closing;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("client %d", c.id);
  ImGui::SameLine();
  ImGui::TextColored(c.state == ClientState::Failed ? kBad
                     : live                         ? kGood
                                                    : dim_text(),
                     "%s", to_string(c.state));
  if (!c.local.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(dim_text(), "from %s", c.local.c_str());
  }
  if (live) {
    const char* label = c.state == ClientState::Open ? "Close" : "Close now";
    const float right = ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(label).x -
                        ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() < right) ImGui::SetCursorPosX(right);
    if (ImGui::SmallButton(label)) ctx.commands.client_close = c.id;
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(c.state == ClientState::Open
                            ? "Send end of stream (shutdown): the server's recv() returns b''"
                            : "Close the socket without waiting for the server");
    }
  }

  ImGui::PushFont(ctx.fonts.mono);
  ImGui::PushTextWrapPos(0.0f);
  for (const Said& s : c.said) {
    ImGui::TextColored(s.sent ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : kGood, "%s %s",
                       s.sent ? "→" : "←", printable(s.text).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (c.state == ClientState::Connecting || c.state == ClientState::Open) {
    std::string& line = ctx.ui.client_lines[c.id];
    const float send_w = ImGui::CalcTextSize("Send").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(-send_w - ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputTextWithHint("##line", "a line to send", &line,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (enter) ImGui::SetKeyboardFocusHere(-1);  // keep typing the next line
    ImGui::SameLine();
    const bool send = ImGui::Button("Send");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Send the line and a newline");
    if (send || enter) ctx.commands.client_send = ClientLine{c.id, std::exchange(line, {})};
  }
  ImGui::PushTextWrapPos(0.0f);
  const player::Player& p = ctx.player();
  if (c.awaiting_reply() && c.state != ClientState::Connecting && !p.playing() &&
      p.goal() == player::Goal::None && !p.finished()) {
    ImGui::TextColored(dim_text(), "sent: a server greenlet can run now: Step to watch it");
  } else if (!c.note.empty()) {
    ImGui::TextColored(c.state == ClientState::Failed ? kBad : dim_text(), "%s", c.note.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopID();
}

}  // namespace

void draw_clients_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Clients", area)) {
    if (ctx.ui.clients_run != ctx.session.run()) {  // a new run: new clients, empty lines
      ctx.ui.clients_run = ctx.session.run();
      ctx.ui.client_lines.clear();
    }
    server_line(ctx);
    if (!ctx.player().at_end() && !ctx.session.clients().all().empty()) {
      // Back in history the other views show the past; sockets have no past.
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(dim_text(), "the clients are live: they show now, not this stop");
      ImGui::PopTextWrapPos();
    }
    const std::vector<Client>& clients = ctx.session.clients().all();
    if (clients.empty() && !ctx.player().finished()) {
      const int port = ctx.session.server().port();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(
          dim_text(), "no clients yet: Connect opens one, as the article's client does%s",
          port > 0 ? (" (or nc 127.0.0.1 " + std::to_string(port) + " in a terminal)").c_str()
                   : "");
      ImGui::PopTextWrapPos();
    }
    // The clients scroll under the port line, following the newest while the
    // learner has not scrolled up.
    ImGui::BeginChild("##clients");
    for (const Client& c : clients) {
      ImGui::Separator();
      client_row(ctx, c);
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
