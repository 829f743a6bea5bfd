// ModuleSocket: the socket module, gevent.socket and gevent.server.StreamServer
// for scripts, over the hub's sockets (io::SocketOps calls, Hub::wait_io, and
// hub::Socket owning the fd so that closing it wakes a greenlet waiting on it).
//
// socket.socket() made before gevent.monkey.patch_all() is a real blocking
// socket: a call that must wait blocks the whole thread (the hub and every
// greenlet), the lesson of the unpatched standard library. After patch_all,
// and always for gevent.socket.socket, a wait parks only the calling greenlet
// on the hub (the trace shows it waiting on its fd) while the others run.
// Failures raise what CPython raises: ConnectionRefusedError: [Errno 111]
// Connection refused, TimeoutError: timed out, socket.gaierror...
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>

#include "hub/Event.hpp"
#include "hub/Greenlet.hpp"
#include "hub/Hub.hpp"
#include "hub/Socket.hpp"
#include "io/SocketOps.hpp"
#include "script/Interp.hpp"
#include "script/ModuleSupport.hpp"
#include "script/SocketSupport.hpp"

namespace coroscope::script {

namespace {

// PySock: one script socket. sock owns the fd (closing it wakes a waiter).
struct PySock {
  hub::Socket sock;
  bool cooperative = false;
  std::optional<double> timeout;  // seconds; none: wait forever
};

PySock& sock_of(Interp& in, const Value& v) {
  auto* n = v.as<NativeObject>();
  if (!n || n->type != "socket") in.raise("TypeError", "expected a socket");
  return *static_cast<PySock*>(n->ptr.get());
}

[[noreturn]] void raise_gaierror(Interp& in) {
  Value cls = in.getattr(in.import_module("socket"), "gaierror");
  in.raise(make_exception(cls, {Value::integer(-2), str_value("Name or service not known")}));
}

int open_fd(Interp& in, PySock& s) {
  if (s.sock.closed()) raise_os_error(in, EBADF);
  return s.sock.fileno();
}

// deadline(s): when a call starting now must end (none: never).
std::optional<double> deadline(const PySock& s) {
  if (!s.timeout) return std::nullopt;
  return hub::Hub::get().refresh_now() + *s.timeout;
}

// wait_ready(in, s, fd, interest, until, call): waits in call ("recv") until fd
// is ready, cooperatively or blocking the thread; TimeoutError when until passes.
void wait_ready(Interp& in, PySock& s, int fd, io::Interest interest, std::optional<double> until,
                const char* call) {
  if (s.timeout && *s.timeout == 0) raise_os_error(in, EAGAIN);
  hub::Hub& hub = hub::Hub::get();
  std::optional<double> left;
  if (until) {
    left = *until - hub.refresh_now();
    if (*left <= 0) in.raise("TimeoutError", "timed out");
  }
  if (s.cooperative) {
    bool ready = false;
    try {
      ready = hub.wait_io(fd, interest, left, s.sock.io_name(call));
    } catch (const hub::SocketError&) {
      raise_os_error(in, EBADF);  // closed by another greenlet while we waited
    }
    if (!ready) in.raise("TimeoutError", "timed out");
  } else {
    // Blocking: the thread itself waits in poll(); no greenlet runs meanwhile.
    // In the app (a hosted world) it polls in slices and yields to the host
    // between them, as a busy greenlet: the window stays live and shows that
    // it holds the CPU.
    pollfd p{fd, static_cast<short>(interest == io::Interest::Read ? POLLIN : POLLOUT), 0};
    runtime::World& world = runtime::current_world();
    for (;;) {
      int ms = until ? hub.clock().io_timeout_ms(*until) : -1;
      const bool sliced = world.hosted() && (ms < 0 || ms > hub::Hub::kHostSliceMs);
      if (sliced) ms = hub::Hub::kHostSliceMs;
      const auto began = std::chrono::steady_clock::now();
      int rc = 0;
      do {
        rc = ::poll(&p, 1, ms);
      } while (rc < 0 && errno == EINTR);
      hub.clock().waited(std::chrono::steady_clock::now() - began);
      hub.refresh_now();
      if (rc != 0) break;
      if (!sliced) in.raise("TimeoutError", "timed out");
      world.wait_yield(false);
      if (s.sock.fileno() != fd) raise_os_error(in, EBADF);
    }
  }
  if (s.sock.fileno() != fd) raise_os_error(in, EBADF);
}

// address(in, v): a (host, port) tuple as a sockaddr_in.
sockaddr_in address(Interp& in, const Value& v, bool for_bind) {
  auto* t = v.as<TupleObject>();
  if (!t || t->items.size() != 2) {
    in.raise("TypeError", "AF_INET address must be tuple, not " + type_name(v));
  }
  auto* h = t->items[0].as<StrObject>();
  if (!h) in.raise("TypeError", "str, bytes or bytearray expected, not " + type_name(t->items[0]));
  if (!t->items[1].is_int()) {
    in.raise("TypeError",
             "'" + type_name(t->items[1]) + "' object cannot be interpreted as an integer");
  }
  const std::int64_t port = t->items[1].as_int();
  if (port < 0 || port > 65535) in.raise("OverflowError", "bind(): port must be 0-65535.");
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  std::string host = h->text;
  if (host.empty() && for_bind) host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";
  if (::inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) raise_gaierror(in);
  return sa;
}

// ip_port(sa): "127.0.0.1:8001", as the trace names a socket.
std::string ip_port(const sockaddr_in& sa) {
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip);
  return std::string(ip) + ":" + std::to_string(ntohs(sa.sin_port));
}

Value address_tuple(const sockaddr_in& sa) {
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip);
  return Value(make_tuple({str_value(ip), Value::integer(ntohs(sa.sin_port))}));
}

