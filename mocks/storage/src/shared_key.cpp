#include "storage/shared_key.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <list>
#include <string>
#include <utility>
#include <vector>

#include "core/ascii_case.h"
#include "http/url.h"
#include "storage/crypto.h"

namespace drdrill::storage {

namespace {

// Sort weights of the .NET en-US culture for the ASCII range, three levels (primary, case,
// special), as tabulated in the JS client's SharedKeyComparator. Weight 0 means "ignored at this
// level"; 1 marks the end of a string.
struct CultureWeights {
  std::array<std::uint32_t, 128> primary{};
  std::array<std::uint32_t, 128> case_level{};
  std::array<std::uint32_t, 128> special{};
};

constexpr CultureWeights make_culture_weights() {
  CultureWeights w{};
  // Punctuation with a primary weight; the rest of the punctuation (space, '"', '\'', '(', ')',
  // ',', '-', '/', ':'-'@', '[', '\\', ']', '{', '}') is ignored at this level.
  w.primary['!'] = 0x71c;
  w.primary['#'] = 0x71f;
  w.primary['$'] = 0x721;
  w.primary['%'] = 0x723;
  w.primary['&'] = 0x725;
  w.primary['*'] = 0x72d;
  w.primary['+'] = 0x803;
  w.primary['.'] = 0x733;
  w.primary['^'] = 0x743;
  w.primary['_'] = 0x744;
  w.primary['`'] = 0x748;
  w.primary['|'] = 0x74c;
  w.primary['~'] = 0x750;
  constexpr std::array<std::uint32_t, 10> kDigits = {0xd03, 0xd1a, 0xd1c, 0xd1e, 0xd20,
                                                     0xd22, 0xd24, 0xd26, 0xd28, 0xd2a};
  for (int i = 0; i < 10; ++i) w.primary['0' + i] = kDigits[static_cast<std::size_t>(i)];
  constexpr std::array<std::uint32_t, 26> kLetters = {0xe02, 0xe09, 0xe0a, 0xe1a, 0xe21, 0xe23, 0xe25, 0xe2c, 0xe32,
                                                      0xe35, 0xe36, 0xe48, 0xe51, 0xe70, 0xe7c, 0xe7e, 0xe89, 0xe8a,
                                                      0xe91, 0xe99, 0xe9f, 0xea2, 0xea4, 0xea6, 0xea7, 0xea9};
  for (int i = 0; i < 26; ++i) {
    w.primary['a' + i] = kLetters[static_cast<std::size_t>(i)];
    w.primary['A' + i] = kLetters[static_cast<std::size_t>(i)];
    w.case_level['A' + i] = 0x12;
  }
  w.special['\''] = 0x8012;
  w.special['-'] = 0x8212;
  return w;
}

constexpr CultureWeights kCulture = make_culture_weights();

std::uint32_t weight(const std::array<std::uint32_t, 128>& table, std::string_view s, std::size_t i) {
  if (i >= s.size()) return 1;  // end of string
  const auto c = static_cast<unsigned char>(s[i]);
  // Outside ASCII the table says nothing; order such bytes after all tabulated characters.
  return c < 128 ? table[c] : 0x10000u + c;
}

}  // namespace

bool shared_key_header_less(std::string_view a, std::string_view b) {
  const std::array<const std::array<std::uint32_t, 128>*, 3> levels = {&kCulture.primary, &kCulture.case_level,
                                                                       &kCulture.special};
  std::size_t level = 0, i = 0, j = 0;
  while (level < levels.size()) {
    // At the last level, strings whose ignorable characters sit at different places differ by that.
    if (level == levels.size() - 1 && i != j) return i > j;
    const std::uint32_t wa = weight(*levels[level], a, i);
    const std::uint32_t wb = weight(*levels[level], b, j);
    if (wa == 1 && wb == 1) {
      i = j = 0;
      ++level;
    } else if (wa == wb) {
      ++i;
      ++j;
    } else if (wa == 0) {
      ++i;
    } else if (wb == 0) {
      ++j;
    } else {
      return wa < wb;
    }
  }
  return false;
}

namespace {

bool has_upper_or_trailing_blank(std::string_view name) {
  if (!name.empty() && (name.back() == ' ' || name.back() == '\t')) return true;
  return std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A small vector on the stack: a request has a handful of headers and query parameters, and this
// runs twice per request (the client signs, the service verifies), so no heap for the usual case.
template <typename T, std::size_t N>
class SmallVector {
 public:
  void push_back(T value) {
    if (size_ < N) {
      inline_[size_] = std::move(value);
    } else {
      if (spill_.empty()) spill_.assign(std::make_move_iterator(inline_.begin()), std::make_move_iterator(inline_.end()));
      spill_.push_back(std::move(value));
    }
    ++size_;
  }
  T* begin() { return size_ <= N ? inline_.data() : spill_.data(); }
  T* end() { return begin() + size_; }
  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return begin()[i]; }

 private:
  std::array<T, N> inline_{};
  std::vector<T> spill_;
  std::size_t size_ = 0;
};

void append_canonicalized_headers(std::string& out, const http::Headers& headers) {
  struct Entry {
    std::string_view name;  // lower-case: the header's own spelling, or one of `lowered`
    std::string_view value;
  };
  // Names spelled with capitals (or trailing blanks) need a lower-cased copy; the clients drdrill
  // runs send them lower-case already, so usually nothing is copied. Reserved up front: the views
  // must not move.
  std::vector<std::string> lowered;
  SmallVector<Entry, 8> entries;
  // One entry per name: the first field of that name.
  for (const auto& [name, value] : headers) {
    // Only x-ms-* headers are signed; skip the rest before lower-casing anything (trimming the
    // name's end cannot change its first five characters, so this is the same test as below).
    if (name.size() < 5 || !http::iequals(std::string_view(name).substr(0, 5), "x-ms-")) continue;
    std::string_view lname = name;
    if (has_upper_or_trailing_blank(name)) {
      if (lowered.capacity() == 0) lowered.reserve(headers.size());
      std::string& copy = lowered.emplace_back(ascii_lower(name));
      while (!copy.empty() && (copy.back() == ' ' || copy.back() == '\t')) copy.pop_back();
      lname = copy;
    }
    if (!lname.starts_with("x-ms-")) continue;
    const bool seen = std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == lname; });
    if (!seen) entries.push_back(Entry{lname, value});
  }
  // Insertion sort: a handful of headers, and the comparator is not a textbook strict weak order,
  // so no std::sort.
  for (std::size_t k = 1; k < entries.size(); ++k) {
    for (std::size_t m = k; m > 0 && shared_key_header_less(entries[m].name, entries[m - 1].name); --m) {
      std::swap(entries[m], entries[m - 1]);
    }
  }
  for (const Entry& e : entries) {
    std::string_view v = e.value;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    out += e.name;
    out += ':';
    out += v;
    out += '\n';
  }
}

