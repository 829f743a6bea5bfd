#pragma once
// SocketSupport: the script socket object (ModuleSocket.cpp) as other modules
// use it (urllib.request in ModuleUrllib.cpp). A socket is a NativeObject of
// type "socket". A cooperative one (gevent's, or the socket module's after
// gevent.monkey.patch_all()) parks only its greenlet on the hub while it
// waits; a blocking one (the socket module's before patching) blocks the
// whole thread, hub and every greenlet with it, as CPython's does.
//
//   Value s = new_socket(in, in.time_patched());
//   socket_connect(in, s, "127.0.0.1", 8080);   // OSError subclasses as CPython raises them
//   socket_sendall(in, s, "GET / HTTP/1.1\r\n\r\n");
//   std::string got = socket_recv(in, s, 4096);  // "" at the end of the stream
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "script/Interp.hpp"

namespace coroscope::script {

Value new_socket(Interp& in, bool cooperative);
void socket_connect(Interp& in, const Value& sock, const std::string& host, int port);
void socket_sendall(Interp& in, const Value& sock, std::string_view data);
std::string socket_recv(Interp& in, const Value& sock, std::size_t max);
void socket_close(const Value& sock);
// raise_os_error(in, err): OSError(err, strerror(err)), or the subclass CPython
// picks for err (ConnectionRefusedError for ECONNREFUSED...).
[[noreturn]] void raise_os_error(Interp& in, int err);
// install_urllib(in, modules): urllib, urllib.request, urllib.error and
// http.client (ModuleUrllib.cpp), into the interpreter's modules.
void install_urllib(Interp& in, std::unordered_map<std::string, Value>& modules);
// make_exception(cls, args): an instance of the exception class cls with args.
Value make_exception(const Value& cls, std::vector<Value> args);

}  // namespace coroscope::script
