// The direct JSON writer against nlohmann's dump, byte for byte: data files and Delta log entries
// were written through nlohmann objects, and their bytes (sizes in the log, the ledger and the
// replication figures) must not change. Each reference below is the nlohmann code the writer
// replaced.

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lakehouse/data_file.h"
#include "lakehouse/delta_log.h"
#include "lakehouse/json_writer.h"

namespace drdrill::lakehouse {
namespace {

using Json = nlohmann::json;

std::string nlohmann_dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string written_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string written_double(double value) {
  std::string out;
  append_json_double(out, value);
  return out;
}

// Shows the failing input as bytes (it may be invalid UTF-8).
std::string hex(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
    out += ' ';
  }
  return out;
}

void expect_string_as_nlohmann(std::string_view text) {
  EXPECT_EQ(written_string(text), nlohmann_dump(std::string(text))) << "input bytes: " << hex(text);
}

TEST(JsonWriter, WritesEverySingleByteStringAsNlohmannDoes) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    expect_string_as_nlohmann(std::string_view(&c, 1));
    expect_string_as_nlohmann("a" + std::string(1, c) + "b");
  }
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(written_string("a\"b\\c\nd\te\x01\x1f\x7f"), R"("a\"b\\c\nd\te\u0001\u001f)" "\x7f\"");
  expect_string_as_nlohmann(std::string("nul\0inside", 10));
  expect_string_as_nlohmann("\b\f\r\n\t\x0b\x1b");
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesEachInvalidSequenceAsNlohmannDoes) {
  const std::vector<std::string> cases = {
      "caf\xC3\xA9",                     // 2-byte
      "\xE2\x82\xAC euro",               // 3-byte
      "\xF0\x9F\x98\x80 smile",          // 4-byte
      "\xEF\xBF\xBF\xF4\x8F\xBF\xBF",    // U+FFFF, U+10FFFF
      "\x80",                            // stray continuation
      "\xC0\xAF",                        // overlong
      "\xC1\xBF",                        // overlong
      "\xE0\x80\x80",                    // overlong 3-byte
      "\xE0\x9F\xBF",                    // overlong 3-byte, top
      "\xED\xA0\x80",                    // surrogate
      "\xED\x9F\xBF",                    // last before the surrogates (valid)
      "\xF0\x80\x80\x80",                // overlong 4-byte
      "\xF0\x8F\xBF\xBF",                // overlong 4-byte, top
      "\xF4\x90\x80\x80",                // above U+10FFFF
      "\xF5\x80\x80\x80",                // F5 never starts a sequence
      "\xFF\xFE",                        //
      "ab\xC3",                          // cut short at the end
      "ab\xE2\x82",                      // cut short at the end
      "ab\xF0\x9F\x98",                  // cut short at the end
      "\xE2\x82x",                       // broken by ASCII: the ASCII byte stays
      "\xE2\x82\"",                      // broken by a quote: the quote is escaped
      "\xE2\x82\n",                      // broken by a control character
      "\xE2\xC3\xA9",                    // broken by the start of a valid sequence
      "\xC3\xC3\xA9",                    // the same, 2-byte
      "\xF0\x9F\xF0\x9F\x98\x80",        // a cut 4-byte then a whole one
      "\xE0\xA0",                        // lead with its special second byte, cut short
      "x\xED\xBF\xBF" "y",               // surrogate, top
  };
  for (const std::string& c : cases) expect_string_as_nlohmann(c);
}

TEST(JsonWriter, WritesRandomByteStringsAsNlohmannDoes) {
  std::mt19937 rng(20261126);  // fixed seed: the same strings every run
  // Bytes weighted towards the interesting ones: lead bytes, continuations, controls, quotes.
  const std::string alphabet =
      "aZ09 \"\\\x01\x1f\x7f\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xdf\xe0\xe1\xec\xed\xee\xef\xf0\xf1\xf3\xf4\xf5\xff";
  std::uniform_int_distribution<std::size_t> length(0, 12);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> any_byte(0, 255);
  for (int n = 0; n < 50000; ++n) {
    std::string text;
    const std::size_t len = length(rng);
    for (std::size_t i = 0; i < len; ++i) {
      text += n % 2 == 0 ? alphabet[pick(rng)] : static_cast<char>(any_byte(rng));
    }
    const std::string expected = nlohmann_dump(text);
    const std::string actual = written_string(text);
    ASSERT_EQ(actual, expected) << "input bytes: " << hex(text);
  }
}