void append_canonicalized_resource(std::string& out, std::string_view account, std::string_view raw_path,
                                   std::string_view raw_query) {
  out += '/';
  out += account;
  out += raw_path.empty() ? std::string_view("/") : raw_path;
  if (raw_query.empty()) return;
  // (lower-cased name, decoded value), sorted by name then value: the same order as a map from
  // name to its sorted values, and each name's values come out comma-joined. Every request is
  // signed and verified, and most names are lower case already and most values hold no escape:
  // those are views of the query itself, and only the others are copied, into `changed` (a list,
  // so its strings stay where the views point as more are added).
  std::list<std::string> changed;
  std::vector<std::pair<std::string_view, std::string_view>> params;
  params.reserve(static_cast<std::size_t>(std::count(raw_query.begin(), raw_query.end(), '&')) + 1);
  while (!raw_query.empty()) {
    const auto amp = raw_query.find('&');
    const std::string_view item = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size() || item.find('=', eq + 1) != std::string_view::npos) {
      continue;
    }
    std::string_view name = item.substr(0, eq);
    if (std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      name = changed.emplace_back(ascii_lower(name));
    }
    // The router has refused malformed escapes before a signature is checked; should one get here,
    // it is signed as sent.
    std::string_view value = item.substr(eq + 1);
    if (value.find('%') != std::string_view::npos) {
      if (auto decoded = http::percent_decode(value); decoded.ok()) value = changed.emplace_back(std::move(decoded).value());
    }
    params.emplace_back(name, value);
  }
  std::sort(params.begin(), params.end());
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (k > 0 && params[k].first == params[k - 1].first) {
      out += ',';
    } else {
      out += '\n';
      out += params[k].first;
      out += ':';
    }
    out += params[k].second;
  }
}

