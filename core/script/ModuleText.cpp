// ModuleText: the io module (StringIO) and the re module (over std::regex,
// ECMAScript grammar, which reads the common Python patterns the same way:
// classes, quantifiers, groups, anchors, lookahead). Named groups (?P<name>),
// \A, \Z and the DOTALL flag are translated; what std::regex cannot do raises
// re.error naming it. Offsets are in characters, as Python counts them.
#include <map>
#include <optional>
#include <regex>

#include "script/Interp.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

namespace {

// ---- io.StringIO

struct StringIo {
  std::string text;
  std::size_t pos = 0;  // a byte offset, always at a character boundary
  bool closed = false;
};

// ---- re

constexpr std::int64_t kIgnoreCase = 2, kMultiline = 8, kDotAll = 16, kVerbose = 64;

struct Pattern {
  std::string source;
  std::int64_t flags = 0;
  std::regex re;
  std::size_t groups = 0;
  std::map<std::string, std::size_t> names;
};

struct Match {
  std::shared_ptr<const Pattern> pattern;
  std::string subject;
  std::vector<std::optional<std::pair<std::size_t, std::size_t>>> spans;  // bytes
};

std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

const std::string& text_of(Interp& in, const Value& v, const char* what) {
  auto* s = v.as<StrObject>();
  if (!s) in.raise("TypeError", std::string(what) + " must be str, not " + type_name(v));
  return s->text;
}

[[noreturn]] void re_error(Interp& in, const std::string& message) {
  in.raise(in.call(in.getattr(in.import_module("re"), "error"), {str_value(message)}));
}

// translate(source, flags, p): Python's pattern as ECMAScript, counting the
// groups and naming the named ones.
std::string translate(Interp& in, const std::string& source, Pattern& p) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '\\' && i + 1 < source.size()) {
      const char n = source[i + 1];
      if (!in_class && n == 'A') {
        out += '^';
      } else if (!in_class && n == 'Z') {
        out += '$';
      } else {
        out += source.substr(i, 2);
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < source.size() && source[i + 1] == '^') out += source[++i];
      if (i + 1 < source.size() && source[i + 1] == ']') out += source[++i];
      continue;
    }
    if (c == '.' && (p.flags & kDotAll)) {
      out += "[\\s\\S]";
      continue;
    }
    if (c == '(') {
      if (source.compare(i, 4, "(?P<") == 0) {
        const std::size_t close = source.find('>', i);
        if (close == std::string::npos) re_error(in, "missing >, unterminated name");
        p.names[source.substr(i + 4, close - i - 4)] = ++p.groups;
        out += '(';
        i = close;
        continue;
      }
      if (source.compare(i, 4, "(?P=") == 0) {
        const std::size_t close = source.find(')', i);
        if (close == std::string::npos) re_error(in, "missing ), unterminated name");
        auto it = p.names.find(source.substr(i + 4, close - i - 4));
        if (it == p.names.end()) re_error(in, "unknown group name");
        out += "\\" + std::to_string(it->second);
        i = close;
        continue;
      }
      if (i + 1 < source.size() && source[i + 1] == '?') {
        const char k = i + 2 < source.size() ? source[i + 2] : '\0';
        if (k != ':' && k != '=' && k != '!') {
          re_error(in, std::string("the pattern construct (?") + k +
                           "...) is not supported by Coroscope scripts");
        }
      } else {
        ++p.groups;
      }
    }
    out += c;
  }
  return out;
}

std::shared_ptr<const Pattern> compile_pattern(Interp& in, const Value& pattern,
                                               std::int64_t flags) {
  if (auto* n = pattern.as<NativeObject>(); n && n->type == "Pattern") {
    return std::static_pointer_cast<const Pattern>(n->ptr);
  }
  auto p = std::make_shared<Pattern>();
  p->source = text_of(in, pattern, "pattern");
  p->flags = flags;
  if (flags & kVerbose) re_error(in, "re.VERBOSE is not supported by Coroscope scripts");
  auto syntax = std::regex::ECMAScript;
  if (flags & kIgnoreCase) syntax |= std::regex::icase;
  if (flags & kMultiline) syntax |= std::regex::multiline;
  try {
    p->re = std::regex(translate(in, p->source, *p), syntax);
  } catch (const std::regex_error& e) {
    re_error(in, std::string(e.what()) + " in pattern " + repr(pattern));
  }
  return p;
}

