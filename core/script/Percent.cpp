#include "script/Percent.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "script/Format.hpp"
#include "script/Object.hpp"

namespace coroscope::script {

namespace {

// Args hands out the arguments in order: a tuple's items, or the one value.
class Args {
 public:
  explicit Args(const Value& args) {
    if (TupleObject* t = args.as<TupleObject>()) {
      items_ = t->items;
    } else {
      items_.push_back(args);
    }
  }
  const Value* next() { return pos_ < items_.size() ? &items_[pos_++] : nullptr; }
  bool all_used() const { return pos_ >= items_.size(); }

 private:
  std::vector<Value> items_;
  std::size_t pos_ = 0;
};

PercentResult fail(std::string type, std::string message) {
  return {{}, std::move(type), std::move(message)};
}

bool is_real(const Value& v) {
  return v.is_bool() || v.is_int() || v.is_float();
}

}  // namespace

PercentResult percent_format(std::string_view f, const Value& args) {
  DictObject* mapping = args.as<DictObject>();
  Args list(args);
  bool used_mapping = false;
  std::string out;
  std::size_t i = 0;
  while (i < f.size()) {
    if (f[i] != '%') {
      out += f[i++];
      continue;
    }
    const std::size_t start = i++;
    if (i >= f.size()) return fail("ValueError", "incomplete format");
    const Value* arg = nullptr;
    Value keyed;
    if (f[i] == '(') {
      if (!mapping) return fail("TypeError", "format requires a mapping");
      int depth = 1;
      const std::size_t key_start = ++i;
      while (i < f.size() && depth) {
        if (f[i] == '(') ++depth;
        if (f[i] == ')') --depth;
        ++i;
      }
      if (depth) return fail("ValueError", "incomplete format key");
      const std::string key(f.substr(key_start, i - 1 - key_start));
      std::optional<Value> found = mapping->get(Value(make_str(key)));
      if (!found) return fail("KeyError", "'" + key + "'");
      keyed = *found;
      arg = &keyed;
      used_mapping = true;
    }
    FormatSpec spec;
    spec.align = '>';
    bool left = false, zero = false;
    for (; i < f.size(); ++i) {
      const char c = f[i];
      if (c == '-') {
        left = true;
      } else if (c == '+') {
        spec.sign = '+';
      } else if (c == ' ') {
        if (spec.sign != '+') spec.sign = ' ';
      } else if (c == '#') {
        spec.alternate = true;
      } else if (c == '0') {
        zero = true;
      } else {
        break;
      }
    }
    auto number = [&](int& value) -> std::string {
      if (i < f.size() && f[i] == '*') {
        ++i;
        const Value* w = list.next();
        if (!w) return "not enough arguments for format string";
        if (!w->is_int() && !w->is_bool()) return "* wants int";
        value = static_cast<int>(w->as_int());
        return {};
      }
      long v = -1;
      while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
        v = (v < 0 ? 0 : v * 10) + (f[i++] - '0');
        if (v > 1'000'000) return "width too big";
      }
      if (v >= 0) value = static_cast<int>(v);
      return {};
    };
    if (std::string e = number(spec.width); !e.empty()) return fail("TypeError", e);
    if (spec.width < -1) {  // a negative * width means left-justify
      left = true;
      spec.width = -spec.width;
    }
    if (i < f.size() && f[i] == '.') {
      ++i;
      spec.precision = 0;
      if (std::string e = number(spec.precision); !e.empty()) return fail("TypeError", e);
    }
    while (i < f.size() && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) ++i;
    if (i >= f.size()) return fail("ValueError", "incomplete format");
    const char conv = f[i++];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (left) {
      spec.align = '<';
    } else if (zero && conv != 's' && conv != 'r' && conv != 'a' && conv != 'c') {
      spec.zero = true;
      spec.fill = "0";
      spec.align = 0;
    }
    if (!arg) {
      arg = list.next();
      if (!arg) return fail("TypeError", "not enough arguments for format string");
    }
    const Value& v = *arg;
    Formatted piece;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        spec.type = 0;
        piece = format_str(conv == 's' ? str(v) : repr(v), [&] {
          FormatSpec s = spec;
          s.sign = '-';
          s.alternate = false;
          return s;
        }());
        break;
      }
      case 'd':
      case 'i':
      case 'u': {
        if (!is_real(v)) {
          return fail("TypeError", std::string("%") + conv +
                                       " format: a real number is required, not " +
                                       std::string(type_name(v)));
        }
        if (v.is_float() && !std::isfinite(v.as_float())) {
          return fail(std::isnan(v.as_float()) ? "ValueError" : "OverflowError",
                      std::isnan(v.as_float()) ? "cannot convert float NaN to integer"
                                               : "cannot convert float infinity to integer");
        }
        const std::int64_t n =
            v.is_float() ? static_cast<std::int64_t>(std::trunc(v.as_float())) : v.as_int();
        if (spec.precision < 0) {
          spec.type = 'd';
          piece = format_int(n, spec);
          break;
        }
        // "%.3d": at least that many digits.
        const std::uint64_t mag =
            n < 0 ? ~static_cast<std::uint64_t>(n) + 1 : static_cast<std::uint64_t>(n);
        std::string digits = std::to_string(mag);
        if (digits.size() < static_cast<std::size_t>(spec.precision)) {
          digits.insert(0, static_cast<std::size_t>(spec.precision) - digits.size(), '0');
        }
        const std::string sign = n < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
        if (spec.zero && spec.width > 0 &&
            sign.size() + digits.size() < static_cast<std::size_t>(spec.width)) {
          digits.insert(0, static_cast<std::size_t>(spec.width) - sign.size() - digits.size(), '0');
        }
        FormatSpec pad;
        pad.align = spec.align ? spec.align : '>';
        pad.width = spec.width;
        piece = format_str(sign + digits, pad);
        break;
      }
      case 'x':
      case 'X':
      case 'o': {
        if (!v.is_int() && !v.is_bool()) {
          return fail("TypeError", std::string("%") + conv +
                                       " format: an integer is required, not " +
                                       std::string(type_name(v)));
        }
        spec.type = conv;
        spec.precision = -1;
        piece = format_int(v.as_int(), spec);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!is_real(v)) {
          return fail("TypeError", "must be real number, not " + std::string(type_name(v)));
        }
        spec.type = conv;
        piece = format_float(v.is_float() ? v.as_float() : static_cast<double>(v.as_int()), spec);
        break;
      }
      case 'c': {
        spec.sign = '-';
        if (StrObject* s = v.as<StrObject>()) {
          if (utf8_length(s->text) != 1) return fail("TypeError", "%c requires int or char");
          piece = format_str(s->text, spec);
        } else if (v.is_int() || v.is_bool()) {
          if (v.as_int() < 0 || v.as_int() > 0x10ffff) {
            return fail("OverflowError", "%c arg not in range(0x110000)");
          }
          spec.type = 'c';
          piece = format_int(v.as_int(), spec);
        } else {
          return fail("TypeError", "%c requires int or char");
        }
        break;
      }
      default: {
        char buf[96];
        std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                      conv, static_cast<unsigned char>(conv), i - 1);
        return fail("ValueError", buf);
      }
    }
    if (!piece.ok()) return fail("ValueError", piece.error);
    out += piece.text;
    (void)start;
  }
  if (!mapping && !used_mapping && !list.all_used()) {
    return fail("TypeError", "not all arguments converted during string formatting");
  }
  return {out, {}, {}};
}

}  // namespace coroscope::script
