#include "sql/jdbc_url.h"

#include <cctype>
#include <charconv>
#include <string>

#include "core/ascii_case.h"

namespace drdrill::sql {
namespace {

constexpr std::string_view kPrefix = "jdbc:sqlserver://";
constexpr Duration kDriverDefaultLoginTimeout = 15s;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

std::optional<int> parse_int(std::string_view s) {
  int value = 0;
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end || s.empty()) return std::nullopt;
  return value;
}

Status bad(std::string_view text, const std::string& what) {
  return Status::InvalidArgument("JDBC URL '" + std::string(text) + "': " + what);
}

bool valid_host(std::string_view host) {
  for (char c : host) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

Result<int> parse_port(std::string_view url, std::string_view text) {
  auto port = parse_int(text);
  if (!port || *port < 1 || *port > 65535) {
    return bad(url, "port '" + std::string(text) + "' is not a number between 1 and 65535");
  }
  return *port;
}

}  // namespace

std::string canonical_jdbc_key(std::string_view key) {
  std::string k = ascii_lower(trim(key));
  if (k == "database") return "databasename";
  if (k == "username") return "user";
  if (k == "port") return "portnumber";
  return k;
}

std::optional<std::string> JdbcUrl::property(std::string_view key) const {
  auto it = properties.find(canonical_jdbc_key(key));
  if (it == properties.end()) return std::nullopt;
  return it->second;
}

std::string JdbcUrl::database() const { return property("databaseName").value_or(""); }
std::string JdbcUrl::user() const { return property("user").value_or(""); }
std::string JdbcUrl::password() const { return property("password").value_or(""); }

Duration JdbcUrl::login_timeout() const {
  auto value = property("loginTimeout");
  if (!value) return kDriverDefaultLoginTimeout;
  auto seconds = parse_int(*value);
  // 0 means "the default" to the driver; parse_jdbc_url rejected anything unparsable.
  if (!seconds || *seconds <= 0) return kDriverDefaultLoginTimeout;
  return std::chrono::seconds(*seconds);
}

std::string JdbcUrl::to_string() const {
  std::string out(kPrefix);
  out += host;
  // Appended piecewise: GCC 12 reports a false -Wrestrict for `":" + std::to_string(...)` at -O3.
  out += ':';
  out += std::to_string(port);
  for (const auto& [key, value] : properties) {
    out += ";" + key + "=";
    if (key == "password") {
      out += "***";
    } else if (value.find(';') != std::string::npos || value.find('}') != std::string::npos) {
      out += "{";
      for (char c : value) out += (c == '}') ? std::string("}}") : std::string(1, c);
      out += "}";
    } else {
      out += value;
    }
  }
  return out;
}

Result<JdbcUrl> parse_jdbc_url(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return bad(text, "must start with 'jdbc:sqlserver://'");
  }
  JdbcUrl url;
  std::string_view rest = text.substr(kPrefix.size());
  const auto authority_end = rest.find(';');
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end + 1);

  if (authority.find('\\') != std::string_view::npos) {
    return bad(text, "names an instance ('\\'); Azure SQL Database has no named instances");
  }
  std::optional<int> authority_port;
  if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    auto port = parse_port(text, authority.substr(colon + 1));
    if (!port.ok()) return port.status();
    authority_port = *port;
    authority = authority.substr(0, colon);
  }
  if (!valid_host(authority)) return bad(text, "host '" + std::string(authority) + "' is not a DNS name");
  url.host = ascii_lower(authority);

  // Properties: key=value pairs separated by ';', values optionally in braces.
  std::size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == ';' || std::isspace(static_cast<unsigned char>(rest[i])) != 0) {
      ++i;
      continue;
    }
    const auto eq = rest.find('=', i);
    const auto semi = rest.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      const auto end = semi == std::string_view::npos ? rest.size() : semi;
      return bad(text, "property '" + std::string(trim(rest.substr(i, end - i))) + "' has no '='");
    }
    const std::string_view raw_key = trim(rest.substr(i, eq - i));
    if (raw_key.empty()) return bad(text, "a property has an empty name");
    std::size_t j = eq + 1;
    while (j < rest.size() && rest[j] == ' ') ++j;
    std::string value;
    if (j < rest.size() && rest[j] == '{') {
      ++j;
      bool closed = false;
      while (j < rest.size()) {
        if (rest[j] == '}') {
          if (j + 1 < rest.size() && rest[j + 1] == '}') {
            value += '}';
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        value += rest[j++];
      }
      if (!closed) return bad(text, "the value of property '" + std::string(raw_key) + "' has an unclosed '{'");
      while (j < rest.size() && rest[j] == ' ') ++j;
      if (j < rest.size() && rest[j] != ';') {
        return bad(text, "unexpected text after the braced value of property '" + std::string(raw_key) + "'");
      }
    } else {
      const auto end = rest.find(';', j);
      value = std::string(trim(rest.substr(j, (end == std::string_view::npos ? rest.size() : end) - j)));
      j = end == std::string_view::npos ? rest.size() : end;
    }
    i = j;

    const std::string key = canonical_jdbc_key(raw_key);
    auto [it, inserted] = url.properties.emplace(key, value);
    if (!inserted) {
      return bad(text, "property '" + std::string(raw_key) + "' is given more than once (keys are "
                       "case-insensitive; 'database' and 'databaseName' are the same)");
    }
  }

  if (auto server = url.property("serverName")) {
    const std::string named = ascii_lower(*server);
    if (!url.host.empty() && named != url.host) {
      return bad(text, "serverName '" + *server + "' contradicts host '" + url.host + "'");
    }
    if (!valid_host(named)) return bad(text, "serverName '" + *server + "' is not a DNS name");
    url.host = named;
    url.properties.erase("servername");
  }
  if (url.host.empty()) return bad(text, "names no host");

  url.port = authority_port.value_or(kDefaultSqlPort);
  if (auto port_property = url.property("portNumber")) {
    auto port = parse_port(text, *port_property);
    if (!port.ok()) return port.status();
    if (authority_port && *authority_port != *port) {
      return bad(text, "portNumber " + *port_property + " contradicts port " + std::to_string(*authority_port));
    }
    url.port = *port;
    url.properties.erase("portnumber");
  }
  if (auto timeout = url.property("loginTimeout")) {
    auto seconds = parse_int(*timeout);
    if (!seconds || *seconds < 0) {
      return bad(text, "loginTimeout '" + *timeout + "' is not a whole number of seconds");
    }
  }
  if (auto database = url.property("databaseName"); database && database->empty()) {
    return bad(text, "databaseName is empty");
  }
  return url;
}

}  // namespace drdrill::sql