std::int64_t flags_arg(Interp& in, CallArgs& a, std::size_t pos) {
  const Value* f = a.args.size() > pos ? &a.args[pos] : a.kw("flags");
  if (!f) return 0;
  if (!f->is_int()) in.raise("TypeError", "flags must be an int");
  return f->as_int();
}

Value match_value(const std::shared_ptr<const Pattern>& p, const std::string& subject,
                  const std::smatch& m) {
  auto out = std::make_shared<Match>();
  out->pattern = p;
  out->subject = subject;
  for (std::size_t g = 0; g < m.size(); ++g) {
    if (m[g].matched) {
      out->spans.emplace_back(std::pair<std::size_t, std::size_t>(
          static_cast<std::size_t>(m.position(static_cast<int>(g))),
          static_cast<std::size_t>(m.position(static_cast<int>(g)) +
                                   m.length(static_cast<int>(g)))));
    } else {
      out->spans.emplace_back(std::nullopt);
    }
  }
  auto* obj = new NativeObject("Match", out);
  const auto [b, e] = *out->spans[0];
  obj->shown = "<re.Match object; span=(" + std::to_string(chars(subject.substr(0, b))) + ", " +
               std::to_string(chars(subject.substr(0, e))) +
               "), match=" + repr(str_value(subject.substr(b, e - b))) + ">";
  return Value(obj);
}

enum class Anchor { Search, Start, Whole };

Value find(Interp& in, CallArgs& a, Anchor anchor, bool bound) {
  const std::size_t base = bound ? 1 : 0;
  auto p = bound ? std::static_pointer_cast<const Pattern>(a.args[0].as<NativeObject>()->ptr)
                 : compile_pattern(in, a.args.at(0), flags_arg(in, a, 2));
  const std::string& s = text_of(in, a.args.at(base + (bound ? 0 : 1)), "string");
  std::smatch m;
  bool hit = false;
  if (anchor == Anchor::Whole) {
    hit = std::regex_match(s, m, p->re);
  } else {
    hit = std::regex_search(s, m, p->re,
                            anchor == Anchor::Start ? std::regex_constants::match_continuous
                                                    : std::regex_constants::match_default);
  }
  return hit ? match_value(p, s, m) : Value();
}

// expand(template, m): the replacement for one match: \1, \g<1>, \g<name>, \n...
std::string expand(Interp& in, const std::string& t, const Pattern& p, const std::smatch& m) {
  std::string out;
  auto group = [&](std::size_t g) {
    if (g >= m.size()) re_error(in, "invalid group reference " + std::to_string(g));
    out += m[static_cast<int>(g)].str();
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\\' || i + 1 == t.size()) {
      out += t[i];
      continue;
    }
    const char c = t[++i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t g = static_cast<std::size_t>(c - '0');
      if (i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]))) {
        g = g * 10 + static_cast<std::size_t>(t[++i] - '0');
      }
      group(g);
    } else if (c == 'g' && i + 1 < t.size() && t[i + 1] == '<') {
      const std::size_t close = t.find('>', i);
      if (close == std::string::npos) re_error(in, "missing >, unterminated name");
      const std::string name = t.substr(i + 2, close - i - 2);
      if (auto it = p.names.find(name); it != p.names.end()) {
        group(it->second);
      } else if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
        group(std::stoul(name));
      } else {
        in.raise("IndexError", "unknown group name '" + name + "'");
      }
      i = close;
    } else if (c == 'n') {
      out += '\n';
    } else if (c == 't') {
      out += '\t';
    } else if (c == '\\') {
      out += '\\';
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      re_error(in, std::string("bad escape \\") + c);
    } else {
      out += '\\';
      out += c;
    }
  }
  return out;
}

// substitute(a, bound, with_count): sub() and subn().
Value substitute(Interp& in, CallArgs& a, bool bound, bool with_count) {
  const std::size_t base = bound ? 1 : 0;
  auto p = bound ? std::static_pointer_cast<const Pattern>(a.args[0].as<NativeObject>()->ptr)
                 : compile_pattern(in, a.args.at(0), flags_arg(in, a, 4));
  const Value repl = a.args.at(base + (bound ? 0 : 1));
  const std::string& s = text_of(in, a.args.at(base + (bound ? 1 : 2)), "string");
  std::int64_t limit = 0;
  if (a.args.size() > base + (bound ? 2 : 3)) limit = a.args[base + (bound ? 2 : 3)].as_int();
  if (const Value* c = a.kw("count")) limit = c->as_int();
  std::string out;
  std::int64_t n = 0;
  auto last = s.cbegin();
  for (std::sregex_iterator it(s.begin(), s.end(), p->re), end; it != end; ++it) {
    if (limit > 0 && n == limit) break;
    const std::smatch& m = *it;
    out.append(last, m[0].first);
    if (repl.as<StrObject>()) {
      out += expand(in, repl.as<StrObject>()->text, *p, m);
    } else {
      out += text_of(in, in.call(repl, {match_value(p, s, m)}), "the replacement");
    }
    last = m[0].second;
    ++n;
  }
  out.append(last, s.cend());
  if (with_count) return Value(make_tuple({str_value(out), Value::integer(n)}));
  return str_value(out);
}

