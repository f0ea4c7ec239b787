#include <gtest/gtest.h>

#include <algorithm>

#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::SimWorld;

constexpr const char* kSpec =
    R"({"cluster_name":"etl","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":2})";

class ClustersApi : public ::testing::Test {
 protected:
  std::string create(const std::string& spec = kSpec) {
    const Json created = SimWorld::ok_json(world_.client.post("/api/2.1/clusters/create", spec));
    return created.value("cluster_id", "");
  }
  std::string state_of(const std::string& id) {
    return SimWorld::ok_json(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id)).value("state", "");
  }
  // Runs simulated time until the cluster reaches `state` (bounded to a simulated day).
  void run_until_state(const std::string& id, const std::string& state) {
    for (int i = 0; i < 24 * 60 && state_of(id) != state; ++i) world_.run_for(1min);
    ASSERT_EQ(state_of(id), state);
  }

  SimWorld world_;
};

TEST_F(ClustersApi, CreateReturnsAnIdShapedLikeTheRealOnes) {
  const std::string id = create();
  // "MMDD-HHMMSS-" of the creation time, then 8 of [a-z0-9]. (No std::regex: GCC 12 warns
  // falsely inside it at -O2.)
  ASSERT_EQ(id.size(), 20u) << id;
  EXPECT_EQ(id.substr(0, 12), "0101-000000-");
  EXPECT_TRUE(std::all_of(id.begin() + 12, id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
      << id;
}

TEST_F(ClustersApi, GetDescribesAPendingClusterByteForByte) {
  const std::string id = create();
  const http::Response response = world_.client.get("/api/2.1/clusters/get?cluster_id=" + id);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            R"({"cluster_id":")" + id + R"(","cluster_name":"etl","cluster_source":"API",)"
            R"("creator_user_name":"drill@example.com","default_tags":{"ClusterId":")" + id +
                R"(","ClusterName":"etl","Creator":"drill@example.com","Vendor":"Databricks"},)"
                R"("node_type_id":"Standard_DS3_v2","num_workers":2,"spark_version":"13.3.x-scala2.12",)"
                R"("start_time":1767225600000,"state":"PENDING",)"
                R"("state_message":"Finding instances for new nodes, acquiring more instances if necessary"})");
}

TEST_F(ClustersApi, AnswersAMissingClusterWith400InvalidParameterValueAsTheRealServiceDoes) {
  const http::Response response = world_.client.get("/api/2.1/clusters/get?cluster_id=0101-000000-nope0000");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Cluster 0101-000000-nope0000 does not exist"})");
  EXPECT_EQ(world_.client.post("/api/2.1/clusters/start", R"({"cluster_id":"x"})").status, 400);
}

TEST_F(ClustersApi, RefusesACreateWithoutSparkVersion) {
  const http::Response response =
      world_.client.post("/api/2.1/clusters/create", R"({"cluster_name":"x","node_type_id":"n","num_workers":1})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Missing required field: spark_version"})");
}

TEST_F(ClustersApi, RefusesASparkConfValueThatIsNotAString) {
  const http::Response response = world_.client.post(
      "/api/2.1/clusters/create",
      R"({"spark_version":"13.3.x-scala2.12","node_type_id":"n","num_workers":1,"spark_conf":{"a":1}})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("MALFORMED_REQUEST"), std::string::npos);
}

TEST_F(ClustersApi, StartingARunningClusterIsInvalidStateWithTheRealMessage) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  const http::Response response = world_.client.post("/api/2.1/clusters/start", R"({"cluster_id":")" + id + R"("})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"error_code":"INVALID_STATE","message":"Cluster )" + id + R"( is in unexpected state Running."})");
}

TEST_F(ClustersApi, RestartResizeAndEditArePendingClusterInvalidState) {
  const std::string id = create();
  const std::string body = R"({"cluster_id":")" + id + R"("})";
  EXPECT_NE(world_.client.post("/api/2.1/clusters/restart", body).body.find("unexpected state Pending."),
            std::string::npos);
  EXPECT_EQ(world_.client.post("/api/2.1/clusters/resize", R"({"cluster_id":")" + id + R"(","num_workers":4})").status,
            400);
  const std::string edit = R"({"cluster_id":")" + id +
                           R"(","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":1})";
  EXPECT_NE(world_.client.post("/api/2.1/clusters/edit", edit).body.find("INVALID_STATE"), std::string::npos);
}