// peer_tuple(text): "ip:port" (what accept_nb reports) as (ip, port).
Value peer_tuple(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return Value(make_tuple({str_value(text), Value::integer(0)}));
  return Value(make_tuple(
      {str_value(text.substr(0, colon)), Value::integer(std::stoi(text.substr(colon + 1)))}));
}

std::string_view bytes_arg(Interp& in, const CallArgs& a, std::size_t i) {
  if (a.args.size() <= i) in.raise("TypeError", "a bytes-like object is required");
  auto* b = a.args[i].as<BytesObject>();
  if (!b) {
    in.raise("TypeError", "a bytes-like object is required, not '" + type_name(a.args[i]) + "'");
  }
  return b->bytes;
}

Value wrap(std::unique_ptr<PySock> s) {
  auto* n = new NativeObject("socket", std::shared_ptr<PySock>(std::move(s)));
  return Value(n);
}

std::size_t send_some(Interp& in, PySock& s, std::string_view data, std::optional<double> until) {
  for (;;) {
    const int fd = open_fd(in, s);
    const io::IoResult r = io::send_nb(fd, data.data(), data.size());
    if (r.ok()) return static_cast<std::size_t>(r.n);
    if (!r.would_block()) raise_os_error(in, r.error);
    wait_ready(in, s, fd, io::Interest::Write, until, "send");
  }
}

std::pair<Value, Value> accept(Interp& in, PySock& s) {
  const auto until = deadline(s);
  for (;;) {
    const int fd = open_fd(in, s);
    io::IoResult r = io::accept_nb(fd);
    if (r.ok()) {
      auto conn = std::make_unique<PySock>();
      conn->sock = hub::Socket(static_cast<int>(r.n));
      conn->sock.set_role(hub::SocketRole::Accepted, r.address);
      conn->cooperative = s.cooperative;
      return {wrap(std::move(conn)), peer_tuple(r.address)};
    }
    if (r.error == ECONNABORTED) continue;
    if (!r.would_block()) raise_os_error(in, r.error);
    wait_ready(in, s, fd, io::Interest::Read, until, "accept");
  }
}