Value findall(Interp& in, CallArgs& a, bool bound) {
  const std::size_t base = bound ? 1 : 0;
  auto p = bound ? std::static_pointer_cast<const Pattern>(a.args[0].as<NativeObject>()->ptr)
                 : compile_pattern(in, a.args.at(0), flags_arg(in, a, 2));
  const std::string& s = text_of(in, a.args.at(base + (bound ? 0 : 1)), "string");
  std::vector<Value> items;
  for (std::sregex_iterator it(s.begin(), s.end(), p->re), end; it != end; ++it) {
    const std::smatch& m = *it;
    if (m.size() == 1) {
      items.push_back(str_value(m[0].str()));
    } else if (m.size() == 2) {
      items.push_back(str_value(m[1].str()));
    } else {
      std::vector<Value> groups;
      for (std::size_t g = 1; g < m.size(); ++g)
        groups.push_back(str_value(m[static_cast<int>(g)].str()));
      items.push_back(Value(make_tuple(std::move(groups))));
    }
  }
  return Value(make_list(std::move(items)));
}

Value split(Interp& in, CallArgs& a, bool bound) {
  const std::size_t base = bound ? 1 : 0;
  auto p = bound ? std::static_pointer_cast<const Pattern>(a.args[0].as<NativeObject>()->ptr)
                 : compile_pattern(in, a.args.at(0), flags_arg(in, a, 3));
  const std::string& s = text_of(in, a.args.at(base + (bound ? 0 : 1)), "string");
  std::int64_t limit = 0;
  if (a.args.size() > base + (bound ? 1 : 2)) limit = a.args[base + (bound ? 1 : 2)].as_int();
  if (const Value* c = a.kw("maxsplit")) limit = c->as_int();
  std::vector<Value> items;
  auto last = s.cbegin();
  std::int64_t n = 0;
  for (std::sregex_iterator it(s.begin(), s.end(), p->re), end; it != end; ++it) {
    if (limit > 0 && n == limit) break;
    const std::smatch& m = *it;
    if (m[0].length() == 0 && m[0].first == s.cbegin()) continue;
    items.push_back(str_value(std::string(last, m[0].first)));
    for (std::size_t g = 1; g < m.size(); ++g) {
      items.push_back(m[static_cast<int>(g)].matched ? str_value(m[static_cast<int>(g)].str())
                                                     : Value());
    }
    last = m[0].second;
    ++n;
  }
  items.push_back(str_value(std::string(last, s.cend())));
  return Value(make_list(std::move(items)));
}

}  // namespace

