#include "script/StrFormat.hpp"

#include <cctype>

#include "script/Format.hpp"
#include "script/Object.hpp"

namespace coroscope::script {

namespace {

FormatResult error(std::string type, std::string message) {
  return {{}, std::move(type), std::move(message)};
}

FormatResult from(Formatted f) {
  if (!f.ok()) return error("ValueError", f.error);
  return {std::move(f.text), {}, {}};
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

FormatResult format_value(const Value& v, std::string_view spec) {
  const bool is_str = v.as<StrObject>() != nullptr;
  if (v.is_int() || (v.is_bool() && !spec.empty())) {
    FormatSpec s;
    if (std::string e = parse_format_spec(spec, "int", s); !e.empty())
      return error("ValueError", e);
    return from(format_int(v.as_int(), s));
  }
  if (v.is_float()) {
    FormatSpec s;
    if (std::string e = parse_format_spec(spec, "float", s); !e.empty()) {
      return error("ValueError", e);
    }
    return from(format_float(v.as_float(), s));
  }
  if (is_str) {
    FormatSpec s;
    if (std::string e = parse_format_spec(spec, "str", s); !e.empty())
      return error("ValueError", e);
    return from(format_str(v.as<StrObject>()->text, s));
  }
  if (!spec.empty()) {
    return error("TypeError", "unsupported format string passed to " + std::string(type_name(v)) +
                                  ".__format__");
  }
  return {str(v), {}, {}};
}

namespace {

enum class Numbering { Unknown, Auto, Manual };

// Fields: the numbering state shared by a format string and the fields nested
// in its specs ("{:{}}" takes the next automatic index).
struct Fields {
  Numbering numbering = Numbering::Unknown;
  std::size_t next_auto = 0;
};

FormatResult brace_format(std::string_view fmt, const std::vector<Value>& args,
                          const DictObject* kwargs, const GetAttr& getattr, Fields& fields,
                          int depth);

}  // namespace

FormatResult brace_format(std::string_view fmt, const std::vector<Value>& args,
                          const DictObject* kwargs, const GetAttr& getattr) {
  Fields fields;
  return brace_format(fmt, args, kwargs, getattr, fields, 0);
}

namespace {

FormatResult brace_format(std::string_view fmt, const std::vector<Value>& args,
                          const DictObject* kwargs, const GetAttr& getattr, Fields& fields,
                          int depth) {
  if (depth > 1) return error("ValueError", "Max string recursion exceeded");
  std::string out;
  Numbering& numbering = fields.numbering;
  std::size_t& next_auto = fields.next_auto;

  // field(text, out_value): resolves "0", "name", "0[1].x" to a value.
  auto field = [&](std::string_view text, Value& value) -> FormatResult {
    std::size_t end = 0;
    while (end < text.size() && text[end] != '.' && text[end] != '[') ++end;
    const std::string_view first = text.substr(0, end);
    if (first.empty()) {
      if (numbering == Numbering::Manual) {
        return error("ValueError",
                     "cannot switch from manual field specification to automatic field numbering");
      }
      numbering = Numbering::Auto;
      const std::size_t index = next_auto++;
      if (index >= args.size()) {
        return error("IndexError", "Replacement index " + std::to_string(index) +
                                       " out of range for positional args tuple");
      }
      value = args[index];
    } else if (all_digits(first)) {
      if (numbering == Numbering::Auto) {
        return error("ValueError",
                     "cannot switch from automatic field numbering to manual field specification");
      }
      numbering = Numbering::Manual;
      const std::size_t index = std::stoul(std::string(first));
      if (index >= args.size()) {
        return error("IndexError", "Replacement index " + std::to_string(index) +
                                       " out of range for positional args tuple");
      }
      value = args[index];
    } else {
      std::optional<Value> found;
      if (kwargs) found = kwargs->get(Value(make_str(std::string(first))));
      if (!found) return error("KeyError", "'" + std::string(first) + "'");
      value = *found;
    }
    while (end < text.size()) {
      if (text[end] == '.') {
        std::size_t stop = end + 1;
        while (stop < text.size() && text[stop] != '.' && text[stop] != '[') ++stop;
        const std::string_view name = text.substr(end + 1, stop - end - 1);
        if (name.empty()) return error("ValueError", "Empty attribute in format string");
        if (!getattr) {
          return error("AttributeError", "'" + std::string(type_name(value)) +
                                             "' object has no attribute '" + std::string(name) +
                                             "'");
        }
        Value next;
        if (FormatResult r = getattr(value, name, next); !r.ok()) return r;
        value = next;
        end = stop;
      } else {  // [key]
        const std::size_t close = text.find(']', end);
        if (close == std::string_view::npos)
          return error("ValueError", "Missing ']' in format string");
        const std::string_view key = text.substr(end + 1, close - end - 1);
        if (key.empty()) return error("ValueError", "Empty attribute in format string");
        Value next;
        if (DictObject* d = value.as<DictObject>()) {
          Value k = all_digits(key) ? Value::integer(std::stoll(std::string(key)))
                                    : Value(make_str(std::string(key)));
          std::optional<Value> found = d->get(k);
          if (!found) return error("KeyError", repr(k));
          next = *found;
        } else if (all_digits(key) && (value.as<ListObject>() || value.as<TupleObject>())) {
          const auto& items = value.as<ListObject>() ? value.as<ListObject>()->items
                                                     : value.as<TupleObject>()->items;
          const std::size_t i = std::stoul(std::string(key));
          if (i >= items.size()) {
            return error("IndexError", value.as<ListObject>() ? "list index out of range"
                                                              : "tuple index out of range");
          }
          next = items[i];
        } else {
          return error("TypeError",
                       "'" + std::string(type_name(value)) + "' object is not subscriptable");
        }
        value = next;
        end = close + 1;
        if (end < text.size() && text[end] != '.' && text[end] != '[') {
          return error("ValueError", "Only '.' or '[' may follow ']' in format field specifier");
        }
      }
    }
    return {};
  };

  std::size_t i = 0;
  while (i < fmt.size()) {
    const char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}';
        i += 2;
        continue;
      }
      return error("ValueError", "Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      i += 2;
      continue;
    }
    // A replacement field: find its matching '}' (specs may nest one level).
    std::size_t j = i + 1;
    int open = 1;
    while (j < fmt.size() && open) {
      if (fmt[j] == '{') ++open;
      if (fmt[j] == '}') --open;
      if (open) ++j;
    }
    if (j >= fmt.size()) {
      return error("ValueError", i + 1 >= fmt.size() ? "Single '{' encountered in format string"
                                                     : "expected '}' before end of string");
    }
    const std::string_view inner = fmt.substr(i + 1, j - i - 1);
    i = j + 1;
    std::size_t name_end = 0;
    int bracket = 0;
    while (name_end < inner.size()) {
      const char d = inner[name_end];
      if (d == '[') ++bracket;
      if (d == ']') --bracket;
      if (!bracket && (d == '!' || d == ':')) break;
      ++name_end;
    }
    const std::string_view name = inner.substr(0, name_end);
    char conversion = 0;
    std::string_view spec;
    std::size_t k = name_end;
    if (k < inner.size() && inner[k] == '!') {
      if (k + 1 >= inner.size()) {
        return error("ValueError", "end of string while looking for conversion specifier");
      }
      conversion = inner[k + 1];
      k += 2;
      if (k < inner.size() && inner[k] != ':') {
        return error("ValueError", "expected ':' after conversion specifier");
      }
    }
    if (k < inner.size() && inner[k] == ':') spec = inner.substr(k + 1);
    Value value;
    if (FormatResult r = field(name, value); !r.ok()) return r;
    if (conversion == 'r' || conversion == 'a') {
      value = Value(make_str(repr(value)));
    } else if (conversion == 's') {
      value = Value(make_str(str(value)));
    } else if (conversion) {
      return error("ValueError", std::string("Unknown conversion specifier ") + conversion);
    }
    // Nested fields in the spec ("{:{width}}") are formatted first.
    std::string resolved_spec(spec);
    if (resolved_spec.find('{') != std::string::npos) {
      FormatResult nested = brace_format(resolved_spec, args, kwargs, getattr, fields, depth + 1);
      if (!nested.ok()) return nested;
      resolved_spec = nested.text;
    }
    FormatResult piece = format_value(value, resolved_spec);
    if (!piece.ok()) return piece;
    out += piece.text;
  }
  return {out, {}, {}};
}

}  // namespace

}  // namespace coroscope::script