void connect(Interp& in, PySock& s, const sockaddr_in& sa) {
  const int fd = open_fd(in, s);
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip);
  const auto until = deadline(s);
  io::IoResult r = io::connect_nb(fd, ip, ntohs(sa.sin_port));
  if (r.error == io::kBadPort) raise_os_error(in, ECONNREFUSED);  // port 0, as Linux answers
  s.sock.set_role(hub::SocketRole::Connected, r.address);
  while (r.in_progress()) {
    wait_ready(in, s, fd, io::Interest::Write, until, "connect");
    r = io::connect_result(fd, r.address);
  }
  if (!r.ok()) raise_os_error(in, r.error);
}

std::string recv(Interp& in, PySock& s, std::size_t max) {
  if (max == 0) return {};
  const auto until = deadline(s);
  std::string buf(std::min<std::size_t>(max, 1u << 20), '\0');
  for (;;) {
    const int fd = open_fd(in, s);
    const io::IoResult r = io::recv_nb(fd, buf.data(), buf.size());
    if (r.ok()) {
      buf.resize(static_cast<std::size_t>(r.n));
      return buf;
    }
    if (!r.would_block()) raise_os_error(in, r.error);
    wait_ready(in, s, fd, io::Interest::Read, until, "recv");
  }
}

std::int64_t int_arg(Interp& in, const CallArgs& a, std::size_t i, const char* what) {
  if (a.args.size() <= i || !(a.args[i].is_int() || a.args[i].is_bool())) {
    in.raise("TypeError", std::string(what) + ": an integer is required");
  }
  return a.args[i].as_int();
}

// Server: gevent.server.StreamServer's state.
struct Server {
  Value listener;  // the listening socket, once started
  Value handle;
  Value address;  // (host, port) as given; the bound one once started
  bool started = false, closed = false;
  hub::Event stopped;
  hub::GreenletPtr acceptor;
};

Value make_socket(Interp& in, CallArgs& a, bool cooperative) {
  const Value* family = a.args.size() > 1 ? &a.args[1] : a.kw("family");
  const Value* type = a.args.size() > 2 ? &a.args[2] : a.kw("type");
  if ((family && !(family->is_int() && family->as_int() == AF_INET)) ||
      (type && !(type->is_int() && type->as_int() == SOCK_STREAM))) {
    in.raise("NotImplementedError",
             "Coroscope scripts support only AF_INET, SOCK_STREAM sockets (IPv4 TCP)");
  }
  return new_socket(in, cooperative);
}