void Interp::install_text_modules() {
  {
    Value m(new ModuleObject("io"));
    m.as<ModuleObject>()->dict["StringIO"] = make_builtin("StringIO", [](Interp& in, CallArgs& a) {
      auto state = std::make_shared<StringIo>();
      const Value* initial = a.args.empty() ? a.kw("initial_value") : &a.args[0];
      if (initial && !initial->is_none()) state->text = text_of(in, *initial, "initial_value");
      auto* obj = new NativeObject("StringIO", state);
      char buf[64];
      std::snprintf(buf, sizeof buf, "<_io.StringIO object at %p>", static_cast<void*>(obj));
      obj->shown = buf;
      return Value(obj);
    });
    modules_["io"] = m;
  }
  {
    Value m(new ModuleObject("re"));
    auto& d = m.as<ModuleObject>()->dict;
    auto* error = new ClassObject();
    error->name = "error";
    error->module = "re";
    error->bases = {builtins_.at("Exception")};
    d["error"] = Value(error);
    for (auto [name, value] : {std::pair{"I", kIgnoreCase},
                               {"IGNORECASE", kIgnoreCase},
                               {"M", kMultiline},
                               {"MULTILINE", kMultiline},
                               {"S", kDotAll},
                               {"DOTALL", kDotAll},
                               {"X", kVerbose},
                               {"VERBOSE", kVerbose}}) {
      d[name] = Value::integer(value);
    }
    d["compile"] = make_builtin("compile", [](Interp& in, CallArgs& a) {
      auto p = compile_pattern(in, a.args.at(0), flags_arg(in, a, 1));
      auto* obj = new NativeObject("Pattern", std::const_pointer_cast<Pattern>(p));
      std::string flags;
      for (auto [bit, text] : {std::pair{kIgnoreCase, "re.IGNORECASE"},
                               {kMultiline, "re.MULTILINE"},
                               {kDotAll, "re.DOTALL"}}) {
        if (p->flags & bit) flags += (flags.empty() ? ", " : "|") + std::string(text);
      }
      obj->shown = "re.compile(" + repr(str_value(p->source)) + flags + ")";
      return Value(obj);
    });
    d["search"] = make_builtin(
        "search", [](Interp& in, CallArgs& a) { return find(in, a, Anchor::Search, false); });
    d["match"] = make_builtin(
        "match", [](Interp& in, CallArgs& a) { return find(in, a, Anchor::Start, false); });
    d["fullmatch"] = make_builtin(
        "fullmatch", [](Interp& in, CallArgs& a) { return find(in, a, Anchor::Whole, false); });
    d["sub"] = make_builtin(
        "sub", [](Interp& in, CallArgs& a) { return substitute(in, a, false, false); });
    d["subn"] = make_builtin(
        "subn", [](Interp& in, CallArgs& a) { return substitute(in, a, false, true); });
    d["findall"] =
        make_builtin("findall", [](Interp& in, CallArgs& a) { return findall(in, a, false); });
    d["split"] = make_builtin("split", [](Interp& in, CallArgs& a) { return split(in, a, false); });
    d["escape"] = make_builtin("escape", [](Interp& in, CallArgs& a) {
      std::string out;
      for (char c : text_of(in, a.args.at(0), "pattern")) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' &&
            static_cast<unsigned char>(c) < 0x80) {
          out += '\\';
        }
        out += c;
      }
      return str_value(out);
    });
    modules_["re"] = m;
  }
}

