// ModuleUrllib: urllib.request.urlopen(url) for http:// URLs, and urllib.error.
// A GET over the script sockets (SocketSupport.hpp), sending the request
// CPython's urllib sends, so it is cooperative after gevent.monkey.patch_all()
// and blocks the whole thread before it. The response is read to its end
// (Connection: close) and kept: read(), read(n), status, reason, getcode(),
// getheader(), geturl(), close(), and `with`. A status of 400 or more raises
// urllib.error.HTTPError ("HTTP Error 404: Not Found"); a connection failure,
// URLError ("<urlopen error [Errno 111] Connection refused>").
//
// https:// (TLS) is not supported by Coroscope scripts: urlopen raises
// urllib.error.URLError "<urlopen error https:// URLs are not supported by
// Coroscope scripts (no TLS): use http://>". Chunked responses are not decoded.
#include <algorithm>
#include <cctype>

#include "script/Interp.hpp"
#include "script/ModuleSupport.hpp"
#include "script/SocketSupport.hpp"

namespace coroscope::script {

namespace {

struct Url {
  std::string scheme, host, path;
  int port = 80;
};

Value error_class(Interp& in, const char* name) {
  return in.getattr(in.import_module("urllib.error"), name);
}

[[noreturn]] void url_error(Interp& in, Value reason) {
  Value e = make_exception(error_class(in, "URLError"), {reason});
  e.as<InstanceObject>()->dict["reason"] = reason;
  in.raise(e);
}

Url parse_url(Interp& in, const std::string& text) {
  Url u;
  const auto colon = text.find("://");
  if (colon == std::string::npos) in.raise("ValueError", "unknown url type: '" + text + "'");
  u.scheme = text.substr(0, colon);
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (u.scheme == "https") {
    url_error(in, str_value("https:// URLs are not supported by Coroscope scripts (no TLS): "
                            "use http://"));
  }
  if (u.scheme != "http") url_error(in, str_value("unknown url type: " + u.scheme));
  std::string rest = text.substr(colon + 3);
  const auto slash = rest.find_first_of("/?#");
  std::string netloc = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (const auto hash = u.path.find('#'); hash != std::string::npos) u.path.resize(hash);
  if (u.path.empty() || u.path[0] != '/') u.path = "/" + u.path;
  u.host = netloc;
  if (const auto c = netloc.rfind(':'); c != std::string::npos) {
    u.host = netloc.substr(0, c);
    const std::string port = netloc.substr(c + 1);
    if (!port.empty()) {
      if (!std::all_of(port.begin(), port.end(),
                       [](unsigned char ch) { return std::isdigit(ch); }) ||
          port.size() > 5) {
        in.raise("ValueError", "Port could not be cast to integer value as '" + port + "'");
      }
      u.port = std::stoi(port);
    }
  }
  if (u.host.empty()) url_error(in, str_value("no host given"));
  return u;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// ResponseBody: what read() has left of the response.
struct ResponseBody {
  std::string bytes;
  std::size_t pos = 0;
};

ResponseBody& body_of(Interp& in, const Value& self) {
  if (auto* inst = self.as<InstanceObject>()) {
    if (auto it = inst->dict.find("_body"); it != inst->dict.end()) {
      if (auto* n = it->second.as<NativeObject>()) return *static_cast<ResponseBody*>(n->ptr.get());
    }
  }
  in.raise("TypeError", "expected an HTTPResponse");
}

Value urlopen(Interp& in, CallArgs& a, const Value& response_cls) {
  const Value* url_arg = a.args.empty() ? a.kw("url") : &a.args[0];
  auto* url_text = url_arg ? url_arg->as<StrObject>() : nullptr;
  if (!url_text) in.raise("TypeError", "Coroscope's urlopen() takes a URL string");
  const Url u = parse_url(in, url_text->text);
  Value sock = new_socket(in, in.time_patched());
  std::string raw;
  try {
    if (const Value* t = a.args.size() > 2 ? &a.args[2] : a.kw("timeout"); t && !t->is_none()) {
      in.call(in.getattr(sock, "settimeout"), {*t});
    }
    socket_connect(in, sock, u.host, u.port);
    const std::string host = u.port == 80 ? u.host : u.host + ":" + std::to_string(u.port);
    socket_sendall(in, sock,
                   "GET " + u.path + " HTTP/1.1\r\nAccept-Encoding: identity\r\nHost: " + host +
                       "\r\nUser-Agent: Python-urllib/3.11\r\nConnection: close\r\n\r\n");
    for (;;) {
      std::string got = socket_recv(in, sock, 65536);
      if (got.empty()) break;
      raw += got;
    }
  } catch (PyError& e) {
    socket_close(sock);
    if (in.isinstance(e.exc, in.builtin("OSError").as<ClassObject>()) &&
        !in.isinstance(e.exc, error_class(in, "URLError").as<ClassObject>())) {
      url_error(in, e.exc);
    }
    throw;
  }
  socket_close(sock);
  // The status line, the headers, the body.
  const auto head_end = raw.find("\r\n\r\n");
  const std::string head = raw.substr(0, head_end);
  std::string body = head_end == std::string::npos ? "" : raw.substr(head_end + 4);
  const auto line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  const auto sp1 = status_line.find(' ');
  if (!status_line.starts_with("HTTP/") || sp1 == std::string::npos) {
    in.raise(make_exception(in.getattr(in.import_module("http.client"), "BadStatusLine"),
                            {str_value(status_line)}));
  }
  const auto sp2 = status_line.find(' ', sp1 + 1);
  const std::string code_text =
      status_line.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
  int code = 0;
  try {
    code = std::stoi(code_text);
  } catch (const std::exception&) {
    in.raise(make_exception(in.getattr(in.import_module("http.client"), "BadStatusLine"),
                            {str_value(status_line)}));
  }
  const std::string reason = sp2 == std::string::npos ? "" : status_line.substr(sp2 + 1);
  std::vector<Value> headers;
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    const std::string line = head.substr(pos, end - pos);
    pos = end + 2;
    const auto c = line.find(':');
    if (c == std::string::npos) continue;
    std::string value = line.substr(c + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    headers.push_back(Value(make_tuple({str_value(line.substr(0, c)), str_value(value)})));
    if (lower(line.substr(0, c)) == "content-length") {
      try {
        const auto n = static_cast<std::size_t>(std::stoul(value));
        if (n < body.size()) body.resize(n);
      } catch (const std::exception&) {
      }
    }
  }
  if (code >= 400) {
    Value e = make_exception(error_class(in, "HTTPError"), {});
    auto& d = e.as<InstanceObject>()->dict;
    d["code"] = Value::integer(code);
    d["msg"] = d["reason"] = str_value(reason);
    d["url"] = *url_arg;
    d["args"] = Value(make_tuple({}));
    in.raise(e);
  }
  Value r = in.call(response_cls, std::vector<Value>{});
  auto& d = r.as<InstanceObject>()->dict;
  d["status"] = d["code"] = Value::integer(code);
  d["reason"] = str_value(reason);
  d["url"] = *url_arg;
  d["_headers"] = Value(make_list(std::move(headers)));
  auto b = std::make_shared<ResponseBody>();
  b->bytes = std::move(body);
  d["_body"] = Value(new NativeObject("body", b));
  return r;
}

}  // namespace

void install_urllib(Interp& in, std::unordered_map<std::string, Value>& modules) {
  Value os_error = in.builtin("OSError");
  // urllib.error
  Value error(new ModuleObject("urllib.error"));
  Value url_error_cls(new_class("URLError", {os_error}, "urllib.error"));
  url_error_cls.as<ClassObject>()->dict["__str__"] =
      in.make_builtin("__str__", [](Interp& i, CallArgs& a) {
        return str_value("<urlopen error " + str(i.getattr(a.args.at(0), "reason")) + ">");
      });
  url_error_cls.as<ClassObject>()->dict["__init__"] =
      in.make_builtin("__init__", [](Interp&, CallArgs& a) {
        auto* self = a.args.at(0).as<InstanceObject>();
        self->dict["reason"] = a.args.size() > 1 ? a.args[1] : Value();
        self->dict["args"] =
            Value(make_tuple(std::vector<Value>(a.args.begin() + 1, a.args.end())));
        return Value();
      });
  Value http_error_cls(new_class("HTTPError", {url_error_cls}, "urllib.error"));
  http_error_cls.as<ClassObject>()->dict["__str__"] =
      in.make_builtin("__str__", [](Interp& i, CallArgs& a) {
        return str_value("HTTP Error " + str(i.getattr(a.args.at(0), "code")) + ": " +
                         str(i.getattr(a.args.at(0), "msg")));
      });
  http_error_cls.as<ClassObject>()->dict["getcode"] = in.make_builtin(
      "getcode", [](Interp& i, CallArgs& a) { return i.getattr(a.args.at(0), "code"); });
  error.as<ModuleObject>()->dict["URLError"] = url_error_cls;
  error.as<ModuleObject>()->dict["HTTPError"] = http_error_cls;
  modules["urllib.error"] = error;

  // http.client: HTTPResponse (what urlopen returns) and BadStatusLine.
  Value client(new ModuleObject("http.client"));
  Value exc_cls(new_class("HTTPException", {in.builtin("Exception")}, "http.client"));
  client.as<ModuleObject>()->dict["HTTPException"] = exc_cls;
  client.as<ModuleObject>()->dict["BadStatusLine"] =
      Value(new_class("BadStatusLine", {exc_cls}, "http.client"));
  Value response(new_class("HTTPResponse", {in.builtin("object")}, "http.client"));
  auto& rd = response.as<ClassObject>()->dict;
  rd["read"] = in.make_builtin("read", [](Interp& i, CallArgs& a) {
    ResponseBody& b = body_of(i, a.args.at(0));
    std::size_t n = b.bytes.size() - b.pos;
    const Value* amt = a.args.size() > 1 ? &a.args[1] : a.kw("amt");
    if (amt && !amt->is_none()) {
      if (!amt->is_int()) i.raise("TypeError", "read() amt must be an int");
      n = std::min<std::size_t>(n,
                                static_cast<std::size_t>(std::max<std::int64_t>(0, amt->as_int())));
    }
    Value out(make_bytes(b.bytes.substr(b.pos, n)));
    b.pos += n;
    return out;
  });
  rd["getcode"] = in.make_builtin(
      "getcode", [](Interp& i, CallArgs& a) { return i.getattr(a.args.at(0), "status"); });
  rd["geturl"] = in.make_builtin(
      "geturl", [](Interp& i, CallArgs& a) { return i.getattr(a.args.at(0), "url"); });
  rd["getheaders"] = in.make_builtin(
      "getheaders", [](Interp& i, CallArgs& a) { return i.getattr(a.args.at(0), "_headers"); });
  rd["getheader"] = in.make_builtin("getheader", [](Interp& i, CallArgs& a) {
    auto* name = a.args.size() > 1 ? a.args[1].as<StrObject>() : nullptr;
    if (!name) i.raise("TypeError", "getheader() needs a header name");
    for (const Value& h : i.iterate(i.getattr(a.args.at(0), "_headers"))) {
      const auto& kv = h.as<TupleObject>()->items;
      if (lower(kv[0].as<StrObject>()->text) == lower(name->text)) return kv[1];
    }
    return a.args.size() > 2 ? a.args[2] : Value();
  });
  rd["close"] = in.make_builtin("close", [](Interp& i, CallArgs& a) {
    ResponseBody& b = body_of(i, a.args.at(0));
    b.pos = b.bytes.size();
    return Value();
  });
  rd["__enter__"] = in.make_builtin("__enter__", [](Interp&, CallArgs& a) { return a.args.at(0); });
  rd["__exit__"] = in.make_builtin("__exit__", [](Interp& i, CallArgs& a) {
    body_of(i, a.args.at(0)).pos = body_of(i, a.args.at(0)).bytes.size();
    return Value();
  });
  client.as<ModuleObject>()->dict["HTTPResponse"] = response;
  modules["http.client"] = client;
  Value http(new ModuleObject("http"));
  http.as<ModuleObject>()->dict["client"] = client;
  modules["http"] = http;

  // urllib.request
  Value request(new ModuleObject("urllib.request"));
  request.as<ModuleObject>()->dict["urlopen"] = in.make_builtin(
      "urlopen", [response](Interp& i, CallArgs& a) { return urlopen(i, a, response); });
  modules["urllib.request"] = request;
  Value urllib(new ModuleObject("urllib"));
  urllib.as<ModuleObject>()->dict["request"] = request;
  urllib.as<ModuleObject>()->dict["error"] = error;
  modules["urllib"] = urllib;
}

}  // namespace coroscope::script