TEST(JsonWriter, WritesIntegersAsNlohmannDoes) {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{42}, std::int64_t{1000000},
                         std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    std::string out;
    append_json_int(out, v);
    EXPECT_EQ(out, nlohmann_dump(v));
  }
}

TEST(JsonWriter, WritesDoublesAsNlohmannDoes) {
  const std::vector<double> cases = {0.0,
                                     -0.0,
                                     1.0,
                                     -1.0,
                                     0.1,
                                     0.3,
                                     1.5,
                                     123456.0,
                                     1e15,
                                     1e16,
                                     1e17,
                                     123456789012345678.0,
                                     1e-4,
                                     1e-5,
                                     0.00012345,
                                     1e21,
                                     1e300,
                                     5e-324,
                                     2.2250738585072014e-308,
                                     std::numeric_limits<double>::max(),
                                     std::numeric_limits<double>::lowest(),
                                     std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity()};
  for (double v : cases) EXPECT_EQ(written_double(v), nlohmann_dump(v)) << v;
  std::mt19937_64 rng(7);
  for (int n = 0; n < 20000; ++n) {
    const std::uint64_t bits = rng();
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    ASSERT_EQ(written_double(v), nlohmann_dump(v)) << bits;
    const double whole = static_cast<double>(static_cast<std::int64_t>(bits >> (n % 64)));
    ASSERT_EQ(written_double(whole), nlohmann_dump(whole)) << whole;
  }
}

TEST(JsonObjectWriter, SeparatesFieldsAndNestsMaps) {
  std::string out;
  JsonObjectWriter object(out);
  object.bool_field("a", true);
  object.string_map_field("b", {{"x", "1"}, {"y", "\"2\""}});
  object.string_map_field("c", {});
  object.int_field("d", -3);
  object.end();
  EXPECT_EQ(out, R"({"a":true,"b":{"x":"1","y":"\"2\""},"c":{},"d":-3})");
  std::string empty;
  JsonObjectWriter nothing(empty);
  nothing.end();
  EXPECT_EQ(empty, "{}");
}

// --- data files ---

// What encode_data_file replaced.
std::string nlohmann_data_file(const std::vector<DeltaField>& schema, const std::vector<std::vector<Value>>& rows) {
  const auto to_json = [](const Value& v) -> Json {
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
  };
  std::string out;
  for (const auto& row : rows) {
    Json j = Json::object();
    for (std::size_t i = 0; i < schema.size() && i < row.size(); ++i) {
      if (!is_null(row[i])) j[schema[i].name] = to_json(row[i]);
    }
    out += nlohmann_dump(j);
    out += '\n';
  }
  return out;
}

TEST(DataFile, IsWrittenByteForByteAsNlohmannObjectsWereWritten) {
  const std::vector<DeltaField> schema = {{"payload", DataType::kString, true, ""},
                                          {"id", DataType::kBigint, true, ""},
                                          {"amount", DataType::kDouble, true, ""},
                                          {"ok", DataType::kBoolean, true, ""},
                                          {"day", DataType::kDate, true, ""},
                                          {"Zed", DataType::kInt, true, ""},
                                          {"caf\xC3\xA9", DataType::kString, true, ""},
                                          {"q\"uote", DataType::kString, true, ""}};
  const std::vector<std::vector<Value>> rows = {
      {Value(std::string("row-1")), Value(std::int64_t{1}), Value(1.0), Value(false), Value(std::string("2026-01-01")),
       Value(std::int64_t{-7}), Value(std::string("\xE2\x82")), Value(std::string("a\nb"))},
      {Value{}, Value(std::int64_t{2}), Value{}, Value(true), Value{}, Value{}, Value{}, Value{}},
      {Value{}, Value{}, Value{}, Value{}, Value{}, Value{}, Value{}, Value{}},
      {Value(std::string("short row"))},
      {},
      {Value(std::string("\x01\x7f\xff")), Value(std::numeric_limits<std::int64_t>::min()), Value(0.1),
       Value(std::numeric_limits<double>::quiet_NaN()), Value(std::string("")), Value(std::int64_t{0}), Value(-0.0),
       Value(std::string("\xF0\x9F\x98\x80"))},
  };
  EXPECT_EQ(encode_data_file(schema, rows), nlohmann_data_file(schema, rows));
  EXPECT_EQ(encode_data_file(schema, {}), "");
  EXPECT_EQ(encode_data_file({}, {{}, {Value(std::int64_t{1})}}), "{}\n{}\n");
}