Value Interp::text_attr(const Value& obj, const std::string& name) {
  auto* n = obj.as<NativeObject>();
  auto method = [&](const char* m, BuiltinFn fn) { return make_builtin(m, std::move(fn), obj); };
  if (n->type == "StringIO") {
    auto io = [](CallArgs& a) {
      return static_cast<StringIo*>(a.args[0].as<NativeObject>()->ptr.get());
    };
    auto open = [io](Interp& in, CallArgs& a) {
      StringIo* s = io(a);
      if (s->closed) in.raise("ValueError", "I/O operation on closed file");
      return s;
    };
    if (name == "closed") return Value::boolean(static_cast<StringIo*>(n->ptr.get())->closed);
    if (name == "write") {
      return method("write", [open](Interp& in, CallArgs& a) {
        StringIo* s = open(in, a);
        const std::string& t = text_of(in, a.args.at(1), "string argument");
        s->text.replace(s->pos, std::min(t.size(), s->text.size() - s->pos), t);
        s->pos += t.size();
        return Value::integer(static_cast<std::int64_t>(chars(t)));
      });
    }
    if (name == "getvalue") {
      return method("getvalue",
                    [open](Interp& in, CallArgs& a) { return str_value(open(in, a)->text); });
    }
    if (name == "read" || name == "readline") {
      const bool line = name == "readline";
      return method(name.c_str(), [open, line](Interp& in, CallArgs& a) {
        StringIo* s = open(in, a);
        std::size_t end = s->text.size();
        if (line) {
          const std::size_t nl = s->text.find('\n', s->pos);
          if (nl != std::string::npos) end = nl + 1;
        }
        std::string out = s->text.substr(s->pos, end - s->pos);
        s->pos = end;
        return str_value(out);
      });
    }
    if (name == "seek" || name == "tell") {
      const bool seek = name == "seek";
      return method(name.c_str(), [open, seek](Interp& in, CallArgs& a) {
        StringIo* s = open(in, a);
        if (seek) {
          const std::int64_t to = a.args.at(1).as_int();
          if (to < 0) in.raise("ValueError", "Negative seek position " + std::to_string(to));
          s->pos = std::min(static_cast<std::size_t>(to), s->text.size());
        }
        return Value::integer(static_cast<std::int64_t>(chars(s->text.substr(0, s->pos))));
      });
    }
    if (name == "close") {
      return method("close", [io](Interp&, CallArgs& a) {
        io(a)->closed = true;
        return Value();
      });
    }
  } else if (n->type == "Pattern") {
    const auto* p = static_cast<const Pattern*>(n->ptr.get());
    if (name == "pattern") return str_value(p->source);
    if (name == "flags") return Value::integer(p->flags);
    if (name == "groups") return Value::integer(static_cast<std::int64_t>(p->groups));
    if (name == "search" || name == "match" || name == "fullmatch") {
      const Anchor anchor = name == "search"  ? Anchor::Search
                            : name == "match" ? Anchor::Start
                                              : Anchor::Whole;
      return method(name.c_str(),
                    [anchor](Interp& in, CallArgs& a) { return find(in, a, anchor, true); });
    }
    if (name == "sub" || name == "subn") {
      const bool count = name == "subn";
      return method(name.c_str(),
                    [count](Interp& in, CallArgs& a) { return substitute(in, a, true, count); });
    }
    if (name == "findall") {
      return method("findall", [](Interp& in, CallArgs& a) { return findall(in, a, true); });
    }
    if (name == "split") {
      return method("split", [](Interp& in, CallArgs& a) { return split(in, a, true); });
    }
  } else if (n->type == "Match") {
    const auto* m = static_cast<const Match*>(n->ptr.get());
    auto index = [](Interp& in, const Match& mt, const Value& g) -> std::size_t {
      if (auto* s = g.as<StrObject>()) {
        auto it = mt.pattern->names.find(s->text);
        if (it == mt.pattern->names.end()) in.raise("IndexError", "no such group");
        return it->second;
      }
      if (!g.is_int() || g.as_int() < 0 ||
          static_cast<std::size_t>(g.as_int()) >= mt.spans.size()) {
        in.raise("IndexError", "no such group");
      }
      return static_cast<std::size_t>(g.as_int());
    };
    auto group = [](const Match& mt, std::size_t g) -> Value {
      if (!mt.spans[g]) return Value();
      const auto [b, e] = *mt.spans[g];
      return str_value(mt.subject.substr(b, e - b));
    };
    auto self = [](CallArgs& a) {
      return static_cast<const Match*>(a.args[0].as<NativeObject>()->ptr.get());
    };
    if (name == "string") return str_value(m->subject);
    if (name == "group") {
      return method("group", [index, group, self](Interp& in, CallArgs& a) -> Value {
        const Match& mt = *self(a);
        if (a.args.size() <= 2) return group(mt, a.args.size() == 2 ? index(in, mt, a.args[1]) : 0);
        std::vector<Value> out;
        for (std::size_t i = 1; i < a.args.size(); ++i)
          out.push_back(group(mt, index(in, mt, a.args[i])));
        return Value(make_tuple(std::move(out)));
      });
    }
    if (name == "groups") {
      return method("groups", [group, self](Interp&, CallArgs& a) {
        const Match& mt = *self(a);
        const Value dflt = a.args.size() > 1 ? a.args[1] : Value();
        std::vector<Value> out;
        for (std::size_t g = 1; g < mt.spans.size(); ++g)
          out.push_back(mt.spans[g] ? group(mt, g) : dflt);
        return Value(make_tuple(std::move(out)));
      });
    }
    if (name == "groupdict") {
      return method("groupdict", [group, self](Interp&, CallArgs& a) {
        const Match& mt = *self(a);
        Value d(make_dict());
        for (const auto& [k, g] : mt.pattern->names)
          d.as<DictObject>()->set(str_value(k), group(mt, g));
        return d;
      });
    }
    if (name == "start" || name == "end" || name == "span") {
      const int which = name == "start" ? 0 : name == "end" ? 1 : 2;
      return method(name.c_str(), [index, self, which](Interp& in, CallArgs& a) -> Value {
        const Match& mt = *self(a);
        const std::size_t g = a.args.size() > 1 ? index(in, mt, a.args[1]) : 0;
        std::int64_t b = -1, e = -1;
        if (mt.spans[g]) {
          b = static_cast<std::int64_t>(
              chars(std::string_view(mt.subject).substr(0, mt.spans[g]->first)));
          e = static_cast<std::int64_t>(
              chars(std::string_view(mt.subject).substr(0, mt.spans[g]->second)));
        }
        if (which == 0) return Value::integer(b);
        if (which == 1) return Value::integer(e);
        return Value(make_tuple({Value::integer(b), Value::integer(e)}));
      });
    }
  }
  raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name + "'");
}

}  // namespace coroscope::script
