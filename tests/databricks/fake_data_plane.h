#pragma once
// Test helper: a DataPlane that records every session it opens and whose sessions succeed or fail
// as the test says (the metastore or storage "unavailable").

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "databricks/data_plane.h"

namespace drdrill::databricks::testing {

class FakeDataPlane final : public DataPlane {
 public:
  explicit FakeDataPlane(const Clock& clock) : clock_(clock) {}

  struct Session final : ClusterDataSession {
    Session(FakeDataPlane& owner, ClusterDataConfig opened_with) : plane(owner), config(std::move(opened_with)) {}
    Result<AcknowledgedWrite> insert_rows(std::string_view table, std::int64_t rows) override {
      if (!plane.available) return Status::Unavailable("metastore unreachable from " + config.cluster_id);
      plane.rows[std::string(table)] += rows;
      AcknowledgedWrite w;
      w.store = "sql:fake/hms";
      w.object = std::string(table);
      w.rows = rows;
      w.bytes = rows * 100;
      w.acknowledged_at = plane.clock_.now();
      return w;
    }
    Result<std::int64_t> count_rows(std::string_view table) override {
      if (!plane.available) return Status::Unavailable("metastore unreachable");
      const auto it = plane.rows.find(std::string(table));
      return it == plane.rows.end() ? 0 : it->second;
    }
    FakeDataPlane& plane;
    ClusterDataConfig config;
  };

  std::shared_ptr<ClusterDataSession> open_session(const ClusterDataConfig& config) override {
    opened.push_back(config);
    return std::make_shared<Session>(*this, config);
  }

  bool available = true;
  std::vector<ClusterDataConfig> opened;
  std::map<std::string, std::int64_t> rows;

 private:
  const Clock& clock_;
};

}  // namespace drdrill::databricks::testing
