#include "serve/state_directory.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "serve/atomic_file.h"

namespace drdrill::serve {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

}  // namespace

Result<StateDirectory> open_state_directory(const fs::path& dir_in, const std::string& scenario_name,
                                            const Json& topology) {
  std::error_code ec;
  const fs::path dir = fs::absolute(dir_in, ec);
  if (ec) return Status::Unavailable("--state-dir " + dir_in.string() + ": " + ec.message());
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("--state-dir: cannot create " + dir.string() + ": " + ec.message());
  const fs::path manifest = dir / kStateManifestName;

  if (!fs::exists(manifest, ec)) {
    if (!fs::is_empty(dir, ec) || ec) {
      return Status::InvalidArgument("--state-dir " + dir.string() + ": not a drdrill state directory (it has files but no " +
                                     kStateManifestName + "); give a new or empty directory");
    }
    const Json doc = {{"format", kStateFormat}, {"scenario", scenario_name}, {"runs", 1}, {"topology", topology}};
    DRDRILL_RETURN_IF_ERROR(write_file_atomically(manifest, doc.dump(2) + "\n"));
    return StateDirectory{dir, false, 1};
  }

  std::ifstream in(manifest, std::ios::binary);
  if (!in) return Status::Unavailable(manifest.string() + ": cannot read the state manifest");
  std::ostringstream text;
  text << in.rdbuf();
  const Json doc = Json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("format") || !doc["format"].is_number_integer()) {
    return Status::InvalidArgument(manifest.string() + ": not a drdrill state manifest; give another --state-dir");
  }
  const int format = doc["format"].get<int>();
  if (format != kStateFormat) {
    return Status::InvalidArgument(manifest.string() + ": state format " + std::to_string(format) + ", this drdrill reads format " +
                                   std::to_string(kStateFormat) + "; give another --state-dir");
  }
  const std::string owner = doc.value("scenario", "");
  if (owner != scenario_name) {
    return Status::InvalidArgument(manifest.string() + ": this state directory belongs to scenario '" + owner +
                                   "', not '" + scenario_name + "'; give another --state-dir");
  }
  const Json kept = doc.value("topology", Json::object());
  if (kept != topology) {
    const Json patch = Json::diff(kept, topology);
    const std::string where = patch.empty() ? std::string("/") : patch.front().value("path", std::string("/"));
    return Status::InvalidArgument(manifest.string() + ": this state directory belongs to scenario '" + owner +
                                   "' with another topology (it differs at /topology" + where +
                                   "); give another --state-dir");
  }
  Json updated = doc;
  const std::int64_t run = (doc.contains("runs") && doc["runs"].is_number_integer() ? doc["runs"].get<std::int64_t>() : 1) + 1;
  updated["runs"] = run;
  DRDRILL_RETURN_IF_ERROR(write_file_atomically(manifest, updated.dump(2) + "\n"));
  return StateDirectory{dir, true, run};
}

}  // namespace drdrill::serve