// Views into the request's headers, not copies, appended into one buffer: every request drdrill
// sends is signed, and every one the Blob service receives is verified, so this runs twice per
// request. The eleven standard headers are found in one pass over the fields rather than one scan
// each.
void append_string_to_sign(std::string& out, const http::Request& request, std::string_view account,
                           std::string_view raw_path) {
  enum Line : std::size_t {
    kContentEncoding, kContentLanguage, kContentLength, kContentMd5, kContentType, kDate,
    kIfModifiedSince, kIfMatch, kIfNoneMatch, kIfUnmodifiedSince, kRange, kLines
  };
  static constexpr std::array<std::string_view, kLines> kNames = {
      "Content-Encoding", "Content-Language", "Content-Length",      "Content-MD5", "Content-Type", "Date",
      "If-Modified-Since", "If-Match",        "If-None-Match",       "If-Unmodified-Since", "Range"};
  std::array<std::string_view, kLines> lines{};
  std::array<bool, kLines> found{};
  for (const auto& [name, value] : request.headers) {
    // Every standard name starts with 'C', 'D', 'I' or 'R' (either case); x-ms-* and Host do not.
    const char first = static_cast<char>(name.empty() ? 0 : (name[0] | 0x20));
    if (first != 'c' && first != 'd' && first != 'i' && first != 'r') continue;
    for (std::size_t i = 0; i < kLines; ++i) {
      if (!found[i] && http::iequals(name, kNames[i])) {  // the first field of a name, as Headers::get
        lines[i] = value;
        found[i] = true;
        break;
      }
    }
  }
  if (lines[kContentLength] == "0") lines[kContentLength] = {};
  const std::string_view query = request.query();
  out.reserve(out.size() + 256 + account.size() + raw_path.size() + query.size());
  out += http::to_string(request.method);
  for (const std::string_view line : lines) {
    out += '\n';
    out += line;
  }
  out += '\n';
  append_canonicalized_headers(out, request.headers);
  append_canonicalized_resource(out, account, raw_path, query);
}

// The calling thread's buffer for a string to sign that is only MACed, never kept: signing and
// verifying reuse its capacity instead of allocating per request.
std::string& scratch_string_to_sign() {
  thread_local std::string buffer;
  buffer.clear();
  return buffer;
}

}  // namespace

std::string shared_key_string_to_sign(const http::Request& request, std::string_view account,
                                      std::string_view raw_path) {
  std::string out;
  append_string_to_sign(out, request, account, raw_path);
  return out;
}

std::string shared_key_signature(std::string_view key, std::string_view string_to_sign) {
  return std::string(as_string_view(base64_encode(hmac_sha256_digest(key, string_to_sign))));
}

void sign_shared_key(http::Request& request, std::string_view account, std::string_view key) {
  std::string& to_sign = scratch_string_to_sign();
  append_string_to_sign(to_sign, request, account, request.path());
  const Sha256Base64 signature = base64_encode(hmac_sha256_digest(key, to_sign));
  std::string authorization;
  authorization.reserve(10 + account.size() + 1 + signature.size());
  authorization.append("SharedKey ").append(account).append(":").append(as_string_view(signature));
  request.headers.set("Authorization", std::move(authorization));
}

std::optional<BlobError> verify_shared_key(const http::Request& request, const Account& account,
                                           const BlobAddress& address) {
  std::string_view credential = request.headers.get("Authorization").value_or("");
  credential.remove_prefix(std::min(credential.size(), std::string_view("SharedKey ").size()));
  const auto colon = credential.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == credential.size()) {
    return errors::authentication_failed("The Authorization header is not of the form 'SharedKey <account>:<signature>'.");
  }
  const std::string_view claimed_account = credential.substr(0, colon);
  const std::string_view signature = credential.substr(colon + 1);
  if (claimed_account != account.name()) {
    return errors::authentication_failed("The account name '" + std::string(claimed_account) +
                                         "' in the Authorization header does not match the account '" +
                                         account.name() + "' the request is for.");
  }
  if (!request.headers.has("x-ms-date") && !request.headers.has("Date")) {
    return errors::authentication_failed("Request date header not specified.");
  }

  const std::string_view sent_path = request.path();
  std::string unsuffixed_path;  // path style on the secondary: the path with "-secondary" removed
  if (address.secondary && !address.host_style) {
    // "/acct-secondary/c/b" -> "/acct/c/b"
    const auto end_of_account = sent_path.find('/', 1);
    unsuffixed_path.append("/").append(account.name()).append(
        end_of_account == std::string_view::npos ? std::string_view{} : sent_path.substr(end_of_account));
  }
  const bool two_paths = address.secondary && !address.host_style;
  for (int p = 0; p < (two_paths ? 2 : 1); ++p) {
    std::string& to_sign = scratch_string_to_sign();
    append_string_to_sign(to_sign, request, account.name(), p == 0 ? sent_path : unsuffixed_path);
    for (const std::string& key : account.signing_keys()) {
      if (constant_time_equals(as_string_view(base64_encode(hmac_sha256_digest(key, to_sign))), signature)) {
        return std::nullopt;
      }
    }
  }
  return errors::authentication_failed(
      "The MAC signature found in the HTTP request '" + std::string(signature) +
      "' is not the same as any computed signature. Server used following string to sign: '" +
      shared_key_string_to_sign(request, account.name(), sent_path) + "'.");
}

}  // namespace drdrill::storage