TEST_F(ClustersApi, DeleteTerminatesAsAUserRequestAndIsANoOpWhenRepeated) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  const std::string body = R"({"cluster_id":")" + id + R"("})";
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/delete", body).body, "{}");
  EXPECT_EQ(state_of(id), "TERMINATING");
  EXPECT_EQ(world_.client.post("/api/2.1/clusters/delete", body).status, 200);
  run_until_state(id, "TERMINATED");
  const Json cluster = SimWorld::ok_json(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id));
  EXPECT_EQ(cluster["termination_reason"],
            Json::parse(R"({"code":"USER_REQUEST","type":"SUCCESS","parameters":{"username":"drill@example.com"}})"));
  EXPECT_TRUE(cluster.contains("terminated_time"));
  EXPECT_EQ(world_.client.post("/api/2.1/clusters/delete", body).status, 200);
}

TEST_F(ClustersApi, StartOfATerminatedClusterGoesThroughPendingToRunning) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  const std::string body = R"({"cluster_id":")" + id + R"("})";
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/delete", body).status, 200);
  run_until_state(id, "TERMINATED");
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/start", body).body, "{}");
  EXPECT_EQ(state_of(id), "PENDING");
  run_until_state(id, "RUNNING");
  EXPECT_FALSE(SimWorld::ok_json(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id)).contains("termination_reason"));
}

TEST_F(ClustersApi, PermanentDeleteRemovesTheClusterFromGetAndList) {
  const std::string id = create();
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/permanent-delete", R"({"cluster_id":")" + id + R"("})").status, 200);
  EXPECT_EQ(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id).status, 400);
  EXPECT_EQ(world_.client.get("/api/2.1/clusters/list").body, "{}");
}

TEST_F(ClustersApi, ResizeOfARunningClusterPassesThroughResizing) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/resize", R"({"cluster_id":")" + id + R"(","num_workers":8})").status,
            200);
  EXPECT_EQ(state_of(id), "RESIZING");
  run_until_state(id, "RUNNING");
  EXPECT_EQ(SimWorld::ok_json(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id))["num_workers"], 8);
}

TEST_F(ClustersApi, EditOfATerminatedClusterReplacesItsSpecAndLeavesItTerminated) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/delete", R"({"cluster_id":")" + id + R"("})").status, 200);
  run_until_state(id, "TERMINATED");
  const std::string edit = R"({"cluster_id":")" + id +
                           R"(","cluster_name":"etl-dr","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2",)"
                           R"("num_workers":1,"spark_conf":{"k":"v"}})";
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/edit", edit).status, 200);
  const Json cluster = SimWorld::ok_json(world_.client.get("/api/2.1/clusters/get?cluster_id=" + id));
  EXPECT_EQ(cluster["state"], "TERMINATED");
  EXPECT_EQ(cluster["cluster_name"], "etl-dr");
  EXPECT_EQ(cluster["spark_conf"]["k"], "v");
}

TEST_F(ClustersApi, EditOfARunningClusterRestartsIt) {
  const std::string id = create();
  run_until_state(id, "RUNNING");
  const std::string edit = R"({"cluster_id":")" + id +
                           R"(","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":1})";
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/edit", edit).status, 200);
  EXPECT_EQ(state_of(id), "RESTARTING");
  run_until_state(id, "RUNNING");
}

