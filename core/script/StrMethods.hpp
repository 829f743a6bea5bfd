#pragma once
// StrMethods: the methods of Python's str that work on text alone, as CPython
// 3.11 does them. Strings are UTF-8; indexes (find's result, start and end
// arguments) count code points, as Python's do. Case mapping and the is*()
// tests know ASCII only: other characters keep their case and count as
// neither letters nor digits (Python's full Unicode tables are not here).
//
//   split("  a b\tc  ")            // {"a", "b", "c"}
//   split("a,b,,c", ",")           // {"a", "b", "", "c"}
//   find("héllo", "l")             // 2
//   center("ab", 7, "*")           // "***ab**"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coroscope::script {

using Strings = std::vector<std::string>;

// sep empty (std::nullopt) splits on runs of whitespace; maxsplit < 0: no limit.
// A given sep must not be empty (the caller raises "empty separator").
Strings split(std::string_view s, std::optional<std::string_view> sep = {}, long maxsplit = -1);
Strings rsplit(std::string_view s, std::optional<std::string_view> sep = {}, long maxsplit = -1);
Strings splitlines(std::string_view s, bool keepends = false);
std::string strip(std::string_view s, std::optional<std::string_view> chars = {});
std::string lstrip(std::string_view s, std::optional<std::string_view> chars = {});
std::string rstrip(std::string_view s, std::optional<std::string_view> chars = {});
std::string replace(std::string_view s, std::string_view old, std::string_view with,
                    long count = -1);

// Start and end are Python's optional slice bounds (negative from the end).
struct Bounds {
  std::optional<std::int64_t> start, end;
};
std::int64_t find(std::string_view s, std::string_view sub, Bounds b = {});
std::int64_t rfind(std::string_view s, std::string_view sub, Bounds b = {});
std::int64_t count(std::string_view s, std::string_view sub, Bounds b = {});
bool startswith(std::string_view s, std::string_view prefix, Bounds b = {});
bool endswith(std::string_view s, std::string_view suffix, Bounds b = {});

std::string center(std::string_view s, std::int64_t width, std::string_view fill = " ");
std::string ljust(std::string_view s, std::int64_t width, std::string_view fill = " ");
std::string rjust(std::string_view s, std::int64_t width, std::string_view fill = " ");
std::string zfill(std::string_view s, std::int64_t width);
// partition(s, sep): {before, sep, after}, or {s, "", ""} (rpartition: {"", "", s}).
Strings partition(std::string_view s, std::string_view sep);
Strings rpartition(std::string_view s, std::string_view sep);

std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string capitalize(std::string_view s);
std::string title(std::string_view s);
std::string swapcase(std::string_view s);
bool isdigit(std::string_view s);
bool isalpha(std::string_view s);
bool isalnum(std::string_view s);
bool isspace(std::string_view s);
bool isupper(std::string_view s);
bool islower(std::string_view s);

// reversed(s) is s[::-1], by code points.
std::string reversed(std::string_view s);

}  // namespace coroscope::script