TEST(DataFile, WritesTheLaterNonNullValueOfTwoFieldsSharingANameAsNlohmannDid) {
  const std::vector<DeltaField> schema = {{"b", DataType::kBigint, true, ""},
                                          {"a", DataType::kBigint, true, ""},
                                          {"b", DataType::kString, true, ""},
                                          {"a", DataType::kString, true, ""}};
  const std::vector<std::vector<Value>> rows = {
      {Value(std::int64_t{1}), Value(std::int64_t{2}), Value(std::string("x")), Value(std::string("y"))},
      {Value(std::int64_t{1}), Value(std::int64_t{2}), Value{}, Value{}},
      {Value{}, Value(std::int64_t{2}), Value(std::string("x")), Value{}},
      {Value(std::int64_t{1}), Value(std::int64_t{2}), Value(std::string("x"))},
  };
  const std::string file = encode_data_file(schema, rows);
  EXPECT_EQ(file, nlohmann_data_file(schema, rows));
  EXPECT_EQ(file.substr(0, file.find('\n')), R"({"a":"y","b":"x"})");
}

TEST(DataFile, RowWriterWritesWhatEncodeWritesForRowsWithoutNulls) {
  const std::vector<DeltaField> schema = {{"payload", DataType::kString, true, ""}, {"id", DataType::kBigint, true, ""},
                                          {"ok", DataType::kBoolean, true, ""},     {"amount", DataType::kDouble, true, ""},
                                          {"id", DataType::kString, true, ""},      {"day", DataType::kDate, true, ""}};
  const auto value_of = [](std::size_t field, std::int64_t n) -> Value {
    switch (field) {
      case 0: return Value("row-" + std::to_string(n));
      case 1: return Value(n);
      case 2: return Value(n % 2 == 0);
      case 3: return Value(static_cast<double>(n) / 3);
      case 4: return Value("dup\"" + std::to_string(n));
      default: return Value(std::string("2026-01-01"));
    }
  };
  std::vector<std::vector<Value>> rows;
  std::string written;
  const DataFileRowWriter writer(schema);
  for (std::int64_t n = -2; n < 40; ++n) {
    std::vector<Value> row;
    for (std::size_t f = 0; f < schema.size(); ++f) row.push_back(value_of(f, n));
    writer.add_row(written, [&](std::size_t field, std::string& out) {
      const Value v = value_of(field, n);
      if (const auto* i = std::get_if<std::int64_t>(&v)) append_json_int(out, *i);
      if (const auto* b = std::get_if<bool>(&v)) append_json_bool(out, *b);
      if (const auto* d = std::get_if<double>(&v)) append_json_double(out, *d);
      if (const auto* t = std::get_if<std::string>(&v)) append_json_string(out, *t);
    });
    rows.push_back(std::move(row));
  }
  EXPECT_EQ(written, encode_data_file(schema, rows));
  EXPECT_EQ(written, nlohmann_data_file(schema, rows));
}

TEST(DataFile, ReadsBackWhatItWrites) {
  const std::vector<DeltaField> schema = {{"id", DataType::kBigint, true, ""},
                                          {"payload", DataType::kString, true, ""},
                                          {"amount", DataType::kDouble, true, ""}};
  const std::vector<std::vector<Value>> rows = {{Value(std::int64_t{3}), Value(std::string("row-3")), Value(2.5)},
                                                {Value(std::int64_t{4}), Value{}, Value{}}};
  auto read = decode_data_file(schema, encode_data_file(schema, rows), "abfss://x");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, rows);
}

// --- Delta log entries ---