void start_server(Interp& in, const Value& self) {
  auto& srv = *static_cast<Server*>(self.as<NativeObject>()->ptr.get());
  if (srv.started) return;
  if (srv.listener.is_none()) {
    srv.listener = new_socket(in, true);
    PySock& s = sock_of(in, srv.listener);
    const int one = 1;
    ::setsockopt(s.sock.fileno(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in sa = address(in, srv.address, true);
    if (::bind(s.sock.fileno(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(s.sock.fileno(), 50) != 0) {
      raise_os_error(in, errno);
    }
  }
  PySock& s = sock_of(in, srv.listener);
  sockaddr_in bound{};
  socklen_t len = sizeof bound;
  ::getsockname(s.sock.fileno(), reinterpret_cast<sockaddr*>(&bound), &len);
  srv.address = address_tuple(bound);
  s.sock.set_role(hub::SocketRole::Listening, ip_port(bound));
  srv.started = true;
  // The acceptor: takes every pending client and spawns handle(conn, address)
  // for each in a greenlet of its own, as gevent's accept watcher does.
  Value listener = srv.listener, handle = srv.handle;
  Interp* interp = &in;
  srv.acceptor = hub::spawn(
      [interp, listener, handle]() -> runtime::Value {
        Interp& i = *interp;
        auto* ps = static_cast<PySock*>(listener.as<NativeObject>()->ptr.get());
        Value spawn = i.getattr(i.import_module("gevent"), "spawn");
        Value wrapper =
            i.make_builtin("_handle_and_close_when_done", [](Interp& in2, CallArgs& a) -> Value {
              struct Closer {
                Value conn;
                ~Closer() { socket_close(conn); }
              } closer{a.args.at(1)};
              return in2.call(a.args.at(0), {a.args.at(1), a.args.at(2)});
            });
        for (;;) {
          const int fd = ps->sock.fileno();
          if (fd < 0) break;
          io::IoResult r = io::accept_nb(fd);
          if (r.ok()) {
            auto conn = std::make_unique<PySock>();
            conn->sock = hub::Socket(static_cast<int>(r.n));
            conn->sock.set_role(hub::SocketRole::Accepted, r.address);
            conn->cooperative = true;
            i.call(spawn, {wrapper, handle, wrap(std::move(conn)), peer_tuple(r.address)});
            continue;
          }
          if (r.error == ECONNABORTED) continue;
          if (!r.would_block()) break;
          try {
            hub::Hub::get().wait_io(fd, io::Interest::Read, {}, ps->sock.io_name("accept"));
          } catch (const hub::SocketError&) {
            break;  // stop() closed the listener
          }
        }
        return {};
      },
      "StreamServer");
}

void stop_server(Interp& in, const Value& self) {
  auto& srv = *static_cast<Server*>(self.as<NativeObject>()->ptr.get());
  srv.closed = true;
  if (!srv.listener.is_none()) socket_close(srv.listener);
  srv.stopped.set();
  (void)in;
}

}  // namespace

// ---- shared with ModuleUrllib.cpp ----------------------------------------------------------

Value make_exception(const Value& cls, std::vector<Value> args) {
  auto* inst = new InstanceObject(cls);
  Value v(inst);
  if (args.size() == 2 && args[0].is_int()) {
    inst->dict["errno"] = args[0];
    inst->dict["strerror"] = args[1];
  }
  inst->dict["args"] = Value(make_tuple(std::move(args)));
  return v;
}

void raise_os_error(Interp& in, int err) {
  const char* cls = "OSError";
  switch (err) {
    case ECONNREFUSED:
      cls = "ConnectionRefusedError";
      break;
    case ECONNRESET:
      cls = "ConnectionResetError";
      break;
    case ECONNABORTED:
      cls = "ConnectionAbortedError";
      break;
    case EPIPE:
    case ESHUTDOWN:
      cls = "BrokenPipeError";
      break;
    case ETIMEDOUT:
      cls = "TimeoutError";
      break;
    case EAGAIN:
      cls = "BlockingIOError";
      break;
    default:
      break;
  }
  in.raise(make_exception(in.builtin(cls), {Value::integer(err), str_value(std::strerror(err))}));
}

Value new_socket(Interp& in, bool cooperative) {
  auto s = std::make_unique<PySock>();
  try {
    s->sock = hub::Socket::tcp();
  } catch (const hub::SocketError&) {
    raise_os_error(in, EMFILE);
  }
  s->cooperative = cooperative;
  return wrap(std::move(s));
}

void socket_connect(Interp& in, const Value& sock, const std::string& host, int port) {
  connect(in, sock_of(in, sock),
          address(in, Value(make_tuple({str_value(host), Value::integer(port)})), false));
}

void socket_sendall(Interp& in, const Value& sock, std::string_view data) {
  PySock& s = sock_of(in, sock);
  const auto until = deadline(s);
  while (!data.empty()) data.remove_prefix(send_some(in, s, data, until));
}

std::string socket_recv(Interp& in, const Value& sock, std::size_t max) {
  return recv(in, sock_of(in, sock), max);
}

void socket_close(const Value& sock) {
  if (auto* n = sock.as<NativeObject>(); n && n->type == "socket") {
    static_cast<PySock*>(n->ptr.get())->sock.close();
  }
}

// ---- the modules ---------------------------------------------------------------------------

void Interp::install_socket() {
  // The OSError family, with CPython's str(): "[Errno 111] Connection refused".
  auto exc = [&](const char* name, const char* parent) {
    if (!builtins_.contains(name)) builtins_[name] = Value(new_class(name, {builtins_.at(parent)}));
  };
  exc("BlockingIOError", "OSError");
  exc("ConnectionError", "OSError");
  exc("BrokenPipeError", "ConnectionError");
  exc("ConnectionAbortedError", "ConnectionError");
  exc("ConnectionRefusedError", "ConnectionError");
  exc("ConnectionResetError", "ConnectionError");
  auto& os_error = builtins_.at("OSError").as<ClassObject>()->dict;
  os_error["__init__"] = make_builtin("__init__", [](Interp& in, CallArgs& a) {
    auto* self = a.args.empty() ? nullptr : a.args[0].as<InstanceObject>();
    if (!self) in.raise("TypeError", "OSError.__init__ needs an exception");
    std::vector<Value> args(a.args.begin() + 1, a.args.end());
    self->dict["errno"] = args.size() >= 2 ? args[0] : Value();
    self->dict["strerror"] = args.size() >= 2 ? args[1] : Value();
    self->dict["args"] = Value(make_tuple(std::move(args)));
    return Value();
  });
  os_error["__str__"] = make_builtin("__str__", [](Interp& in, CallArgs& a) {
    Value args = in.getattr(a.args.at(0), "args");
    auto* t = args.as<TupleObject>();
    if (!t || t->items.empty()) return str_value("");
    if (t->items.size() == 1) return str_value(str(t->items[0]));
    if (t->items.size() == 2) {
      return str_value("[Errno " + str(t->items[0]) + "] " + str(t->items[1]));
    }
    return str_value(repr(args));
  });

  auto fill = [&](ModuleObject& m, bool gevent) {
    auto& d = m.dict;
    d["AF_INET"] = Value::integer(AF_INET);
    d["SOCK_STREAM"] = Value::integer(SOCK_STREAM);
    d["SOL_SOCKET"] = Value::integer(SOL_SOCKET);
    d["SO_REUSEADDR"] = Value::integer(SO_REUSEADDR);
    d["IPPROTO_TCP"] = Value::integer(IPPROTO_TCP);
    d["SHUT_RD"] = Value::integer(SHUT_RD);
    d["SHUT_WR"] = Value::integer(SHUT_WR);
    d["SHUT_RDWR"] = Value::integer(SHUT_RDWR);
    d["error"] = builtins_.at("OSError");
    d["timeout"] = builtins_.at("TimeoutError");
    Value cls(new_class("socket", {builtins_.at("object")}, gevent ? "gevent._socket3" : "socket"));
    cls.as<ClassObject>()->dict["__new_builtin__"] =
        make_builtin("socket", [gevent](Interp& in, CallArgs& a) {
          return make_socket(in, a, gevent || in.time_patched());
        });
    d["socket"] = cls;
    d["create_connection"] = make_builtin("create_connection", [gevent](Interp& in, CallArgs& a) {
      Value s = new_socket(in, gevent || in.time_patched());
      const Value* t = a.args.size() > 1 ? &a.args[1] : a.kw("timeout");
      if (t && !t->is_none()) sock_of(in, s).timeout = number(in, *t, "timeout");
      connect(in, sock_of(in, s), address(in, a.args.at(0), false));
      return s;
    });
  };
  Value sock(new ModuleObject("socket"));
  fill(*sock.as<ModuleObject>(), false);
  Value gai(new_class("gaierror", {builtins_.at("OSError")}, "socket"));
  sock.as<ModuleObject>()->dict["gaierror"] = gai;
  modules_["socket"] = sock;
  Value gsock(new ModuleObject("gevent.socket"));
  fill(*gsock.as<ModuleObject>(), true);
  gsock.as<ModuleObject>()->dict["gaierror"] = gai;
  modules_["gevent.socket"] = gsock;

  // gevent.server.StreamServer(listener, handle)
  Value server(new ModuleObject("gevent.server"));
  Value scls(new_class("StreamServer", {builtins_.at("object")}, "gevent.server"));
  scls.as<ClassObject>()->dict["__new_builtin__"] =
      make_builtin("StreamServer", [](Interp& in, CallArgs& a) {
        auto srv = std::make_shared<Server>();
        const Value* listener = a.args.size() > 1 ? &a.args[1] : a.kw("listener");
        const Value* handle = a.args.size() > 2 ? &a.args[2] : a.kw("handle");
        if (!listener) in.raise("TypeError", "StreamServer() needs a listener");
        if (listener->as<NativeObject>()) {
          srv->listener = *listener;
        } else {
          address(in, *listener, true);  // checked now, as gevent does
          srv->address = *listener;
        }
        if (handle) srv->handle = *handle;
        return Value(new NativeObject("StreamServer", srv));
      });
  server.as<ModuleObject>()->dict["StreamServer"] = scls;
  modules_["gevent.server"] = server;
  if (auto g = modules_.find("gevent"); g != modules_.end()) {
    auto& gd = g->second.as<ModuleObject>()->dict;
    gd["socket"] = gsock;
    gd["server"] = server;
  }
  install_urllib(*this, modules_);
}

Value Interp::socket_attr(const Value& obj, const std::string& name) {
  auto* n = obj.as<NativeObject>();
  auto method = [&](const char* m, BuiltinFn fn) { return make_builtin(m, std::move(fn), obj); };
  if (n->type == "StreamServer") {
    auto& srv = *static_cast<Server*>(n->ptr.get());
    if (name == "start")
      return method("start", [](Interp& in, CallArgs& a) {
        start_server(in, a.args[0]);
        return Value();
      });
    if (name == "serve_forever")
      return method("serve_forever", [](Interp& in, CallArgs& a) {
        start_server(in, a.args[0]);
        static_cast<Server*>(a.args[0].as<NativeObject>()->ptr.get())->stopped.wait();
        return Value();
      });
    if (name == "stop" || name == "close")
      return method(name.c_str(), [](Interp& in, CallArgs& a) {
        stop_server(in, a.args[0]);
        return Value();
      });
    if (name == "address") return srv.address;
    if (name == "server_host" || name == "server_port") {
      auto* t = srv.address.as<TupleObject>();
      if (!t) return Value();
      return t->items[name == "server_host" ? 0 : 1];
    }
    if (name == "started") return Value::boolean(srv.started && !srv.closed);
    if (name == "closed") return Value::boolean(srv.closed);
    if (name == "socket") return srv.listener;
    raise("AttributeError", "'StreamServer' object has no attribute '" + name + "'");
  }
  if (name == "bind")
    return method("bind", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      const sockaddr_in sa = address(in, a.args.at(1), true);
      if (::bind(open_fd(in, me), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0)
        raise_os_error(in, errno);
      return Value();
    });
  if (name == "listen")
    return method("listen", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      const int backlog = a.args.size() > 1 ? static_cast<int>(int_arg(in, a, 1, "listen")) : 128;
      if (::listen(open_fd(in, me), std::max(backlog, 0)) != 0) raise_os_error(in, errno);
      sockaddr_in sa{};
      socklen_t len = sizeof sa;
      if (::getsockname(me.sock.fileno(), reinterpret_cast<sockaddr*>(&sa), &len) == 0)
        me.sock.set_role(hub::SocketRole::Listening, ip_port(sa));
      return Value();
    });
  if (name == "accept")
    return method("accept", [](Interp& in, CallArgs& a) {
      auto [conn, peer] = accept(in, sock_of(in, a.args[0]));
      return Value(make_tuple({conn, peer}));
    });
  if (name == "connect")
    return method("connect", [](Interp& in, CallArgs& a) {
      connect(in, sock_of(in, a.args[0]), address(in, a.args.at(1), false));
      return Value();
    });
  if (name == "send")
    return method("send", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      return Value::integer(
          static_cast<std::int64_t>(send_some(in, me, bytes_arg(in, a, 1), deadline(me))));
    });
  if (name == "sendall")
    return method("sendall", [](Interp& in, CallArgs& a) {
      socket_sendall(in, a.args[0], bytes_arg(in, a, 1));
      return Value();
    });
  if (name == "recv")
    return method("recv", [](Interp& in, CallArgs& a) {
      const std::int64_t max = int_arg(in, a, 1, "recv");
      if (max < 0) in.raise("ValueError", "negative buffersize in recv");
      return Value(make_bytes(recv(in, sock_of(in, a.args[0]), static_cast<std::size_t>(max))));
    });
  if (name == "close" || name == "detach")
    return method("close", [](Interp&, CallArgs& a) {
      socket_close(a.args[0]);
      return Value();
    });
  if (name == "shutdown")
    return method("shutdown", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      if (::shutdown(open_fd(in, me), static_cast<int>(int_arg(in, a, 1, "shutdown"))) != 0)
        raise_os_error(in, errno);
      return Value();
    });
  if (name == "setsockopt")
    return method("setsockopt", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      const int v = static_cast<int>(int_arg(in, a, 3, "setsockopt"));
      if (::setsockopt(open_fd(in, me), static_cast<int>(int_arg(in, a, 1, "setsockopt")),
                       static_cast<int>(int_arg(in, a, 2, "setsockopt")), &v, sizeof v) != 0)
        raise_os_error(in, errno);
      return Value();
    });
  if (name == "getsockname" || name == "getpeername") {
    const bool peer = name == "getpeername";
    return method(name.c_str(), [peer](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      sockaddr_in sa{};
      socklen_t len = sizeof sa;
      const int fd = open_fd(in, me);
      const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len)
                          : ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
      if (rc != 0) raise_os_error(in, errno);
      return address_tuple(sa);
    });
  }
  if (name == "fileno")
    return method("fileno", [](Interp& in, CallArgs& a) {
      return Value::integer(sock_of(in, a.args[0]).sock.fileno());
    });
  if (name == "settimeout")
    return method("settimeout", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      if (a.args.size() < 2 || a.args[1].is_none()) {
        me.timeout.reset();
      } else {
        const double t = number(in, a.args[1], "settimeout");
        if (t < 0) in.raise("ValueError", "Timeout value out of range");
        me.timeout = t;
      }
      return Value();
    });
  if (name == "gettimeout")
    return method("gettimeout", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      return me.timeout ? Value::real(*me.timeout) : Value();
    });
  if (name == "setblocking")
    return method("setblocking", [](Interp& in, CallArgs& a) {
      PySock& me = sock_of(in, a.args[0]);
      if (a.args.size() > 1 && truthy(a.args[1])) {
        me.timeout.reset();
      } else {
        me.timeout = 0.0;
      }
      return Value();
    });
  if (name == "__enter__")
    return method("__enter__", [](Interp&, CallArgs& a) { return a.args[0]; });
  if (name == "__exit__")
    return method("__exit__", [](Interp&, CallArgs& a) {
      socket_close(a.args[0]);
      return Value();
    });
  if (name == "family") return Value::integer(AF_INET);
  if (name == "type") return Value::integer(SOCK_STREAM);
  raise("AttributeError", "'socket' object has no attribute '" + name + "'");
}

}  // namespace coroscope::script
