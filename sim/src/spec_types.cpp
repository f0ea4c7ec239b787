// Building blocks of the scenario spec: type constructors, string formats, and the wording of what
// a type expects.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "spec.h"

namespace drdrill::sim::spec {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

template <typename Pred>
bool all_of(std::string_view v, Pred pred) {
  return std::all_of(v.begin(), v.end(), pred);
}

bool check_name(std::string_view v) {
  return !v.empty() && v.size() <= 100 && is_alnum(v[0]) &&
         all_of(v, [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool check_region(std::string_view v) {
  return !v.empty() && v.size() <= 50 && v[0] >= 'a' && v[0] <= 'z' &&
         all_of(v, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool check_storage_account(std::string_view v) {
  return v.size() >= 3 && v.size() <= 24 && all_of(v, is_lower_alnum);
}

bool check_container(std::string_view v) {
  return v.size() >= 3 && v.size() <= 63 && is_lower_alnum(v.front()) && is_lower_alnum(v.back()) &&
         all_of(v, [](char c) { return is_lower_alnum(c) || c == '-'; }) && v.find("--") == std::string_view::npos;
}

bool check_sql_server(std::string_view v) {
  return !v.empty() && v.size() <= 63 && is_lower_alnum(v.front()) && is_lower_alnum(v.back()) &&
         all_of(v, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool check_sql_database(std::string_view v) {
  return !v.empty() && v.size() <= 128 && (is_alnum(v[0]) || v[0] == '_') &&
         all_of(v, [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool check_hive_identifier(std::string_view v) {
  return !v.empty() && v.size() <= 128 && is_ident_start(v[0]) && all_of(v, is_ident_char);
}

bool check_table_name(std::string_view v) {
  const std::size_t dot = v.find('.');
  return dot != std::string_view::npos && check_hive_identifier(v.substr(0, dot)) &&
         check_hive_identifier(v.substr(dot + 1));
}

bool check_workspace_path(std::string_view v) {
  if (v.size() < 2 || v.front() != '/' || v.back() == '/') return false;
  return v.find("//") == std::string_view::npos;
}

bool is_segment_char(char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; }

// "/seg/seg..." with at least one segment of `segment_char`s.
template <typename Pred>
bool check_segments(std::string_view v, Pred segment_char) {
  if (v.empty() || v.front() != '/') return false;
  std::size_t i = 0;
  while (i < v.size()) {
    if (v[i] != '/') return false;
    std::size_t j = i + 1;
    while (j < v.size() && v[j] != '/') {
      if (!segment_char(v[j])) return false;
      ++j;
    }
    if (j == i + 1) return false;  // empty segment
    i = j;
  }
  return true;
}

bool check_mount_point(std::string_view v) {
  return v.starts_with("/mnt/") && check_segments(v.substr(4), is_segment_char);
}

bool check_non_blank(std::string_view v) {
  return std::any_of(v.begin(), v.end(), [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; });
}

bool check_secret_name(std::string_view v) {
  return !v.empty() && v.size() <= 128 && all_of(v, is_segment_char);
}

bool check_secret_path(std::string_view v) {
  const std::size_t slash = v.find('/');
  return slash != std::string_view::npos && check_secret_name(v.substr(0, slash)) &&
         check_secret_name(v.substr(slash + 1));
}

bool check_abfss(std::string_view v) {
  constexpr std::string_view kScheme = "abfss://";
  constexpr std::string_view kHost = ".dfs.core.windows.net";
  if (!v.starts_with(kScheme)) return false;
  v.remove_prefix(kScheme.size());
  const std::size_t at = v.find('@');
  if (at == std::string_view::npos || !check_container(v.substr(0, at))) return false;
  v.remove_prefix(at + 1);
  const std::size_t host = v.find(kHost);
  if (host == std::string_view::npos) return false;
  std::string_view account = v.substr(0, host);
  if (account.ends_with("-secondary")) account.remove_suffix(std::string_view("-secondary").size());
  if (!check_storage_account(account)) return false;
  const std::string_view path = v.substr(host + kHost.size());
  return path.empty() || path.front() == '/';
}

bool check_table_location(std::string_view v) {
  if (v.starts_with("dbfs:/mnt/")) {
    return check_segments(v.substr(9), [](char c) { return is_segment_char(c) || c == '='; });
  }
  return check_abfss(v);
}

bool check_jdbc_prefix(std::string_view v) { return v.starts_with("jdbc:sqlserver://"); }

bool check_repoint_jdbc(std::string_view v) { return v == "auto" || check_jdbc_prefix(v); }

bool is_cron_char(char c) {
  return is_alnum(c) || c == '*' || c == '?' || c == ',' || c == '/' || c == '#' || c == '-';
}

bool check_quartz_cron(std::string_view v) {
  std::size_t fields = 0;
  std::size_t i = 0;
  while (i <= v.size()) {
    std::size_t j = i;
    while (j < v.size() && v[j] != ' ') {
      if (!is_cron_char(v[j])) return false;
      ++j;
    }
    if (j == i) return false;  // empty field (leading, trailing or double space)
    ++fields;
    i = j + 1;
  }
  return fields == 6 || fields == 7;
}

std::string format_number(double value) {
  if (value == static_cast<double>(static_cast<long long>(value))) return std::to_string(static_cast<long long>(value));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

}  // namespace

const StringFormat kNameFormat{"name", "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 100",
                               "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", check_name};
const StringFormat kRegionFormat{"region name", "lower-case letters, digits and '-', starting with a letter",
                                 "^[a-z][a-z0-9-]{0,49}$", check_region};
const StringFormat kStorageAccountFormat{"storage account name", "3-24 lower-case letters and digits",
                                         "^[a-z0-9]{3,24}$", check_storage_account};
const StringFormat kContainerFormat{
    "container name", "3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit",
    "^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", check_container};
const StringFormat kSqlServerFormat{
    "SQL server name", "1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen",
    "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", check_sql_server};
const StringFormat kSqlDatabaseFormat{"SQL database name",
                                      "letters, digits, '_', '.' or '-', starting with a letter, digit or '_'",
                                      "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", check_sql_database};
const StringFormat kTableNameFormat{"table name", "<database>.<table>, each a Hive identifier",
                                    "^[A-Za-z_][A-Za-z0-9_]{0,127}\\.[A-Za-z_][A-Za-z0-9_]{0,127}$", check_table_name};
const StringFormat kHiveIdentifierFormat{"Hive identifier", "letters, digits and '_', not starting with a digit",
                                         "^[A-Za-z_][A-Za-z0-9_]{0,127}$", check_hive_identifier};
const StringFormat kWorkspacePathFormat{"workspace path", "an absolute path like \"/Shared/etl/load\"",
                                        "^(/[^/]+)+$", check_workspace_path};
const StringFormat kMountPointFormat{"mount point", "\"/mnt/<name>\"", "^/mnt(/[A-Za-z0-9_.-]+)+$",
                                     check_mount_point};
const StringFormat kNonEmptyFormat{"text", "not empty or blank", "\\S", check_non_blank};
const StringFormat kSecretNameFormat{"secret scope or key name", "1-128 letters, digits, '.', '_' or '-'",
                                     "^[A-Za-z0-9_.-]{1,128}$", check_secret_name};
const StringFormat kSecretPathFormat{"secret", "\"<scope>/<key>\"", "^[A-Za-z0-9_.-]{1,128}/[A-Za-z0-9_.-]{1,128}$",
                                     check_secret_path};
const StringFormat kAbfssFormat{
    "ADLS Gen2 URI", "abfss://<container>@<account>[-secondary].dfs.core.windows.net[/<path>]",
    "^abfss://(?![^@]*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]@[a-z0-9]{3,24}(-secondary)?\\.dfs\\.core\\.windows\\.net(/.*)?$",
    check_abfss};
const StringFormat kTableLocationFormat{
    "table location", "abfss://<container>@<account>.dfs.core.windows.net/<path> or dbfs:/mnt/<mount>/<path>",
    "^(abfss://(?![^@]*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]@[a-z0-9]{3,24}(-secondary)?\\.dfs\\.core\\.windows\\.net(/.*)?"
    "|dbfs:/mnt(/[A-Za-z0-9_.=-]+)+)$",
    check_table_location};
const StringFormat kJdbcUrlFormat{"JDBC URL", "jdbc:sqlserver://<host>[:<port>][;<key>=<value>]...",
                                  "^jdbc:sqlserver://", check_jdbc_prefix};
const StringFormat kRepointJdbcFormat{"JDBC URL or \"auto\"", "\"auto\" or jdbc:sqlserver://...",
                                      "^(auto$|jdbc:sqlserver://)", check_repoint_jdbc};
const StringFormat kQuartzCronFormat{"Quartz cron expression",
                                     "6 or 7 space-separated fields, like \"0 */15 * * * ?\"",
                                     "^[0-9A-Za-z*?,/#-]+( [0-9A-Za-z*?,/#-]+){5,6}$", check_quartz_cron};

std::vector<const StringFormat*> all_string_formats() {
  return {&kNameFormat,       &kRegionFormat,      &kStorageAccountFormat, &kContainerFormat,
          &kSqlServerFormat,  &kSqlDatabaseFormat, &kTableNameFormat,      &kHiveIdentifierFormat,
          &kWorkspacePathFormat, &kMountPointFormat, &kNonEmptyFormat,     &kSecretNameFormat,
          &kSecretPathFormat, &kAbfssFormat,       &kTableLocationFormat,  &kJdbcUrlFormat,
          &kRepointJdbcFormat, &kQuartzCronFormat};
}

Field&& Field::fallback(std::string_view json_literal) && {
  nlohmann::json value = nlohmann::json::parse(json_literal, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    std::fprintf(stderr, "drdrill: the default of scenario field \"%s\" is not JSON: %.*s\n", key.c_str(),
                 static_cast<int>(json_literal.size()), json_literal.data());
    std::abort();  // a programming error in the spec table, caught by every test
  }
  default_value = std::move(value);
  return std::move(*this);
}

const Field* ObjectSpec::find(std::string_view k) const {
  for (const Field& f : fields) {
    if (f.key == k) return &f;
  }
  return nullptr;
}

void TaggedSpec::seal() {
  std::vector<std::string> tags;
  for (const Variant& v : variants) tags.push_back(v.tag_value);
  tag_field = field(tag, enum_type(std::move(tags)), tag_description);
  if (default_tag) {
    tag_field.default_value = nlohmann::json(*default_tag);
  } else {
    tag_field.required = true;
  }
}

const Variant* TaggedSpec::variant(std::string_view tag_value) const {
  for (const Variant& v : variants) {
    if (v.tag_value == tag_value) return &v;
  }
  return nullptr;
}

Type string_type(const StringFormat* format) {
  Type t;
  t.kind = TypeKind::kString;
  t.format = format;
  return t;
}

Type enum_type(std::vector<std::string> values) {
  Type t;
  t.kind = TypeKind::kEnum;
  t.values = std::move(values);
  return t;
}

Type int_enum_type(std::vector<std::int64_t> values) {
  Type t;
  t.kind = TypeKind::kIntEnum;
  t.int_values = std::move(values);
  return t;
}

Type bool_type() {
  Type t;
  t.kind = TypeKind::kBool;
  return t;
}

Type integer_type(double min, double max) {
  Type t;
  t.kind = TypeKind::kInteger;
  t.min = min;
  t.max = max;
  t.has_min = true;
  t.has_max = true;
  return t;
}

Type number_type(double min, bool exclusive_min, std::optional<double> max) {
  Type t;
  t.kind = TypeKind::kNumber;
  t.min = min;
  t.has_min = true;
  t.exclusive_min = exclusive_min;
  if (max) {
    t.max = *max;
    t.has_max = true;
  }
  return t;
}

Type duration_type(bool positive) {
  Type t;
  t.kind = TypeKind::kDuration;
  t.positive = positive;
  return t;
}

Type end_type() {
  Type t;
  t.kind = TypeKind::kEnd;
  return t;
}

Type timestamp_type() {
  Type t;
  t.kind = TypeKind::kTimestamp;
  return t;
}

Type distribution_type(Quantity quantity) {
  Type t;
  t.kind = TypeKind::kDistribution;
  t.quantity = quantity;
  return t;
}

Type object_type(const ObjectSpec& spec) {
  Type t;
  t.kind = TypeKind::kObject;
  t.object = &spec;
  return t;
}

Type tagged_type(const TaggedSpec& spec) {
  Type t;
  t.kind = TypeKind::kTagged;
  t.tagged = &spec;
  return t;
}

Type array_type(Type items, std::size_t min_items) {
  Type t;
  t.kind = TypeKind::kArray;
  t.items = std::make_shared<const Type>(std::move(items));
  t.min_items = min_items;
  return t;
}

Type map_type(Type values, const StringFormat* key_format) {
  Type t;
  t.kind = TypeKind::kMap;
  t.items = std::make_shared<const Type>(std::move(values));
  t.format = key_format;
  return t;
}

Field field(std::string key, Type type, std::string description) {
  Field f;
  f.key = std::move(key);
  f.type = std::move(type);
  f.description = std::move(description);
  return f;
}

namespace {

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\"" + values[i] + "\"";
  }
  return out;
}

std::string range_text(const Type& type, bool integer) {
  const std::string noun = integer ? "an integer" : "a number";
  if (type.has_min && type.has_max) {
    if (type.exclusive_min) return noun + " greater than " + format_number(type.min) + " and at most " + format_number(type.max);
    return noun + " from " + format_number(type.min) + " to " + format_number(type.max);
  }
  if (type.has_min) return noun + (type.exclusive_min ? " greater than " : " of at least ") + format_number(type.min);
  return noun;
}

}  // namespace

std::string describe_expected(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString:
      if (type.format == nullptr) return "a string";
      return "a " + std::string(type.format->name) + " (" + std::string(type.format->expected) + ")";
    case TypeKind::kEnum:
      return "one of " + quoted_list(type.values);
    case TypeKind::kIntEnum: {
      std::string out = "one of ";
      for (std::size_t i = 0; i < type.int_values.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(type.int_values[i]);
      }
      return out;
    }
    case TypeKind::kBool:
      return "true or false";
    case TypeKind::kInteger:
      return range_text(type, true);
    case TypeKind::kNumber:
      return range_text(type, false);
    case TypeKind::kDuration:
      return type.positive ? "a duration greater than zero, like \"90s\" or \"15min\""
                           : "a duration like \"90s\" or \"15min\"";
    case TypeKind::kEnd:
      return "a time since the drill's start like \"8h\", or \"never\"";
    case TypeKind::kTimestamp:
      return "a UTC timestamp like \"2026-01-01T00:00:00Z\"";
    case TypeKind::kDistribution:
      return type.quantity == Quantity::kDuration
                 ? "a distribution of durations: a duration like \"2min\", or an object with one key of "
                   "\"constant\", \"uniform\", \"exponential\", \"lognormal\", \"triangular\""
                 : "a distribution of positive numbers: a number, or an object with one key of "
                   "\"constant\", \"uniform\", \"exponential\", \"lognormal\", \"triangular\"";
    case TypeKind::kObject:
      return "an object (" + type.object->name + ")";
    case TypeKind::kTagged:
      return "an object (" + type.tagged->name + ")";
    case TypeKind::kArray:
      return "an array";
    case TypeKind::kMap:
      return "an object mapping names to values";
  }
  return "a value";
}

std::string describe_type(const Type& type) {
  switch (type.kind) {
    case TypeKind::kString:
      return type.format == nullptr ? "string" : "string (" + std::string(type.format->name) + ")";
    case TypeKind::kEnum:
      return "one of " + quoted_list(type.values);
    case TypeKind::kIntEnum:
      return describe_expected(type);
    case TypeKind::kBool:
      return "boolean";
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      return range_text(type, type.kind == TypeKind::kInteger).substr(type.kind == TypeKind::kInteger ? 3 : 2);
    case TypeKind::kDuration:
      return type.positive ? "duration > 0" : "duration";
    case TypeKind::kEnd:
      return "time since start, or \"never\"";
    case TypeKind::kTimestamp:
      return "UTC timestamp";
    case TypeKind::kDistribution:
      return type.quantity == Quantity::kDuration ? "distribution of durations" : "distribution of numbers > 0";
    case TypeKind::kObject:
      return "[`" + type.object->name + "`](#" + type.object->name + ")";
    case TypeKind::kTagged:
      return "[`" + type.tagged->name + "`](#" + type.tagged->name + ")";
    case TypeKind::kArray:
      return "array of " + describe_type(*type.items) + (type.min_items > 0 ? " (at least " + std::to_string(type.min_items) + ")" : "");
    case TypeKind::kMap:
      return "object of " + describe_type(*type.items);
  }
  return "value";
}

}  // namespace drdrill::sim::spec