// What encode_commit replaced.
std::string nlohmann_commit(const DeltaCommit& commit) {
  std::string out;
  if (commit.commit_info) {
    const DeltaCommitInfo& ci = *commit.commit_info;
    Json info{{"timestamp", ci.timestamp_ms},
              {"operation", ci.operation},
              {"operationParameters", ci.operation_parameters},
              {"isBlindAppend", ci.is_blind_append},
              {"engineInfo", ci.engine_info}};
    if (ci.read_version) info["readVersion"] = *ci.read_version;
    if (!ci.operation_metrics.empty()) info["operationMetrics"] = ci.operation_metrics;
    if (!ci.cluster_id.empty()) info["clusterId"] = ci.cluster_id;
    out += nlohmann_dump(Json{{"commitInfo", std::move(info)}}) + "\n";
  }
  if (commit.protocol) {
    out += nlohmann_dump(Json{{"protocol",
                               {{"minReaderVersion", commit.protocol->min_reader_version},
                                {"minWriterVersion", commit.protocol->min_writer_version}}}}) +
           "\n";
  }
  if (commit.metadata) {
    const DeltaMetadata& m = *commit.metadata;
    out += nlohmann_dump(Json{{"metaData",
                               {{"id", m.id},
                                {"format", {{"provider", "json"}, {"options", Json::object()}}},
                                {"schemaString", schema_string(m.schema)},
                                {"partitionColumns", Json::array()},
                                {"configuration", m.configuration},
                                {"createdTime", m.created_time_ms}}}}) +
           "\n";
  }
  for (const DeltaRemoveFile& r : commit.removes) {
    out += nlohmann_dump(Json{
               {"remove", {{"path", r.path}, {"deletionTimestamp", r.deletion_timestamp_ms}, {"dataChange", r.data_change}}}}) +
           "\n";
  }
  for (const DeltaAddFile& a : commit.adds) {
    out += nlohmann_dump(Json{{"add",
                               {{"path", a.path},
                                {"partitionValues", Json::object()},
                                {"size", a.size_bytes},
                                {"modificationTime", a.modification_time_ms},
                                {"dataChange", a.data_change},
                                {"stats", nlohmann_dump(Json{{"numRecords", a.num_records}})}}}}) +
           "\n";
  }
  return out;
}

TEST(DeltaLogEncoding, WritesEveryActionAsNlohmannDid) {
  DeltaCommit full;
  full.version = 3;
  DeltaCommitInfo info;
  info.timestamp_ms = 1767225600123;
  info.operation = "WRITE";
  info.operation_parameters = {{"mode", "Append"}, {"partitionBy", "[]"}};
  info.read_version = 2;
  info.is_blind_append = true;
  info.operation_metrics = {{"numFiles", "1"}, {"numOutputRows", "1000"}, {"numOutputBytes", "38890"}};
  info.cluster_id = "0101-000000-abc\"d\xC3";
  full.commit_info = info;
  full.protocol = DeltaProtocol{1, 2};
  DeltaMetadata m;
  m.id = "a1b2";
  m.schema = {{"id", DataType::kBigint, true, ""}, {"payload", DataType::kString, false, "what \"it\" says"}};
  m.created_time_ms = 17;
  m.configuration = {{"delta.appendOnly", "true"}, {"a\tb", "\x80"}};
  full.metadata = m;
  full.removes = {{"part-0.json", 5, true}, {"part-1.json", 6, false}};
  DeltaAddFile add;
  add.path = "part-00000-\xE2\x82\xAC.json";
  add.size_bytes = 38890;
  add.modification_time_ms = 1767225600123;
  add.num_records = 1000;
  full.adds = {add, add};
  full.adds[1].data_change = false;
  full.adds[1].num_records = -1;
  EXPECT_EQ(encode_commit(full), nlohmann_commit(full));

  DeltaCommit bare;  // no optional parts at all
  bare.commit_info = DeltaCommitInfo{};
  EXPECT_EQ(encode_commit(bare), nlohmann_commit(bare));
  EXPECT_EQ(encode_commit(DeltaCommit{}), "");

  auto parsed = parse_commit(3, encode_commit(full), "00000000000000000003.json");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->adds.size(), 2u);
  EXPECT_EQ(parsed->adds[0].num_records, 1000);
  EXPECT_EQ(parsed->commit_info->operation_metrics, info.operation_metrics);
}

}  // namespace
}  // namespace drdrill::lakehouse