TEST_F(ClustersApi, ListPagesInClusterIdOrder) {
  const std::string a = create();
  world_.run_for(1s);
  const std::string b = create();
  world_.run_for(1s);
  const std::string c = create();
  const Json first = SimWorld::ok_json(world_.client.get("/api/2.1/clusters/list?page_size=2"));
  ASSERT_EQ(first["clusters"].size(), 2u);
  EXPECT_EQ(first["clusters"][0]["cluster_id"], a);
  EXPECT_EQ(first["clusters"][1]["cluster_id"], b);
  const std::string token = first.value("next_page_token", "");
  const Json second = SimWorld::ok_json(world_.client.get("/api/2.1/clusters/list?page_size=2&page_token=" + token));
  ASSERT_EQ(second["clusters"].size(), 1u);
  EXPECT_EQ(second["clusters"][0]["cluster_id"], c);
  EXPECT_FALSE(second.contains("next_page_token"));
  EXPECT_EQ(SimWorld::ok_json(world_.client.get("/api/2.1/clusters/list"))["clusters"].size(), 3u);
}

// What @databricks/sdk-experimental 0.17.0 sends for clusters.list({filter_by: {cluster_states:
// ["RUNNING", "PENDING"]}}): the nested object flattened into dotted names, one pair per element.
TEST_F(ClustersApi, ListFiltersByStatesAsTheSdkFlattensThem) {
  const std::string running = create();
  run_until_state(running, "RUNNING");
  const std::string terminated = create();
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/delete", R"({"cluster_id":")" + terminated + R"("})").status, 200);
  run_until_state(terminated, "TERMINATED");
  const std::string pending = create();

  const Json live = SimWorld::ok_json(world_.client.get(
      "/api/2.1/clusters/list?filter_by.cluster_states=RUNNING&filter_by.cluster_states=PENDING"));
  ASSERT_EQ(live["clusters"].size(), 2u);
  EXPECT_EQ(live["clusters"][0]["cluster_id"], running);
  EXPECT_EQ(live["clusters"][1]["cluster_id"], pending);

  const Json stopped = SimWorld::ok_json(world_.client.get("/api/2.1/clusters/list?filter_by.cluster_states=TERMINATED"));
  ASSERT_EQ(stopped["clusters"].size(), 1u);
  EXPECT_EQ(stopped["clusters"][0]["cluster_id"], terminated);
  // Nothing matches: no "clusters" key, as for an empty workspace.
  EXPECT_EQ(world_.client.get("/api/2.1/clusters/list?filter_by.cluster_states=RESIZING").body, "{}");
}

TEST_F(ClustersApi, ListFiltersBySourceAndPinningAndPagesThroughTheMatchesOnly) {
  const std::string a = create();
  world_.run_for(1s);
  const std::string b = create();
  ASSERT_EQ(world_.client.post("/api/2.1/clusters/delete", R"({"cluster_id":")" + a + R"("})").status, 200);
  run_until_state(a, "TERMINATED");
  world_.run_for(1s);
  const std::string c = create();

  EXPECT_EQ(SimWorld::ok_json(world_.client.get("/api/2.1/clusters/list?filter_by.cluster_sources=API"))["clusters"].size(), 3u);
  EXPECT_EQ(world_.client.get("/api/2.1/clusters/list?filter_by.cluster_sources=JOB").body, "{}");
  EXPECT_EQ(world_.client.get("/api/2.1/clusters/list?filter_by.is_pinned=true").body, "{}");

  // Page size counts matching clusters only: b and c are the live ones, one per page.
  const std::string live = "/api/2.1/clusters/list?filter_by.cluster_states=PENDING&filter_by.cluster_states=RUNNING&page_size=1";
  const Json first = SimWorld::ok_json(world_.client.get(live));
  ASSERT_EQ(first["clusters"].size(), 1u);
  EXPECT_EQ(first["clusters"][0]["cluster_id"], b);
  const Json second = SimWorld::ok_json(world_.client.get(live + "&page_token=" + first.value("next_page_token", "")));
  ASSERT_EQ(second["clusters"].size(), 1u);
  EXPECT_EQ(second["clusters"][0]["cluster_id"], c);
  EXPECT_FALSE(second.contains("next_page_token"));
}

TEST_F(ClustersApi, ListRefusesAnUnknownStateInTheFilter) {
  const http::Response response = world_.client.get("/api/2.1/clusters/list?filter_by.cluster_states=STARTING");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Invalid cluster state: STARTING"})");
}

}  // namespace
}  // namespace drdrill::databricks
