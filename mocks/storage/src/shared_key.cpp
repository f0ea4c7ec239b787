#include "storage/shared_key.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "storage/crypto.h"
#include "http/url.h"

namespace drdrill::storage {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

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

std::string canonicalized_headers(const http::Headers& headers) {
  // One entry per name: the first field of that name.
  std::vector<std::pair<std::string, std::string_view>> entries;
  for (const auto& [name, value] : headers) {
    // Only x-ms-* headers are signed; skip the rest before lower-casing anything (trimming the
    // name's end cannot change its first five characters, so this is the same test as below).
    if (name.size() < 5 || !http::iequals(std::string_view(name).substr(0, 5), "x-ms-")) continue;
    std::string lname = to_lower(name);
    while (!lname.empty() && (lname.back() == ' ' || lname.back() == '\t')) lname.pop_back();
    if (!lname.starts_with("x-ms-")) continue;
    const bool seen = std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.first == lname; });
    if (!seen) entries.emplace_back(std::move(lname), value);
  }
  // Insertion sort: a handful of headers, and the comparator is not a textbook strict weak order,
  // so no std::sort.
  for (std::size_t k = 1; k < entries.size(); ++k) {
    for (std::size_t m = k; m > 0 && shared_key_header_less(entries[m].first, entries[m - 1].first); --m) {
      std::swap(entries[m], entries[m - 1]);
    }
  }
  std::string out;
  for (const auto& [name, value] : entries) {
    std::string_view v = value;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    out += name;
    out += ':';
    out += v;
    out += '\n';
  }
  return out;
}

std::string canonicalized_resource(std::string_view account, std::string_view raw_path,
                                   std::string_view raw_query) {
  std::string out = "/";
  out += account;
  out += raw_path.empty() ? std::string_view("/") : raw_path;
  std::map<std::string, std::vector<std::string>> params;  // ordered by lower-cased name
  while (!raw_query.empty()) {
    const auto amp = raw_query.find('&');
    const std::string_view item = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size() || item.find('=', eq + 1) != std::string_view::npos) {
      continue;
    }
    // The router has refused malformed escapes before a signature is checked; should one get here,
    // it is signed as sent.
    const std::string_view raw_value = item.substr(eq + 1);
    auto value = http::percent_decode(raw_value);
    params[to_lower(item.substr(0, eq))].push_back(value.ok() ? std::move(value).value() : std::string(raw_value));
  }
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out += '\n';
    out += name;
    out += ':';
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (k > 0) out += ',';
      out += values[k];
    }
  }
  return out;
}

std::string shared_key_string_to_sign(const http::Request& request, std::string_view account,
                                      std::string_view raw_path) {
  // Views into the request's headers, not copies: every request drdrill sends is signed, and
  // every one the Blob service receives is verified, so this runs twice per request.
  const auto header = [&](std::string_view name) { return request.headers.get(name).value_or(std::string_view{}); };
  std::string_view content_length = header("Content-Length");
  if (content_length == "0") content_length = {};
  std::string out;
  out.reserve(256 + request.target.size());
  out += http::to_string(request.method);
  for (const std::string_view line :
       {header("Content-Encoding"), header("Content-Language"), content_length, header("Content-MD5"),
        header("Content-Type"), header("Date"), header("If-Modified-Since"), header("If-Match"),
        header("If-None-Match"), header("If-Unmodified-Since"), header("Range")}) {
    out += '\n';
    out += line;
  }
  out += '\n';
  out += canonicalized_headers(request.headers);
  out += canonicalized_resource(account, raw_path, request.query());
  return out;
}

std::string shared_key_signature(std::string_view key, std::string_view string_to_sign) {
  return base64_encode(hmac_sha256(key, string_to_sign));
}

void sign_shared_key(http::Request& request, std::string_view account, std::string_view key) {
  const std::string signature =
      shared_key_signature(key, shared_key_string_to_sign(request, account, request.path()));
  request.headers.set("Authorization", "SharedKey " + std::string(account) + ":" + signature);
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

  std::vector<std::string> paths = {std::string(request.path())};
  if (address.secondary && !address.host_style) {
    // "/acct-secondary/c/b" -> "/acct/c/b"
    const std::string_view raw = request.path();
    const auto end_of_account = raw.find('/', 1);
    paths.push_back("/" + account.name() +
                    std::string(end_of_account == std::string_view::npos ? std::string_view{} : raw.substr(end_of_account)));
  }
  for (const std::string& path : paths) {
    const std::string to_sign = shared_key_string_to_sign(request, account.name(), path);
    for (const std::string& key : account.signing_keys()) {
      if (constant_time_equals(shared_key_signature(key, to_sign), signature)) return std::nullopt;
    }
  }
  return errors::authentication_failed(
      "The MAC signature found in the HTTP request '" + std::string(signature) +
      "' is not the same as any computed signature. Server used following string to sign: '" +
      shared_key_string_to_sign(request, account.name(), paths.front()) + "'.");
}

}  // namespace drdrill::storage
